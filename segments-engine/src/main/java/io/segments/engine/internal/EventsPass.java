package io.segments.engine.internal;

import io.segments.engine.sql.Dialect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * One pass over {@code events}, shared by the members query and the query of many points: the events a scope
 * admits in a time range, with {@code uid}, {@code name}, {@code ts}, each field the predicates read (extracted
 * from the JSON once per event, or its typed slot's columns) and, for each aggregated field, its exact decimal
 * ({@code d<n>}) and double ({@code g<n>}) forms. Predicates over the pass read its columns through
 * {@link #projected}.
 */
final class EventsPass {
    private final RowSql rows;
    private final Dialect dialect;
    private final Map<JsonField, String> fields = new LinkedHashMap<>();
    private final Map<JsonField, Integer> numeric = new LinkedHashMap<>();

    EventsPass(RowSql rows, Dialect dialect) {
        this.rows = requireNonNull(rows, "rows is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** The pass projects the fields {@code predicate} reads. */
    void read(RowPredicate predicate) {
        RowFields.of(predicate, this::field);
    }

    private String field(JsonField field) {
        return fields.computeIfAbsent(field, f -> "f" + fields.size());
    }

    /** The pass computes the numeric forms of {@code field}; answers their number {@code n}. */
    int number(JsonField field) {
        field(field);
        return numeric.computeIfAbsent(field, f -> numeric.size());
    }

    /** The number {@code n} of {@code field}'s numeric forms in the pass. */
    int numberOf(JsonField field) {
        return requireNonNull(numeric.get(field), "no numeric forms of " + field);
    }

    /**
     * The pass as a query: the events passing {@code scope} with {@code from <= ts <= to}. A time range that
     * leaves events out lets the store skip whole blocks of them.
     */
    String relation(RowPredicate scope, long from, long to) {
        return relation(scope, from, to, "");
    }

    /** {@link #relation(RowPredicate, long, long)}, the events also passing {@code where} (SQL on {@code x}) when given. */
    String relation(RowPredicate scope, long from, long to, String where) {
        RowSql.RowContext raw = rows.eventsContext("x");
        StringJoiner inner = new StringJoiner(", ");
        inner.add(rows.column("x", "uid")).add(rows.column("x", "name")).add(rows.column("x", "ts"));
        for (Map.Entry<JsonField, String> f : fields.entrySet()) {
            FieldSql field = raw.field(f.getKey());
            if (field instanceof FieldSql.Typed t) {
                inner.add(t.kind() + " AS " + q(f.getValue() + "_k"));
                inner.add(t.decimal() + " AS " + q(f.getValue() + "_d"));
                inner.add(t.text() + " AS " + q(f.getValue() + "_s"));
            } else {
                inner.add(((FieldSql.Json) field).value() + " AS " + q(f.getValue()));
            }
        }
        String sql = "SELECT " + inner + " FROM " + q("events") + " AS " + q("x") + " WHERE " + rows.where(scope, raw)
                + " AND " + rows.timeBetween(rows.column("x", "ts"), from, to) + (where.isEmpty() ? "" : " AND " + where);
        if (numeric.isEmpty()) {
            return sql;
        }
        RowSql.RowContext v = projected("v");
        StringJoiner middle = new StringJoiner(", ");
        middle.add(q("v") + ".*");
        for (Map.Entry<JsonField, Integer> n : numeric.entrySet()) {
            FieldSql field = v.field(n.getKey());
            middle.add(rows.exactNumber(field) + " AS " + q("d" + n.getValue()));
            middle.add(rows.approximateNumber(field) + " AS " + q("g" + n.getValue()));
        }
        return "SELECT " + middle + " FROM (" + sql + ") AS " + q("v");
    }

    /** The columns of the pass under {@code alias}, for predicates on its events. */
    RowSql.RowContext projected(String alias) {
        return new RowSql.RowContext(rows.column(alias, "name"), rows.column(alias, "ts"), null, null, field -> {
            String name = requireNonNull(fields.get(field), "unprojected field");
            if (rows.slot(field).isPresent()) {
                return new FieldSql.Typed(rows.column(alias, name + "_k"), rows.column(alias, name + "_d"),
                        rows.column(alias, name + "_s"), rows.exactNumbersOnly(field));
            }
            return new FieldSql.Json(rows.column(alias, name));
        });
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }
}

package io.segments.engine.internal;

import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.store.TypedColumns;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * Renders the queries of funnel and event reports. Event filters are {@link RowPredicate}s made
 * by {@link Lowering#eventMatch}, so they mean what they mean in a segment. Only events of live
 * users count, and with a member restriction only those of the given users.
 */
public final class ReportPrinter {
    private static final String EVENTS = "events";
    private static final String USERS = "users";

    private final SqlPrinter printer;
    private final Dialect dialect;

    private final TypedColumns typed;

    private ReportPrinter(Dialect dialect, TypedColumns typed) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.typed = requireNonNull(typed, "typed is null");
        this.printer = new SqlPrinter(dialect, OptionalLong.empty(), typed);
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private String col(String relation, String column) {
        return printer.column(relation, column);
    }

    /** The events {@code x} of live users, of {@code members} when given. */
    private String eventsOfUsers(Optional<int[]> members) {
        return q(EVENTS) + " AS " + q("x") + " JOIN " + q(USERS) + " AS " + q("u") + " ON " + col("u", "uid") + " = "
                + col("x", "uid") + " AND " + col("u", "merged_into") + " IS NULL"
                + members.map(m -> " AND " + dialect.uidIn(col("x", "uid"), printer.bind(m))).orElse("");
    }

    /** The breakdown value of the event {@code x} of user {@code u}, as a key (see {@link Dialect#jsonKey}). */
    private String key(JsonField field) {
        if (field.document() == JsonField.Document.USER_TRAITS) {
            return dialect.jsonKey(dialect.jsonValue(col("u", "traits"), field.keys(), printer::bind));
        }
        String value = dialect.jsonValue(col("x", "props"), field.keys(), printer::bind);
        if (field.keys().size() > 1) {
            return dialect.jsonKey(value); // a nested field: always in the document
        }
        // a top-level property: in the document, or (rows written since its event name gave it a slot) in the slot
        StringBuilder slotted = new StringBuilder();
        for (TypedColumns.Scope scope : typed.scopes()) {
            if (scope.document() == TypedColumns.Document.EVENT_PROPERTIES) {
                typed.slot(scope, field.keys().get(0)).ifPresent(i -> slotted.append(" WHEN ")
                        .append(printer.bind(scope.event())).append(" THEN ").append(dialect.jsonOfSlot(
                                col("x", TypedColumns.kindColumn(i)), col("x", TypedColumns.decimalColumn(i)),
                                col("x", TypedColumns.textColumn(i)))));
            }
        }
        return dialect.jsonKey(slotted.isEmpty() ? value
                : "COALESCE(" + value + ", CASE " + col("x", "name") + slotted + " END)");
    }

    /**
     * A funnel: a user enters with their first event passing {@code steps[0]} in
     * {@code [from, to]}; each later step is reached with the earliest event passing it after the
     * previous step's event and at most {@code window} after the entering one, and no later than
     * {@code until} (when given). Rows
     * {@code (total, k, n1 .. nK, m2 .. mK)}: per breakdown key {@code k} (and once with
     * {@code total = 1} over everyone) the users reaching each step and the lower median of the
     * times from the previous step.
     */
    public static CompiledQuery funnel(List<RowPredicate> steps, long window, long from, long to, OptionalLong until,
                                       Optional<JsonField> breakdown, Optional<int[]> members, Dialect dialect,
                                       TypedColumns typed) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a funnel needs a step");
        }
        ReportPrinter p = new ReportPrinter(dialect, typed);
        RowSql.RowContext x = p.printer.eventsContext("x");
        String ts = p.col("x", "ts");
        List<String> ctes = new ArrayList<>();
        String k = breakdown.map(field -> ", " + p.dialect.firstBy(p.key(field), ts + ", " + p.key(field)
                + " NULLS LAST") + " AS " + p.q("k")).orElse("");
        ctes.add(p.q("e1") + " AS (SELECT " + p.col("x", "uid") + " AS " + p.q("uid") + ", min(" + ts + ") AS "
                + p.q("t1") + ", min(" + ts + ") AS " + p.q("t") + k + " FROM " + p.eventsOfUsers(members) + " WHERE "
                + p.printer.row(steps.get(0), x) + " AND " + p.printer.timeBetween(ts, from, to) + " GROUP BY "
                + p.col("x", "uid") + ")");
        for (int j = 1; j < steps.size(); j++) {
            String previous = "e" + j;
            ctes.add(p.q("e" + (j + 1)) + " AS (SELECT " + p.col("s", "uid") + " AS " + p.q("uid") + ", "
                    + p.col("s", "t1") + " AS " + p.q("t1") + ", min(" + ts + ") AS " + p.q("t") + " FROM "
                    + p.q(previous) + " AS " + p.q("s") + " JOIN " + p.q(EVENTS) + " AS " + p.q("x") + " ON "
                    + p.col("x", "uid") + " = " + p.col("s", "uid") + " WHERE " + p.printer.row(steps.get(j), x)
                    + " AND " + ts + " > " + p.col("s", "t") + " AND " + ts + " <= " + p.col("s", "t1") + " + "
                    + p.printer.bind(window) + (until.isPresent() ? " AND " + ts + " <= "
                    + p.printer.bind(until.getAsLong()) : "") + " GROUP BY " + p.col("s", "uid") + ", "
                    + p.col("s", "t1") + ")");
        }
        StringJoiner select = new StringJoiner(", ");
        select.add(breakdown.isPresent() ? "GROUPING(" + p.col("e1", "k") + ") AS " + p.q("total") : "1 AS "
                + p.q("total"));
        select.add((breakdown.isPresent() ? p.col("e1", "k") : "NULL") + " AS " + p.q("k"));
        select.add("count(*) AS " + p.q("n1"));
        StringBuilder joined = new StringBuilder(p.q("e1"));
        for (int j = 2; j <= steps.size(); j++) {
            select.add("count(" + p.col("e" + j, "t") + ") AS " + p.q("n" + j));
            joined.append(" LEFT JOIN ").append(p.q("e" + j)).append(" ON ").append(p.col("e" + j, "uid"))
                    .append(" = ").append(p.col("e1", "uid"));
        }
        for (int j = 2; j <= steps.size(); j++) {
            select.add(p.dialect.lowerMedian(p.col("e" + j, "t") + " - " + p.col("e" + (j - 1), "t")) + " AS "
                    + p.q("m" + j));
        }
        String group = breakdown.isPresent() ? " GROUP BY GROUPING SETS ((" + p.col("e1", "k") + "), ())" : "";
        return p.printer.query("WITH " + String.join(",\n", ctes) + "\nSELECT " + select + " FROM " + joined + group);
    }

    /**
     * An event report over {@code buckets} intervals of {@code length} milliseconds from
     * {@code start}, counting the events stamped in {@code [from, to]}. Rows {@code (s, b, k, other, gb, gk, n, u)}: for series {@code s} the events
     * {@code n} and distinct users {@code u} per interval {@code b} ({@code gb = 1}: over all
     * intervals) and, with a breakdown, per group ({@code gk = 0}: the value {@code k}, or with
     * {@code other} every value outside the {@code top} ones by events; ties go to the smaller
     * key, no value last).
     */
    public static CompiledQuery events(List<RowPredicate> series, long start, long length, int buckets, long from,
                                       long to, Optional<JsonField> breakdown, int top, Optional<int[]> members,
                                       Dialect dialect, TypedColumns typed) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("an event report needs an event");
        }
        ReportPrinter p = new ReportPrinter(dialect, typed);
        RowSql.RowContext x = p.printer.eventsContext("x");
        String ts = p.col("x", "ts");
        List<String> parts = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            parts.add("SELECT " + s + " AS " + p.q("s") + ", " + p.col("x", "uid") + " AS " + p.q("uid") + ", "
                    + p.dialect.floorDivide(ts + " - " + p.printer.bind(start), p.printer.bind(length)) + " AS "
                    + p.q("b") + ", " + breakdown.map(p::key).orElse("NULL") + " AS " + p.q("k") + " FROM "
                    + p.eventsOfUsers(members) + " WHERE " + p.printer.row(series.get(s), x) + " AND "
                    + p.printer.timeBetween(ts, from, to));
        }
        List<String> ctes = new ArrayList<>();
        ctes.add(p.q("e") + " AS (" + String.join(" UNION ALL ", parts) + ")");
        String sets;
        String source;
        if (breakdown.isPresent()) {
            ctes.add(p.q("ranked") + " AS (SELECT " + p.q("s") + ", " + p.q("k") + ", row_number() OVER (PARTITION BY "
                    + p.q("s") + " ORDER BY count(*) DESC, " + p.q("k") + " ASC NULLS LAST) AS " + p.q("r") + " FROM "
                    + p.q("e") + " GROUP BY " + p.q("s") + ", " + p.q("k") + ")");
            String kept = p.col("r", "r") + " <= " + p.printer.bind((long) top);
            ctes.add(p.q("g") + " AS (SELECT " + p.col("e", "s") + " AS " + p.q("s") + ", " + p.col("e", "uid") + " AS "
                    + p.q("uid") + ", " + p.col("e", "b") + " AS " + p.q("b") + ", CASE WHEN " + kept + " THEN "
                    + p.col("e", "k") + " END AS " + p.q("k") + ", NOT (" + kept + ") AS " + p.q("other") + " FROM "
                    + p.q("e") + " JOIN " + p.q("ranked") + " AS " + p.q("r") + " ON " + p.col("r", "s") + " = "
                    + p.col("e", "s") + " AND " + p.col("r", "k") + " IS NOT DISTINCT FROM " + p.col("e", "k") + ")");
            source = p.q("g");
            sets = "(" + p.q("s") + ", " + p.q("b") + "), (" + p.q("s") + "), (" + p.q("s") + ", " + p.q("b") + ", "
                    + p.q("k") + ", " + p.q("other") + "), (" + p.q("s") + ", " + p.q("k") + ", " + p.q("other") + ")";
        } else {
            ctes.add(p.q("g") + " AS (SELECT " + p.q("s") + ", " + p.q("uid") + ", " + p.q("b") + ", " + p.q("k")
                    + ", FALSE AS " + p.q("other") + " FROM " + p.q("e") + ")");
            source = p.q("g");
            sets = "(" + p.q("s") + ", " + p.q("b") + "), (" + p.q("s") + ")";
        }
        String keys = breakdown.isPresent() ? p.q("k") + ", " + p.q("other") : "NULL AS " + p.q("k") + ", FALSE AS "
                + p.q("other");
        String select = "SELECT " + p.q("s") + ", " + p.q("b") + ", " + keys + ", GROUPING("
                + p.q("b") + ") AS " + p.q("gb") + ", " + (breakdown.isPresent() ? "GROUPING(" + p.q("k") + ")" : "1")
                + " AS " + p.q("gk") + ", count(*) AS " + p.q("n") + ", count(DISTINCT " + p.q("uid") + ") AS "
                + p.q("u") + " FROM " + source + " GROUP BY GROUPING SETS (" + sets + ")";
        return p.printer.query("WITH " + String.join(",\n", ctes) + "\n" + select);
    }
}

package io.segments.engine.internal;

import io.segments.engine.sql.Dialect;
import io.segments.engine.sql.Dialect.JsonKind;
import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Kind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Renders row predicates ({@link RowPredicate}) over the columns of a row: an event or a user. A field is read
 * from its typed slot when it has one ({@link TypedColumns}), else from its JSON document; both renderings give
 * the same answer for every value, and no value is ever coerced: a test on a string is false for a number.
 */
final class RowSql {
    private static final BigInteger INTEGER_LIMIT = BigInteger.TWO.pow(65);

    private final Dialect dialect;
    private final Dialect.Parameters parameters;
    private final OptionalLong now;
    private final TypedColumns typed;

    RowSql(Dialect dialect, Dialect.Parameters parameters, OptionalLong now, TypedColumns typed) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.now = requireNonNull(now, "now is null");
        this.typed = requireNonNull(typed, "typed is null");
    }

    long now(String what) {
        if (now.isEmpty()) {
            throw new IllegalStateException(what + " needs the evaluation point, and this query is printed for many");
        }
        return now.getAsLong();
    }

    String column(String relation, String column) {
        return dialect.quote(relation) + "." + dialect.quote(column);
    }

    /** How a row predicate reaches the columns of the row it tests. */
    record RowContext(String name, String ts, String uid, String userId, Function<JsonField, FieldSql> fields) {
        FieldSql field(JsonField field) {
            return fields.apply(field);
        }
    }

    /**
     * The slot of {@code field} when it is a top-level key with one: a trait, or a property of the events of one
     * name (whose slots are that name's).
     */
    OptionalInt slot(JsonField field) {
        if (field.keys().size() != 1 || (field.document() == JsonField.Document.EVENT_PROPERTIES && field.event() == null)) {
            return OptionalInt.empty();
        }
        return typed.slot(scope(field), field.keys().get(0));
    }

    private static TypedColumns.Scope scope(JsonField field) {
        return field.document() == JsonField.Document.EVENT_PROPERTIES
                ? TypedColumns.Scope.event(field.event()) : TypedColumns.Scope.TRAITS;
    }

    /** Whether the slot of {@code field} (which has one) holds only numbers exact in its decimal. */
    boolean exactNumbersOnly(JsonField field) {
        return typed.exactNumbersOnly(scope(field), slot(field).orElseThrow());
    }

    /** A field of the row {@code alias} of a table with a JSON column {@code document} and slot columns. */
    FieldSql field(String alias, String document, JsonField field) {
        OptionalInt slot = slot(field);
        if (slot.isPresent()) {
            int i = slot.getAsInt();
            return new FieldSql.Typed(column(alias, TypedColumns.kindColumn(i)), column(alias, TypedColumns.decimalColumn(i)),
                    column(alias, TypedColumns.textColumn(i)), exactNumbersOnly(field));
        }
        return new FieldSql.Json(dialect.jsonValue(column(alias, document), field.keys(), parameters));
    }

    /** The row {@code u} of {@code users}. */
    RowContext usersContext() {
        return new RowContext(null, null, column("u", "uid"), column("u", "user_id"), f -> field("u", "traits", f));
    }

    /** The row {@code alias} of {@code events}. */
    RowContext eventsContext(String alias) {
        return new RowContext(column(alias, "name"), column(alias, "ts"), null, null, f -> field(alias, "props", f));
    }

    /**
     * {@code predicate} as a condition of a {@code WHERE} clause, where {@code NULL} selects no row as
     * {@code FALSE} does: the same rows as {@link #row}, with each top-level conjunct on a typed slot written as
     * plain tests of its columns ({@code kind = 1 AND text = ...}) that the database applies while it scans, and
     * skips blocks by. A number is tested this way only on a slot that holds no number outside its decimal.
     */
    String where(RowPredicate predicate, RowContext context) {
        if (predicate instanceof RowPredicate.All all) {
            return join(all.parts().stream().map(p -> where(p, context)).toList(), " AND ", "TRUE");
        }
        String plain = plain(predicate, context);
        return plain != null ? plain : row(predicate, context);
    }

    /** The plain column tests of a test on a typed slot, or {@code null} when it has none (or no slot). */
    private String plain(RowPredicate predicate, RowContext context) {
        if (predicate instanceof RowPredicate.NumberCompare compare
                && context.field(compare.field()) instanceof FieldSql.Typed t && t.exactNumbersOnly()) {
            return "(" + t.kind() + " = " + Kind.EXACT_NUMBER.code() + " AND " + decimalCompare(t.decimal(),
                    compare.comparison(), compare.value(), dialect.exactLimit(), null) + ")";
        }
        if (predicate instanceof RowPredicate.TextCompare compare
                && context.field(compare.field()) instanceof FieldSql.Typed t) {
            return "(" + t.kind() + " = " + Kind.STRING.code() + " AND " + t.text() + " " + compare.comparison().symbol()
                    + " " + parameters.bind(compare.value()) + ")";
        }
        if (predicate instanceof RowPredicate.BooleanIs booleanIs
                && context.field(booleanIs.field()) instanceof FieldSql.Typed t) {
            return "(" + t.kind() + " = " + Kind.BOOLEAN.code() + " AND " + t.decimal()
                    + (booleanIs.value() ? " <> 0" : " = 0") + ")";
        }
        if (predicate instanceof RowPredicate.Present present
                && context.field(present.field()) instanceof FieldSql.Typed t) {
            return "(" + t.kind() + " <> " + Kind.NULL.code() + ")";
        }
        return null;
    }

    String row(RowPredicate predicate, RowContext context) {
        return predicate.accept(new RowPredicate.Visitor<>() {
            @Override
            public String visitConstant(RowPredicate.Constant constant) {
                return constant.value() ? "TRUE" : "FALSE";
            }

            @Override
            public String visitAll(RowPredicate.All all) {
                return join(all.parts().stream().map(p -> p.accept(this)).toList(), " AND ", "TRUE");
            }

            @Override
            public String visitAny(RowPredicate.Any any) {
                return join(any.parts().stream().map(p -> p.accept(this)).toList(), " OR ", "FALSE");
            }

            @Override
            public String visitNegation(RowPredicate.Negation negation) {
                return "(NOT " + negation.part().accept(this) + ")";
            }

            @Override
            public String visitNameIs(RowPredicate.NameIs nameIs) {
                return "(" + require(context.name(), "event name") + " = " + parameters.bind(nameIs.name()) + ")";
            }

            @Override
            public String visitTimeIn(RowPredicate.TimeIn in) {
                long at = now("a window");
                return timeBetween(require(context.ts(), "timestamp"), in.range().from(at), in.range().to(at));
            }

            @Override
            public String visitPresent(RowPredicate.Present present) {
                FieldSql field = context.field(present.field());
                if (field instanceof FieldSql.Typed t) {
                    return "COALESCE(" + t.kind() + " <> " + Kind.NULL.code() + ", FALSE)";
                }
                String value = ((FieldSql.Json) field).value();
                return "COALESCE(NOT (" + dialect.jsonIs(value, JsonKind.NULL) + "), FALSE)";
            }

            @Override
            public String visitTextCompare(RowPredicate.TextCompare compare) {
                return onText(context.field(compare.field()), text -> text + " " + compare.comparison().symbol() + " "
                        + parameters.bind(compare.value()));
            }

            @Override
            public String visitNumberCompare(RowPredicate.NumberCompare compare) {
                FieldSql field = context.field(compare.field());
                if (field instanceof FieldSql.Typed t) {
                    return "(CASE " + t.kind() + " WHEN " + Kind.EXACT_NUMBER.code() + " THEN "
                            + decimalCompare(t.decimal(), compare.comparison(), compare.value(), dialect.exactLimit(), null)
                            + " WHEN " + Kind.OTHER_NUMBER.code() + " THEN " + numberCompare(dialect.jsonFromText(t.text()),
                            compare.comparison(), compare.value()) + " ELSE FALSE END)";
                }
                return numberCompare(((FieldSql.Json) field).value(), compare.comparison(), compare.value());
            }

            @Override
            public String visitBooleanIs(RowPredicate.BooleanIs booleanIs) {
                FieldSql field = context.field(booleanIs.field());
                if (field instanceof FieldSql.Typed t) {
                    return "(CASE WHEN " + t.kind() + " = " + Kind.BOOLEAN.code() + " THEN " + t.decimal()
                            + (booleanIs.value() ? " <> 0" : " = 0") + " ELSE FALSE END)";
                }
                String value = ((FieldSql.Json) field).value();
                return typed(value, JsonKind.BOOLEAN, dialect.jsonBoolean(value) + " = " + parameters.bind(booleanIs.value()));
            }

            @Override
            public String visitTextContains(RowPredicate.TextContains contains) {
                return onText(context.field(contains.field()), text -> dialect.contains(dialect.lower(text),
                        dialect.lower(parameters.bind(contains.value()))));
            }

            @Override
            public String visitTextStartsWith(RowPredicate.TextStartsWith startsWith) {
                return onText(context.field(startsWith.field()), text -> dialect.startsWith(dialect.lower(text),
                        dialect.lower(parameters.bind(startsWith.value()))));
            }

            @Override
            public String visitArrayHasText(RowPredicate.ArrayHasText has) {
                FieldSql field = context.field(has.field());
                if (field instanceof FieldSql.Typed t) {
                    return "(CASE WHEN " + t.kind() + " = " + Kind.ARRAY.code() + " THEN COALESCE("
                            + dialect.jsonArrayHasText(dialect.jsonFromText(t.text()), parameters.bind(has.value()))
                            + ", FALSE) ELSE FALSE END)";
                }
                String value = ((FieldSql.Json) field).value();
                return typed(value, JsonKind.ARRAY, "COALESCE(" + dialect.jsonArrayHasText(value,
                        parameters.bind(has.value())) + ", FALSE)");
            }

            @Override
            public String visitTextMatches(RowPredicate.TextMatches matches) {
                return onText(context.field(matches.field()), text -> dialect.matchesWhole(text,
                        parameters.bind(matches.regex())));
            }

            @Override
            public String visitUserIdIn(RowPredicate.UserIdIn in) {
                if (in.userIds().isEmpty()) {
                    return "FALSE";
                }
                return "COALESCE(" + dialect.textIn(require(context.userId(), "user id"), in.userIds(), parameters)
                        + ", FALSE)";
            }

            @Override
            public String visitHasPushToken(RowPredicate.HasPushToken has) {
                return "EXISTS (SELECT 1 FROM " + dialect.quote("push_tokens") + " AS " + dialect.quote("pt")
                        + " WHERE " + column("pt", "uid") + " = " + require(context.uid(), "uid") + " AND "
                        + column("pt", "token") + " <> '')";
            }
        });
    }

    /** {@code check} of the text of a string value; false for any other value and for none. */
    private String onText(FieldSql field, Function<String, String> check) {
        if (field instanceof FieldSql.Typed t) {
            return "(CASE WHEN " + t.kind() + " = " + Kind.STRING.code() + " THEN " + check.apply(t.text())
                    + " ELSE FALSE END)";
        }
        String value = ((FieldSql.Json) field).value();
        return typed(value, JsonKind.STRING, check.apply(dialect.jsonText(value)));
    }

    /** The field as an exact decimal of the dialect's scale, or {@code NULL} when it is not one (see {@link Dialect}). */
    String exactNumber(FieldSql field) {
        if (field instanceof FieldSql.Typed t) {
            return "CASE WHEN " + t.kind() + " = " + Kind.EXACT_NUMBER.code() + " THEN " + t.decimal() + " END";
        }
        String value = ((FieldSql.Json) field).value();
        return "CASE WHEN " + dialect.jsonIsNumber(value) + " THEN " + dialect.jsonExactDecimal(value) + " END";
    }

    /** The field as a double when it is a number, else {@code NULL}. */
    String approximateNumber(FieldSql field) {
        if (field instanceof FieldSql.Typed t) {
            return "CASE " + t.kind() + " WHEN " + Kind.EXACT_NUMBER.code() + " THEN " + dialect.decimalToDouble(t.decimal())
                    + " WHEN " + Kind.OTHER_NUMBER.code() + " THEN " + dialect.jsonDouble(dialect.jsonFromText(t.text()))
                    + " END";
        }
        String value = ((FieldSql.Json) field).value();
        return "CASE WHEN " + dialect.jsonIsNumber(value) + " THEN " + dialect.jsonDouble(value) + " END";
    }

    /** {@code from <= ts <= to}, leaving out the bounds at the ends of the long range; false when empty. */
    String timeBetween(String ts, long from, long to) {
        if (from > to) {
            return "FALSE";
        }
        List<String> parts = new ArrayList<>();
        if (from != Long.MIN_VALUE) {
            parts.add(ts + " >= " + parameters.bind(from));
        }
        if (to != Long.MAX_VALUE) {
            parts.add(ts + " <= " + parameters.bind(to));
        }
        return join(parts, " AND ", "TRUE");
    }

    /** {@code check} is evaluated only on values of {@code kind}; any other value (or none) is false. */
    private String typed(String value, JsonKind kind, String check) {
        return "(CASE WHEN " + dialect.jsonIs(value, kind) + " THEN " + check + " ELSE FALSE END)";
    }

    /**
     * A JSON number compared by value: integers exactly (the bound turned into an integer bound),
     * non-integers as doubles. A double compared with a literal of at most 15 significant digits
     * orders exactly as its shortest decimal form does.
     */
    private String numberCompare(String value, Comparison comparison, BigDecimal bound) {
        Comparison.Bound integer = comparison.atScale(bound, 0).clamp(new BigDecimal(INTEGER_LIMIT));
        String integerPart = integer.isConstant() ? (integer.constant() ? "TRUE" : "FALSE")
                : dialect.jsonInteger(value) + " " + integer.comparison().symbol() + " "
                + dialect.integerParameter(integer.value().toBigIntegerExact(), parameters);
        String doublePart = dialect.jsonDouble(value) + " " + comparison.symbol() + " "
                + parameters.bind(bound.doubleValue());
        return "(CASE WHEN " + dialect.jsonIs(value, JsonKind.INTEGER) + " THEN " + integerPart + " WHEN "
                + dialect.jsonIs(value, JsonKind.FLOAT) + " THEN " + doublePart + " ELSE FALSE END)";
    }

    /**
     * {@code x op value} for decimals {@code x} of the dialect's scale with {@code |x| < limit};
     * with {@code multiplier}, {@code x op value * multiplier} where {@code value} has at most
     * that scale.
     */
    String decimalCompare(String x, Comparison comparison, BigDecimal value, BigDecimal limit, String multiplier) {
        Comparison.Bound bound = multiplier == null
                ? comparison.atScale(value, dialect.exactScale()).clamp(limit)
                : new Comparison.Bound(comparison, value.setScale(dialect.exactScale()), null).clamp(limit);
        if (bound.isConstant()) {
            return bound.constant() ? "TRUE" : "FALSE";
        }
        String parameter = dialect.decimalParameter(bound.value(), parameters);
        return x + " " + bound.comparison().symbol() + " " + (multiplier == null ? parameter
                : parameter + " * " + multiplier);
    }

    private static String require(String column, String what) {
        if (column == null) {
            throw new IllegalStateException("a predicate on the " + what + " is not allowed on this row");
        }
        return column;
    }

    static String join(List<String> parts, String separator, String empty) {
        if (parts.isEmpty()) {
            return empty;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return "(" + String.join(separator, parts) + ")";
    }
}

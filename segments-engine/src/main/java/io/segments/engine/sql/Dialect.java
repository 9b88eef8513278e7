package io.segments.engine.sql;

import java.util.List;

/**
 * What differs between SQL engines, and nothing else: identifier quoting, parameter
 * placeholders, JSON access, casts, and a few functions. The printer writes standard SQL
 * (CTEs, {@code GROUP BY}, {@code FILTER (WHERE ...)}, window frames, {@code CASE}) and asks the
 * dialect for the rest; every method returns an SQL expression built from its arguments, which
 * are themselves SQL expressions the printer made. User values reach a dialect only through
 * {@link Parameters#bind}.
 *
 * <p>Numbers: {@link #jsonInteger} must be exact for every integral JSON number;
 * {@link #jsonExactDecimal} must be exact for every JSON number whose plain decimal form has at
 * most {@link #exactScale()} digits after the point and magnitude below {@link #exactLimit()}
 * (and {@code NULL} for the others), and sums of up to {@link #exactTerms()} such values must not
 * overflow.
 */
public interface Dialect {

    /** Binds parameter values: returns the SQL text that stands for {@code value}. */
    @FunctionalInterface
    interface Parameters {
        /** {@code value} is a {@link String}, {@link Long}, {@link Double} or {@link Boolean}. */
        String bind(Object value);
    }

    /** The kinds a JSON value can have. */
    enum JsonKind {
        STRING, INTEGER, FLOAT, BOOLEAN, ARRAY, OBJECT, NULL
    }

    /**
     * The query as it is sent to the database: by default unchanged; a dialect may write parameters into the text
     * as typed constants where its planner needs them to be constants (the result means the same).
     */
    default CompiledQuery forExecution(CompiledQuery query) {
        return query;
    }

    /** The placeholder of the parameter at 1-based {@code position}. */
    String placeholder(int position);

    /** Whether one placeholder may appear several times (then equal values share one parameter). */
    boolean reusesPlaceholders();

    /**
     * The quoted form of an identifier of the compiler's own (a table, column or alias). Only
     * {@code [a-z_][a-z0-9_]*} is accepted; anything else is a bug and throws.
     */
    String quote(String identifier);

    /**
     * The JSON value in {@code document} (a JSON column) at the object keys {@code keys}, or
     * {@code NULL} when a key is missing or a step on the way is not an object. The keys are
     * user values: bind them.
     */
    String jsonValue(String document, List<String> keys, Parameters parameters);

    /** True when the JSON value is of {@code kind}; false or {@code NULL} when it is not or is missing. */
    String jsonIs(String value, JsonKind kind);

    /** True when the JSON value is a number (of any representation). */
    String jsonIsNumber(String value);

    /** The text of a JSON string value. */
    String jsonText(String value);

    /** The boolean of a JSON boolean value. */
    String jsonBoolean(String value);

    /** The exact integer of an integral JSON number. */
    String jsonInteger(String value);

    /** A JSON number as a double. */
    String jsonDouble(String value);

    /** The JSON value whose JSON text is {@code text} (a text expression holding valid JSON). */
    String jsonFromText(String text);

    /**
     * The JSON value a typed slot holds ({@code io.segments.store.EventDocuments}), from its kind, decimal and text
     * columns; {@code NULL} when it holds none (empty, or an object, whose value is in the document).
     */
    String jsonOfSlot(String kind, String decimal, String text);

    /** An exact decimal (of {@link #exactScale()}) as a double. */
    String decimalToDouble(String decimal);

    /** A JSON number as an exact decimal of scale {@link #exactScale()}, or NULL when it is not exact. */
    String jsonExactDecimal(String value);

    int exactScale();

    /** Magnitude below which {@link #jsonExactDecimal} is exact. */
    java.math.BigDecimal exactLimit();

    /** How many exact decimals may be summed (or multiplied by a count) without overflow. */
    long exactTerms();

    /** A bound integer parameter (any size up to 2^70) as an exact integer expression. */
    String integerParameter(java.math.BigInteger value, Parameters parameters);

    /** A bound decimal parameter as an exact decimal of scale {@link #exactScale()}. */
    String decimalParameter(java.math.BigDecimal value, Parameters parameters);

    /** Lower-cases text. */
    String lower(String text);

    /** True when {@code text} contains {@code needle}. */
    String contains(String text, String needle);

    /** True when {@code text} starts with {@code prefix}. */
    String startsWith(String text, String prefix);

    /** True when the JSON array value has an element that is a string equal to {@code text}. */
    String jsonArrayHasText(String value, String text);

    /** True when the regular expression (a bound parameter) matches the whole text. */
    String matchesWhole(String text, String regex);

    /** True when {@code value} is one of {@code set}; the set is bound. */
    String textIn(String value, List<String> set, Parameters parameters);

    /**
     * The join keyword that keeps each left row with a right row matching the condition ({@code anti}: with none),
     * once, without the right row's columns: {@code SEMI JOIN} / {@code ANTI JOIN}.
     */
    String semiJoin(boolean anti);

    /** The aggregate: the bitwise or of the 64-bit integers {@code value} (null when there is no row). */
    String bitOr(String value);

    /** True when {@code uid} is one of the user ids of {@code uids}, a bound {@code int[]} parameter. */
    String uidIn(String uid, String uids);

    /**
     * A JSON value as a text that tells values apart as JSON does: a string quoted, a number in
     * one canonical form (an integral number without a fraction, so {@code 500} and
     * {@code 500.0} are one value), {@code true}/{@code false}, an array or object as JSON text;
     * {@code NULL} when the value is missing or JSON null.
     */
    String jsonKey(String value);

    /** The aggregate: {@code value} of the row first in the order {@code order} (SQL order-by items). */
    String firstBy(String value, String order);

    /** The aggregate: the lower median of integers (the {@code ceil(n/2)}-th smallest of n), an integer. */
    String lowerMedian(String value);

    /** The window function: {@code value} of the next row where it is not null (null when there is none). */
    String leadIgnoringNulls(String value);

    /** {@code a / b} rounded down, for integers {@code a >= 0} and {@code b > 0}. */
    String floorDivide(String a, String b);

    /**
     * A set-returning expression for a select list: one row for each integer in
     * {@code [from, to]} (none when {@code from > to}).
     */
    String integersFromTo(String from, String to);
}

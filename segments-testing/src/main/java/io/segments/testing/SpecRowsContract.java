package io.segments.testing;

import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.segments.testing.Timeline.NOW;
import static io.segments.testing.Timeline.ago;
import static io.segments.testing.Timeline.at;
import static io.segments.testing.Timeline.dataset;
import static io.segments.testing.Timeline.later;
import static io.segments.testing.Timeline.map;
import static io.segments.testing.Timeline.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of every table of the segment language contract, with its edge cases, as
 * expectation tables: a small data set, then for each filter the exact set of members at
 * {@link Timeline#NOW} ({@code 2026-11-28T12:00:00Z}). Extend it with the evaluator under test:
 * <pre>{@code
 * class SqlEngineSpecRowsTest extends SpecRowsContract {
 *     protected MembershipEvaluator evaluator() { return new SqlEngineEvaluator(...); }
 * }
 * }</pre>
 */
public abstract class SpecRowsContract {

    /** The evaluator under test. */
    protected abstract MembershipEvaluator evaluator();

    // ---------------------------------------------------------------- attribute operators

    /** One user per kind of trait value {@code v}; ids name the value. */
    private static final Dataset VALUES = dataset(
            user("str_IN").trait("v", "IN"),
            user("str_in").trait("v", "in"),
            user("str_India").trait("v", "India"),
            user("int_500").trait("v", 500),
            user("long_500").trait("v", 500L),
            user("double_500.0").trait("v", 500.0),
            user("decimal_500.00").trait("v", new BigDecimal("500.00")),
            user("double_500.5").trait("v", 500.5),
            user("int_10").trait("v", 10),
            user("str_500").trait("v", "500"),
            user("str_date").trait("v", "2026-11-05"),
            user("bool_true").trait("v", true),
            user("bool_false").trait("v", false),
            user("array").trait("v", List.of("red", "blue")),
            user("object").trait("v", map("k", "v")),
            user("null").trait("v", null),
            user("missing").trait("other", "IN"));

    private static final String[] FIVE_HUNDREDS = {"int_500", "long_500", "double_500.0", "decimal_500.00"};

    @TestFactory
    Stream<DynamicTest> attributeOperators() {
        return table(VALUES,
                row("eq on strings is case-sensitive", attr("eq", "\"IN\""), "str_IN"),
                row("eq on numbers compares by value across number types", attr("eq", "500"), FIVE_HUNDREDS),
                row("eq with a decimal literal equals the integer value", attr("eq", "500.0"), FIVE_HUNDREDS),
                row("no coercion: the string \"500\" equals only the string", attr("eq", "\"500\""), "str_500"),
                row("eq on booleans", attr("eq", "true"), "bool_true"),
                row("neq is not eq: it holds across types and for missing or null",
                        attr("neq", "\"IN\""), allBut(VALUES, "str_IN")),
                row("neq on numbers", attr("neq", "500"), allBut(VALUES, FIVE_HUNDREDS)),
                row("gt on numbers is numeric and skips strings", attr("gt", "100"),
                        concat(FIVE_HUNDREDS, "double_500.5")),
                row("gte includes the bound", attr("gte", "500"), concat(FIVE_HUNDREDS, "double_500.5")),
                row("lt on numbers", attr("lt", "500"), "int_10"),
                row("lte includes the bound", attr("lte", "500"), concat(FIVE_HUNDREDS, "int_10")),
                row("gt on strings is lexicographic and skips numbers", attr("gt", "\"IN\""), "str_in", "str_India"),
                row("ISO dates compare as strings", attr("lt", "\"2026-11-10\""), "str_date"),
                row("between numbers includes both bounds", attr("between", "[10, 500]"),
                        concat(FIVE_HUNDREDS, "int_10")),
                row("between strings", attr("between", "[\"2026-11-01\", \"2026-11-30\"]"), "str_date"),
                row("between across types is false: 500 is not between \"0\" and \"9\"",
                        attr("between", "[\"0\", \"9\"]"), "str_500", "str_date"),
                row("in: a member of the array, without coercion", attr("in", "[\"IN\", 500, true]"),
                        concat(FIVE_HUNDREDS, "str_IN", "bool_true")),
                row("notIn is not in: missing and null are not in any list", attr("notIn", "[\"IN\", 500, true]"),
                        allBut(VALUES, concat(FIVE_HUNDREDS, "str_IN", "bool_true"))),
                row("contains is a case-insensitive substring", attr("contains", "\"N\""),
                        "str_IN", "str_in", "str_India"),
                row("contains on an array: one element equals the value", attr("contains", "\"red\""), "array"),
                row("contains on an array needs a whole element", attr("contains", "\"re\"")),
                row("contains on an array compares elements exactly", attr("contains", "\"RED\"")),
                row("notContains is not contains", attr("notContains", "\"n\""),
                        allBut(VALUES, "str_IN", "str_in", "str_India")),
                row("startsWith is a case-insensitive prefix", attr("startsWith", "\"in\""),
                        "str_IN", "str_in", "str_India"),
                row("startsWith does not apply to numbers", attr("startsWith", "\"5\""), "str_500"),
                row("exists: present and not null", "{\"attribute\": \"v\", \"op\": \"exists\"}",
                        allBut(VALUES, "null", "missing")),
                row("notExists: absent or null", "{\"attribute\": \"v\", \"op\": \"notExists\"}", "null", "missing"));
    }

    private static String attr(String op, String value) {
        return "{\"attribute\": \"v\", \"op\": \"" + op + "\", \"value\": " + value + "}";
    }

    // ---------------------------------------------------------------- dotted names

    private static final Dataset NESTED = dataset(
            user("nested").trait("address", map("city", "Pune", "geo", map("country", "IN")))
                    .did("Charged", ago("1d"), "product", map("category", "TV")),
            user("flat_dotted_key").trait("address.city", "Pune")
                    .did("Charged", ago("1d"), "product.category", "TV"),
            user("not_an_object").trait("address", "Pune")
                    .did("Charged", ago("1d"), "product", "TV"),
            user("nested_null").trait("address", map("city", null))
                    .did("Charged", ago("1d"), "product", map("category", null)));

    @TestFactory
    Stream<DynamicTest> dottedNames() {
        return table(NESTED,
                row("a dotted attribute addresses a nested object",
                        "{\"attribute\": \"address.city\", \"op\": \"eq\", \"value\": \"Pune\"}", "nested"),
                row("dotted names go any depth",
                        "{\"attribute\": \"address.geo.country\", \"op\": \"eq\", \"value\": \"IN\"}", "nested"),
                row("a dotted name through a non-object or to null is missing",
                        "{\"attribute\": \"address.city\", \"op\": \"notExists\"}",
                        "flat_dotted_key", "not_an_object", "nested_null"),
                row("a dotted property addresses a nested event property",
                        "{\"did\": \"Charged\", \"where\": [{\"property\": \"product.category\", \"op\": \"eq\", "
                                + "\"value\": \"TV\"}]}", "nested"),
                row("a missing nested property satisfies the negative ops",
                        "{\"did\": \"Charged\", \"where\": [{\"property\": \"product.category\", \"op\": \"neq\", "
                                + "\"value\": \"TV\"}]}", "flat_dotted_key", "not_an_object", "nested_null"));
    }

    // ---------------------------------------------------------------- property filters

    private static final Dataset PROPERTIES = dataset(
            user("tv").did("Charged", ago("1d"), "category", "TV", "amount", 600, "color", "red"),
            user("tv_lower").did("Charged", ago("1d"), "category", "tv", "amount", 600),
            user("phone").did("Charged", ago("1d"), "category", "Phones", "amount", "600"),
            user("no_category").did("Charged", ago("1d"), "amount", 100),
            user("null_category").did("Charged", ago("1d"), "category", null),
            user("tags").did("Charged", ago("1d"), "tags", List.of("gift", "sale")),
            user("tv_and_phone").did("Charged", ago("2d"), "category", "TV", "amount", 50)
                    .did("Charged", ago("1d"), "category", "Phones", "amount", 900),
            user("viewed_tv").did("Product Viewed", ago("1d"), "category", "TV"));

    @TestFactory
    Stream<DynamicTest> propertyFilters() {
        return table(PROPERTIES,
                row("event names match exactly", "{\"did\": \"charged\"}"),
                row("a where filter on a property", where("{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}"),
                        "tv", "tv_and_phone"),
                row("every filter must match the same event",
                        where("{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}",
                                "{\"property\": \"amount\", \"op\": \"gt\", \"value\": 500}"), "tv"),
                row("no coercion in property filters: \"600\" is not a number",
                        where("{\"property\": \"amount\", \"op\": \"gte\", \"value\": 600}"), "tv", "tv_lower",
                        "tv_and_phone"),
                row("a missing or null property satisfies neq",
                        where("{\"property\": \"category\", \"op\": \"neq\", \"value\": \"TV\"}"),
                        "tv_lower", "phone", "no_category", "null_category", "tags", "tv_and_phone"),
                row("a missing or null property fails a positive op",
                        where("{\"property\": \"category\", \"op\": \"startsWith\", \"value\": \"\"}"),
                        "tv", "tv_lower", "phone", "tv_and_phone"),
                row("in over a property", where("{\"property\": \"color\", \"op\": \"in\", \"value\": [\"red\", \"blue\"]}"),
                        "tv"),
                row("contains over an array property", where("{\"property\": \"tags\", \"op\": \"contains\", \"value\": \"sale\"}"),
                        "tags"),
                row("notExists over a property", where("{\"property\": \"category\", \"op\": \"notExists\"}"),
                        "no_category", "null_category", "tags"),
                row("didNot with a filter: no event matches it",
                        "{\"didNot\": \"Charged\", \"where\": [{\"property\": \"category\", \"op\": \"eq\", "
                                + "\"value\": \"TV\"}]}", "tv_lower", "phone", "no_category", "null_category", "tags",
                        "viewed_tv"));
    }

    private static String where(String... filters) {
        return "{\"did\": \"Charged\", \"where\": [" + String.join(", ", filters) + "]}";
    }

    // ---------------------------------------------------------------- windows

    private static final Dataset WINDOWS = dataset(
            user("at_now").did("A", NOW),
            user("after_now").did("A", NOW.plusMillis(1)),
            user("5d_ago").did("A", ago("5d")),
            user("7d_ago").did("A", ago("7d")),
            user("7d_ago_plus_1ms").did("A", ago("7d").plusMillis(1)),
            user("10d_ago").did("A", ago("10d")),
            user("10d_ago_minus_1ms").did("A", ago("10d").minusMillis(1)),
            user("20d_ago").did("A", ago("20d")),
            user("30d_ago").did("A", ago("30d")),
            user("30d_ago_minus_1ms").did("A", ago("30d").minusMillis(1)),
            user("oct31_last_ms").did("A", at("2026-10-31T23:59:59.999Z")),
            user("nov01_start").did("A", at("2026-11-01T00:00:00Z")),
            user("nov01_before_10h").did("A", at("2026-11-01T09:59:59.999Z")),
            user("nov01_10h").did("A", at("2026-11-01T10:00:00Z")),
            user("nov10_last_ms").did("A", at("2026-11-10T23:59:59.999Z")),
            user("nov11_start").did("A", at("2026-11-11T00:00:00Z")),
            user("no_event"));

    @TestFactory
    Stream<DynamicTest> windows() {
        return table(WINDOWS,
                row("without when: all history up to now; events after now are ignored", "{\"did\": \"A\"}",
                        allBut(WINDOWS, "after_now", "no_event")),
                row("last 10d is [now - 10d, now], both bounds inclusive", when("{\"last\": \"10d\"}"),
                        "at_now", "5d_ago", "7d_ago", "7d_ago_plus_1ms", "10d_ago"),
                row("last 1w is last 7d", when("{\"last\": \"1w\"}"), "at_now", "5d_ago", "7d_ago", "7d_ago_plus_1ms"),
                row("from 30d to 7d is [now - 30d, now - 7d], both inclusive", when("{\"from\": \"30d\", \"to\": \"7d\"}"),
                        "7d_ago", "10d_ago", "10d_ago_minus_1ms", "20d_ago", "30d_ago", "oct31_last_ms", "nov01_start",
                        "nov01_before_10h", "nov01_10h", "nov10_last_ms", "nov11_start"),
                row("between dates: from the start of the first day to the last millisecond of the second",
                        when("{\"between\": [\"2026-11-01\", \"2026-11-10\"]}"),
                        "nov01_start", "nov01_before_10h", "nov01_10h", "20d_ago", "nov10_last_ms"),
                row("between an instant and a date: the instant means itself",
                        when("{\"between\": [\"2026-11-01T10:00:00Z\", \"2026-11-10\"]}"),
                        "nov01_10h", "20d_ago", "nov10_last_ms"),
                row("between a date and an instant", when("{\"between\": [\"2026-11-01\", \"2026-11-01T10:00:00Z\"]}"),
                        "nov01_start", "nov01_before_10h", "nov01_10h"),
                row("between one day and the same day: that whole day", when("{\"between\": [\"2026-10-31\", \"2026-10-31\"]}"),
                        "oct31_last_ms"),
                row("between reaching past now still ignores events after now",
                        when("{\"between\": [\"2026-11-28\", \"2026-12-31\"]}"), "at_now"),
                row("since a date is [start of that day, now]", when("{\"since\": \"2026-11-11\"}"),
                        "nov11_start", "10d_ago_minus_1ms", "10d_ago", "7d_ago", "7d_ago_plus_1ms", "5d_ago", "at_now"),
                row("since an instant", when("{\"since\": \"2026-11-01T10:00:00Z\"}"),
                        "nov01_10h", "20d_ago", "nov10_last_ms", "nov11_start", "10d_ago_minus_1ms", "10d_ago", "7d_ago",
                        "7d_ago_plus_1ms", "5d_ago", "at_now"),
                row("didNot in a window: no event in it, including users with no events at all",
                        "{\"didNot\": \"A\", \"when\": {\"last\": \"10d\"}}",
                        allBut(WINDOWS, "at_now", "5d_ago", "7d_ago", "7d_ago_plus_1ms", "10d_ago")),
                row("didNot ignores events after now", "{\"didNot\": \"A\", \"when\": {\"last\": \"1d\"}}",
                        allBut(WINDOWS, "at_now")));
    }

    private static String when(String window) {
        return "{\"did\": \"A\", \"when\": " + window + "}";
    }

    private static final Dataset UNITS = dataset(
            user("1s_ago").did("A", ago("1s")),
            user("1s_ago_minus_1ms").did("A", ago("1s").minusMillis(1)),
            user("1m_ago").did("A", ago("1m")),
            user("1m_ago_minus_1ms").did("A", ago("1m").minusMillis(1)),
            user("1h_ago").did("A", ago("1h")),
            user("1h_ago_minus_1ms").did("A", ago("1h").minusMillis(1)),
            user("1d_ago").did("A", ago("1d")),
            user("1d_ago_minus_1ms").did("A", ago("1d").minusMillis(1)),
            user("1w_ago").did("A", ago("1w")),
            user("1w_ago_minus_1ms").did("A", ago("1w").minusMillis(1)));

    @TestFactory
    Stream<DynamicTest> durationUnits() {
        return table(UNITS,
                row("s is seconds", when("{\"last\": \"1s\"}"), "1s_ago"),
                row("m is minutes", when("{\"last\": \"1m\"}"), "1s_ago", "1s_ago_minus_1ms", "1m_ago"),
                row("h is hours", when("{\"last\": \"1h\"}"), "1s_ago", "1s_ago_minus_1ms", "1m_ago",
                        "1m_ago_minus_1ms", "1h_ago"),
                row("d is days", when("{\"last\": \"1d\"}"), "1s_ago", "1s_ago_minus_1ms", "1m_ago", "1m_ago_minus_1ms",
                        "1h_ago", "1h_ago_minus_1ms", "1d_ago"),
                row("w is weeks", when("{\"last\": \"1w\"}"), allBut(UNITS, "1w_ago_minus_1ms")),
                row("amounts multiply the unit", when("{\"last\": \"60s\"}"), "1s_ago", "1s_ago_minus_1ms", "1m_ago"));
    }

    // ---------------------------------------------------------------- count

    private static final Dataset COUNTS = dataset(
            user("none"),
            user("one").did("A", ago("1d")),
            user("two").did("A", ago("1d")).did("A", ago("2d")),
            user("three").did("A", ago("1d")).did("A", ago("2d")).did("A", ago("3d")),
            user("three_two_old").did("A", ago("1d")).did("A", ago("40d")).did("A", ago("50d")),
            user("two_and_one_after_now").did("A", ago("1d")).did("A", ago("2d")).did("A", later("1m")),
            user("lowercase_a").did("a", ago("1d")).did("a", ago("2d")).did("a", ago("3d")));

    @TestFactory
    Stream<DynamicTest> counts() {
        return table(COUNTS,
                row("did: at least one event", "{\"did\": \"A\"}", "one", "two", "three", "three_two_old",
                        "two_and_one_after_now"),
                row("event names are case-sensitive", "{\"did\": \"a\"}", "lowercase_a"),
                row("count gte", count("gte", "3"), "three", "three_two_old"),
                row("count counts only events in the window", "{\"did\": \"A\", \"when\": {\"last\": \"30d\"}, "
                        + "\"count\": {\"op\": \"gte\", \"value\": 3}}", "three"),
                row("count ignores events after now", count("eq", "2"), "two", "two_and_one_after_now"),
                row("count gt", count("gt", "2"), "three", "three_two_old"),
                row("count lte", count("lte", "1"), "one"),
                row("count neq still needs one event", count("neq", "2"), "one", "three", "three_two_old"),
                row("count between is inclusive", count("between", "[2, 3]"), "two", "three", "three_two_old",
                        "two_and_one_after_now"),
                row("count lt 1 never holds: a did needs at least one event", count("lt", "1")),
                row("count eq 0 never holds", count("eq", "0")),
                row("count between 0 and 1 is count 1", count("between", "[0, 1]"), "one"),
                row("didNot is the way to say zero", "{\"didNot\": \"A\"}", "none", "lowercase_a"));
    }

    private static String count(String op, String value) {
        return "{\"did\": \"A\", \"count\": {\"op\": \"" + op + "\", \"value\": " + value + "}}";
    }

    // ---------------------------------------------------------------- aggregate

    private static final Dataset AGGREGATES = dataset(
            user("ints_300_500").did("Charged", ago("1d"), "amount", 300).did("Charged", ago("2d"), "amount", 500),
            user("mixed").did("Charged", ago("1d"), "amount", 300).did("Charged", ago("2d"), "amount", 400.5)
                    .did("Charged", ago("3d"), "amount", "500").did("Charged", ago("4d"))
                    .did("Charged", ago("5d"), "amount", null),
            user("only_string_amounts").did("Charged", ago("1d"), "amount", "900"),
            user("no_amounts").did("Charged", ago("1d"), "category", "TV"),
            user("decimal_and_long").did("Charged", ago("1d"), "amount", new BigDecimal("1000.00"))
                    .did("Charged", ago("2d"), "amount", 1L),
            user("old_800").did("Charged", ago("40d"), "amount", 800),
            user("future_800").did("Charged", later("1h"), "amount", 800),
            user("no_events"));

    @TestFactory
    Stream<DynamicTest> aggregates() {
        return table(AGGREGATES,
                row("sum over the matching events", agg("", "sum", "gt", "700"),
                        "ints_300_500", "mixed", "decimal_and_long", "old_800"),
                row("sum skips missing, null and non-numeric values", agg("", "sum", "eq", "700.5"), "mixed"),
                row("sum over events in the window only", agg("\"when\": {\"last\": \"30d\"}, ", "sum", "gt", "700"),
                        "ints_300_500", "mixed", "decimal_and_long"),
                row("no numeric value at all: false, whatever the op", agg("", "sum", "lt", "1000000"),
                        "ints_300_500", "mixed", "decimal_and_long", "old_800"),
                row("no numeric value: false even for eq 0", agg("", "sum", "eq", "0")),
                row("avg of the numeric values", agg("", "avg", "eq", "350.25"), "mixed"),
                row("avg across number types", agg("", "avg", "eq", "500.5"), "decimal_and_long"),
                row("min", agg("", "min", "eq", "300"), "ints_300_500", "mixed"),
                row("max", agg("", "max", "gte", "500"), "ints_300_500", "decimal_and_long", "old_800"),
                row("max between", agg("", "max", "between", "[400, 450]"), "mixed"),
                row("aggregate over events that pass where",
                        "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"gt\", \"value\": 350}], "
                                + "\"aggregate\": {\"fn\": \"sum\", \"property\": \"amount\", \"op\": \"eq\", \"value\": 500}}",
                        "ints_300_500"),
                row("count and aggregate both hold",
                        "{\"did\": \"Charged\", \"count\": {\"op\": \"gte\", \"value\": 2}, "
                                + "\"aggregate\": {\"fn\": \"sum\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 700}}",
                        "ints_300_500", "mixed", "decimal_and_long"));
    }

    private static String agg(String when, String fn, String op, String value) {
        return "{\"did\": \"Charged\", " + when + "\"aggregate\": {\"fn\": \"" + fn + "\", \"property\": \"amount\", "
                + "\"op\": \"" + op + "\", \"value\": " + value + "}}";
    }

    // ---------------------------------------------------------------- firstTime

    private static final Dataset FIRST_TIMES = dataset(
            user("new_buyer").did("Charged", ago("10d"), "amount", 1000),
            user("returning").did("Charged", ago("100d"), "amount", 1000).did("Charged", ago("10d"), "amount", 1000),
            user("first_big_one").did("Charged", ago("100d"), "amount", 100).did("Charged", ago("10d"), "amount", 600),
            user("first_on_the_edge").did("Charged", ago("30d"), "amount", 1000),
            user("first_1ms_outside").did("Charged", ago("30d").minusMillis(1), "amount", 1000)
                    .did("Charged", ago("5d"), "amount", 1000),
            user("first_after_now").did("Charged", later("1d"), "amount", 1000),
            user("never"));

    @TestFactory
    Stream<DynamicTest> firstTime() {
        return table(FIRST_TIMES,
                row("firstTime: the earliest such event over all history lies in the window",
                        "{\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}, \"firstTime\": true}",
                        "new_buyer", "first_on_the_edge"),
                row("firstTime looks for the earliest event that matches where",
                        "{\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}, \"where\": [{\"property\": \"amount\", "
                                + "\"op\": \"gt\", \"value\": 500}], \"firstTime\": true}",
                        "new_buyer", "first_big_one", "first_on_the_edge"),
                row("firstTime without when: any first event up to now",
                        "{\"did\": \"Charged\", \"firstTime\": true}",
                        "new_buyer", "returning", "first_big_one", "first_on_the_edge", "first_1ms_outside"),
                row("firstTime in a window in the past",
                        "{\"did\": \"Charged\", \"when\": {\"from\": \"200d\", \"to\": \"50d\"}, \"firstTime\": true}",
                        "returning", "first_big_one"),
                row("not firstTime: the same did without the rule",
                        "{\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}}",
                        "new_buyer", "returning", "first_big_one", "first_on_the_edge", "first_1ms_outside"));
    }

    // ---------------------------------------------------------------- sequences

    private static final Instant T = ago("2d");

    private static final Dataset SEQUENCES = dataset(
            user("b_after_30m").did("A", T).did("B", T.plusSeconds(1800)),
            user("b_at_exactly_1h").did("A", T).did("B", T.plusSeconds(3600)),
            user("b_1ms_late").did("A", T).did("B", T.plusSeconds(3600).plusMillis(1)),
            user("b_same_instant").did("A", T).did("B", T),
            user("b_before_a").did("B", T).did("A", T.plusSeconds(60)),
            user("b_after_now").did("A", ago("30m")).did("B", later("1m")),
            user("second_a_starts_chain").did("A", T).did("A", T.plusSeconds(7200)).did("B", T.plusSeconds(9000)),
            user("recent").did("A", ago("1h")).did("B", ago("30m")),
            user("a_at_window_edge").did("A", ago("1d")).did("B", ago("1d").plusSeconds(600)),
            user("a_1ms_before_window").did("A", ago("1d").minusMillis(1)).did("B", ago("23h")),
            user("abc").did("A", T).did("B", T.plusSeconds(1800)).did("C", T.plusSeconds(5400)),
            user("abc_c_too_late").did("A", T).did("B", T.plusSeconds(1800)).did("C", T.plusSeconds(7200)),
            user("red_a").did("A", T, "color", "red").did("B", T.plusSeconds(60)),
            user("only_a").did("A", T));

    @TestFactory
    Stream<DynamicTest> sequences() {
        return table(SEQUENCES,
                row("a step with within: its event in (previous, previous + within]",
                        seq("[{\"did\": \"A\"}, {\"did\": \"B\", \"within\": \"1h\"}]", ""),
                        "b_after_30m", "b_at_exactly_1h", "second_a_starts_chain", "recent", "a_at_window_edge",
                        "abc", "abc_c_too_late", "red_a"),
                row("a step without within: any later time up to now",
                        seq("[{\"did\": \"A\"}, {\"did\": \"B\"}]", ""),
                        "b_after_30m", "b_at_exactly_1h", "b_1ms_late", "second_a_starts_chain", "recent",
                        "a_at_window_edge", "a_1ms_before_window", "abc", "abc_c_too_late", "red_a"),
                row("when bounds the first step's event, inclusively",
                        seq("[{\"did\": \"A\"}, {\"did\": \"B\", \"within\": \"1h\"}]", ", \"when\": {\"last\": \"1d\"}"),
                        "recent", "a_at_window_edge"),
                row("three steps, each within of the one before",
                        seq("[{\"did\": \"A\"}, {\"did\": \"B\", \"within\": \"1h\"}, {\"did\": \"C\", \"within\": \"1h\"}]", ""),
                        "abc"),
                row("steps carry where filters",
                        seq("[{\"did\": \"A\", \"where\": [{\"property\": \"color\", \"op\": \"eq\", \"value\": \"red\"}]}, "
                                + "{\"did\": \"B\"}]", ""), "red_a"),
                row("a single step is a did within when", seq("[{\"did\": \"A\"}]", ", \"when\": {\"last\": \"1d\"}"),
                        "b_after_now", "recent", "a_at_window_edge"));
    }

    private static String seq(String steps, String rest) {
        return "{\"sequence\": " + steps + rest + "}";
    }

    private static final Instant CART = ago("1h");

    private static final Dataset CARTS = dataset(
            user("abandoned").did("Cart", CART),
            user("bought").did("Cart", CART).did("Charged", CART.plusSeconds(300), "amount", 200),
            user("bought_at_exactly_10m").did("Cart", CART).did("Charged", CART.plusSeconds(600), "amount", 200),
            user("bought_1ms_too_late").did("Cart", CART).did("Charged", CART.plusSeconds(600).plusMillis(1), "amount", 200),
            user("bought_same_instant").did("Cart", CART).did("Charged", CART, "amount", 200),
            user("still_waiting").did("Cart", ago("5m")),
            user("wait_just_over").did("Cart", ago("10m")),
            user("bought_before").did("Charged", ago("2h"), "amount", 200).did("Cart", CART),
            user("first_bought_then_abandoned").did("Cart", ago("2h")).did("Charged", ago("2h").plusSeconds(300), "amount", 200)
                    .did("Cart", CART),
            user("first_abandoned_then_bought").did("Cart", ago("2h")).did("Cart", CART)
                    .did("Charged", CART.plusSeconds(300), "amount", 200),
            user("bought_small").did("Cart", CART).did("Charged", CART.plusSeconds(300), "amount", 50),
            user("bought_after_now").did("Cart", ago("5m")).did("Charged", later("1m"), "amount", 200),
            user("no_cart").did("Charged", CART, "amount", 200));

    private static final String ABANDONED = "[{\"did\": \"Cart\"}, {\"didNot\": \"Charged\", \"within\": \"10m\"}]";
    private static final String BOUGHT = "[{\"did\": \"Cart\"}, {\"did\": \"Charged\", \"within\": \"10m\"}]";

    @TestFactory
    Stream<DynamicTest> didNotSteps() {
        return table(CARTS,
                row("a didNot step: no such event in (e, e + within] and the wait is over",
                        seq(ABANDONED, ""),
                        "abandoned", "bought_1ms_too_late", "bought_same_instant", "wait_just_over", "bought_before",
                        "first_bought_then_abandoned", "first_abandoned_then_bought"),
                row("occurrence any is the default", seq(ABANDONED, ", \"occurrence\": \"any\""),
                        "abandoned", "bought_1ms_too_late", "bought_same_instant", "wait_just_over", "bought_before",
                        "first_bought_then_abandoned", "first_abandoned_then_bought"),
                row("occurrence last: only the latest first-step event counts",
                        seq(ABANDONED, ", \"occurrence\": \"last\""),
                        "abandoned", "bought_1ms_too_late", "bought_same_instant", "wait_just_over", "bought_before",
                        "first_bought_then_abandoned"),
                row("occurrence last with a positive step: their latest cart was bought",
                        seq(BOUGHT, ", \"occurrence\": \"last\""),
                        "bought", "bought_at_exactly_10m", "bought_small", "first_abandoned_then_bought"),
                row("occurrence any with a positive step", seq(BOUGHT, ""),
                        "bought", "bought_at_exactly_10m", "bought_small", "first_bought_then_abandoned",
                        "first_abandoned_then_bought"),
                row("the wait is not over: not yet a member", seq(ABANDONED, ", \"when\": {\"last\": \"30m\"}"),
                        "wait_just_over"),
                row("a didNot step with where: only matching events break it",
                        seq("[{\"did\": \"Cart\"}, {\"didNot\": \"Charged\", \"within\": \"10m\", \"where\": "
                                + "[{\"property\": \"amount\", \"op\": \"gt\", \"value\": 100}]}]", ""),
                        "abandoned", "bought_1ms_too_late", "bought_same_instant", "wait_just_over", "bought_before",
                        "first_bought_then_abandoned", "first_abandoned_then_bought", "bought_small"));
    }

    // ---------------------------------------------------------------- and, or, not

    private static final Dataset LOGIC = dataset(
            user("in_a").trait("country", "IN").did("A", ago("1d")),
            user("in").trait("country", "IN"),
            user("us_a").trait("country", "US").did("A", ago("1d")),
            user("nobody"));

    @TestFactory
    Stream<DynamicTest> logic() {
        String india = "{\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"IN\"}";
        String didA = "{\"did\": \"A\"}";
        return table(LOGIC,
                row("and: all hold", "{\"and\": [" + india + ", " + didA + "]}", "in_a"),
                row("or: any holds", "{\"or\": [" + india + ", " + didA + "]}", "in_a", "in", "us_a"),
                row("not: does not hold", "{\"not\": " + india + "}", "us_a", "nobody"),
                row("a one-element and is its element", "{\"and\": [" + didA + "]}", "in_a", "us_a"),
                row("didNot is not(did)", "{\"not\": " + didA + "}", "in", "nobody"),
                row("nesting", "{\"or\": [{\"and\": [" + india + ", {\"not\": " + didA + "}]}, {\"not\": {\"or\": ["
                        + india + ", " + didA + "]}}]}", "in", "nobody"));
    }

    // ---------------------------------------------------------------- channels

    private static final Dataset CHANNELS = dataset(
            user("email").trait("email", "ann@example.com"),
            user("email_plus_subdomain").trait("email", "ann.lee+news@mail.example.co.uk"),
            user("email_opted_out").trait("email", "ann@example.com").trait("emailOptOut", true),
            user("email_opt_out_false").trait("email", "ann@example.com").trait("emailOptOut", false),
            user("email_opt_out_string").trait("email", "ann@example.com").trait("emailOptOut", "true"),
            user("email_no_domain_dot").trait("email", "ann@example"),
            user("email_no_at").trait("email", "ann.example.com"),
            user("email_two_ats").trait("email", "ann@@example.com"),
            user("email_space").trait("email", "ann @example.com"),
            user("email_number").trait("email", 12345),
            user("phone").trait("phone", "+919876543210"),
            user("phone_7_digits").trait("phone", "+1234567"),
            user("phone_15_digits").trait("phone", "+123456789012345"),
            user("phone_16_digits").trait("phone", "+1234567890123456"),
            user("phone_6_digits").trait("phone", "+123456"),
            user("phone_leading_0").trait("phone", "+0123456789"),
            user("phone_no_plus").trait("phone", "919876543210"),
            user("phone_spaces").trait("phone", "+91 98765 43210"),
            user("phone_opted_out").trait("phone", "+919876543210").trait("smsOptOut", true),
            user("push_token").pushToken("tok-1"),
            user("push_trait").trait("pushToken", "tok-2"),
            user("push_opted_out").pushToken("tok-3").trait("pushOptOut", true),
            user("push_empty_trait").trait("pushToken", ""),
            user("nothing"));

    @TestFactory
    Stream<DynamicTest> channels() {
        return table(CHANNELS,
                row("email: a valid address and emailOptOut not true", "{\"reachable\": \"email\"}",
                        "email", "email_plus_subdomain", "email_opt_out_false", "email_opt_out_string"),
                row("sms: E.164 (+, 7 to 15 digits, first not 0) and smsOptOut not true", "{\"reachable\": \"sms\"}",
                        "phone", "phone_7_digits", "phone_15_digits"),
                row("push: a push token or trait pushToken, and pushOptOut not true", "{\"reachable\": \"push\"}",
                        "push_token", "push_trait"),
                row("not reachable", "{\"not\": {\"reachable\": \"push\"}}",
                        allBut(CHANNELS, "push_token", "push_trait")));
    }

    // ---------------------------------------------------------------- inSegment

    private static final Dataset SEGMENT_USERS = dataset(
            user("listed").trait("country", "US"),
            user("indian").trait("country", "IN"),
            user("indian_recent_a").trait("country", "IN").did("A", ago("2h")),
            user("old_a").trait("country", "US").did("A", ago("2d")),
            user("nobody"));

    private static final SegmentLookup SEGMENTS = lookup(
            segment("sgm_static", "{\"type\": \"static\", \"members\": [\"listed\", \"not_a_user\"]}"),
            segment("sgm_dynamic", "{\"type\": \"dynamic\", \"filter\": {\"attribute\": \"country\", \"op\": \"eq\", "
                    + "\"value\": \"IN\"}}"),
            segment("sgm_nested", "{\"filter\": {\"and\": [{\"inSegment\": \"sgm_dynamic\"}, {\"did\": \"A\"}]}}"),
            segment("sgm_live", "{\"type\": \"live\", \"filter\": {\"did\": \"A\"}, "
                    + "\"createdAt\": \"" + ago("1d") + "\"}"));

    @TestFactory
    Stream<DynamicTest> inSegment() {
        return table(SEGMENT_USERS, SEGMENTS,
                row("inSegment of a static segment: its member list", "{\"inSegment\": \"sgm_static\"}", "listed"),
                row("inSegment of a dynamic segment: its filter for the same user",
                        "{\"inSegment\": \"sgm_dynamic\"}", "indian", "indian_recent_a"),
                row("inSegment nests", "{\"inSegment\": \"sgm_nested\"}", "indian_recent_a"),
                row("not inSegment", "{\"not\": {\"inSegment\": \"sgm_static\"}}",
                        "indian", "indian_recent_a", "old_a", "nobody"),
                row("inSegment of a live segment: its filter sees events from its createdAt on",
                        "{\"inSegment\": \"sgm_live\"}", "indian_recent_a"));
    }

    // ---------------------------------------------------------------- live visibility

    private static final Instant CREATED = ago("1d");

    private static final Dataset LIVE = dataset(
            user("at_created").did("A", CREATED),
            user("1ms_before_created").did("A", CREATED.minusMillis(1)),
            user("before_and_after").did("A", ago("2d")).did("A", ago("1h")),
            user("cart_before_created").did("Cart", ago("2d")),
            user("cart_after_created").did("Cart", ago("2h")),
            user("after_now").did("A", later("1s")));

    @TestFactory
    Stream<DynamicTest> liveVisibility() {
        return Stream.of(
                visibleRow("events before the bound are invisible; the bound is inclusive", "{\"did\": \"A\"}",
                        "at_created", "before_and_after"),
                visibleRow("firstTime counts from the bound", "{\"did\": \"A\", \"when\": {\"last\": \"2h\"}, "
                        + "\"firstTime\": true}", "before_and_after"),
                visibleRow("count counts from the bound", "{\"did\": \"A\", \"count\": {\"op\": \"eq\", \"value\": 1}}",
                        "at_created", "before_and_after"),
                visibleRow("didNot holds when the only events are before the bound", "{\"didNot\": \"A\"}",
                        "1ms_before_created", "cart_before_created", "cart_after_created", "after_now"),
                visibleRow("sequence steps see only visible events", seq(ABANDONED.replace("Charged", "B"), ""),
                        "cart_after_created"),
                visibleRow("a segment named by inSegment sees events by its own type, not the bound",
                        "{\"inSegment\": \"sgm_did_a\"}", "at_created", "1ms_before_created", "before_and_after"));
    }

    private static final SegmentLookup LIVE_SEGMENTS = lookup(segment("sgm_did_a", "{\"filter\": {\"did\": \"A\"}}"));

    private DynamicTest visibleRow(String behaviour, String filter, String... expected) {
        return DynamicTest.dynamicTest(behaviour, () -> {
            Condition condition = SegmentJson.readCondition(filter, "$.filter");
            assertThat(evaluator().members(LIVE, condition, NOW, CREATED, LIVE_SEGMENTS))
                    .as("%s%n  filter: %s%n  events visible from %s", behaviour, filter, CREATED)
                    .containsExactlyInAnyOrderElementsOf(Set.of(expected));
        });
    }

    // ---------------------------------------------------------------- helpers

    /** One expectation: the filter (JSON, as a user writes it) and its exact members. */
    protected record Row(String behaviour, String filter, Set<String> members) {
    }

    protected static Row row(String behaviour, String filter, String... members) {
        return new Row(behaviour, filter, new LinkedHashSet<>(Arrays.asList(members)));
    }

    protected Stream<DynamicTest> table(Dataset data, Row... rows) {
        return table(data, SegmentLookup.none(), rows);
    }

    protected Stream<DynamicTest> table(Dataset data, SegmentLookup segments, Row... rows) {
        return Stream.of(rows).map(row -> DynamicTest.dynamicTest(row.behaviour(), () -> {
            Condition filter = SegmentJson.readCondition(row.filter(), "$.filter");
            assertThat(evaluator().members(data, filter, NOW, segments))
                    .as("%s%n  filter: %s%n  now: %s", row.behaviour(), row.filter(), NOW)
                    .containsExactlyInAnyOrderElementsOf(row.members());
        }));
    }

    /** Every user of the data set except the given ones. */
    protected static String[] allBut(Dataset data, String... excluded) {
        List<String> ids = new ArrayList<>();
        for (Profile p : data.profiles()) {
            if (!List.of(excluded).contains(p.userId())) {
                ids.add(p.userId());
            }
        }
        if (ids.size() != data.profiles().size() - excluded.length) {
            throw new IllegalArgumentException("not all excluded ids are users: " + List.of(excluded));
        }
        return ids.toArray(String[]::new);
    }

    private static String[] concat(String[] ids, String... more) {
        List<String> all = new ArrayList<>(List.of(ids));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A stored segment: {@code json} is the resource without id and name, which are both {@code id}. */
    protected static Segment segment(String id, String json) {
        return SegmentJson.readSegment("{\"id\": \"" + id + "\", \"name\": \"" + id + "\", " + json.substring(1));
    }

    /** A lookup over the given segments by id. */
    protected static SegmentLookup lookup(Segment... segments) {
        Map<String, Segment> byId = new HashMap<>();
        for (Segment s : segments) {
            byId.put(s.id().orElseThrow(), s);
        }
        return id -> Optional.ofNullable(byId.get(id));
    }
}

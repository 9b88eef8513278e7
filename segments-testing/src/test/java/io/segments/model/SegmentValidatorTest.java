package io.segments.model;

import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every invalid form the contract lists, as data: the segment as a user would send it, the
 * exact path of the first offending place, and words the message must contain.
 */
class SegmentValidatorTest {

    private record Rejected(String behaviour, String json, String path, String message) {
    }

    private static Rejected rejected(String behaviour, String json, String path, String message) {
        return new Rejected(behaviour, json, path, message);
    }

    /** A dynamic segment with this filter. */
    private static String filter(String condition) {
        return "{\"name\": \"n\", \"filter\": " + condition + "}";
    }

    private static final Rejected[] REJECTED = {
            // unknown keys
            rejected("unknown key in a condition", filter("{\"did\": \"A\", \"wen\": {\"last\": \"1d\"}}"),
                    "$.filter.wen", "unknown key \"wen\""),
            rejected("unknown key in the segment", "{\"name\": \"n\", \"filter\": {\"did\": \"A\"}, \"colour\": 1}",
                    "$.colour", "unknown key \"colour\""),
            rejected("unknown key in a window", filter("{\"did\": \"A\", \"when\": {\"last\": \"1d\", \"tz\": \"UTC\"}}"),
                    "$.filter.when.tz", "unknown key \"tz\""),
            rejected("unknown key in a property filter", filter("{\"did\": \"A\", \"where\": [{\"prop\": \"x\", "
                    + "\"op\": \"exists\"}]}"), "$.filter.where[0].prop", "unknown key \"prop\""),
            rejected("unknown key in a step", filter("{\"sequence\": [{\"did\": \"A\"}, {\"did\": \"B\", \"after\": \"1h\"}]}"),
                    "$.filter.sequence[1].after", "unknown key \"after\""),
            rejected("unknown key in count", filter("{\"did\": \"A\", \"count\": {\"op\": \"gt\", \"value\": 1, \"max\": 2}}"),
                    "$.filter.count.max", "unknown key \"max\""),
            rejected("a key of another condition kind", filter("{\"attribute\": \"a\", \"op\": \"exists\", \"when\": {}}"),
                    "$.filter.when", "unknown key \"when\""),
            rejected("an odd key is quoted in the path", filter("{\"did\": \"A\", \"we re\": 1}"),
                    "$.filter['we re']", "unknown key \"we re\""),
            // discriminating keys
            rejected("two condition kinds in one object", filter("{\"did\": \"A\", \"didNot\": \"B\"}"),
                    "$.filter.didNot", "both did and didNot"),
            rejected("no condition kind", filter("{\"when\": {\"last\": \"1d\"}}"), "$.filter", "needs exactly one of"),
            rejected("an empty condition", filter("{}"), "$.filter", "needs exactly one of"),
            rejected("a step with did and didNot", filter("{\"sequence\": [{\"did\": \"A\", \"didNot\": \"B\"}]}"),
                    "$.filter.sequence[0].didNot", "both did and didNot"),
            rejected("a window with two forms", filter("{\"did\": \"A\", \"when\": {\"last\": \"1d\", \"since\": \"2026-11-01\"}}"),
                    "$.filter.when.since", "both last and since"),
            rejected("an empty window", filter("{\"did\": \"A\", \"when\": {}}"), "$.filter.when", "needs exactly one of"),
            // wrong types
            rejected("and of an object", filter("{\"and\": {\"did\": \"A\"}}"), "$.filter.and", "must be an array"),
            rejected("an event name that is a number", filter("{\"did\": 5}"), "$.filter.did", "must be a string, not a number"),
            rejected("a condition that is an array", filter("[{\"did\": \"A\"}]"), "$.filter", "must be a JSON object"),
            rejected("a condition inside and that is a string", filter("{\"and\": [{\"did\": \"A\"}, \"B\"]}"),
                    "$.filter.and[1]", "must be a JSON object, not a string"),
            rejected("firstTime that is not a boolean", filter("{\"did\": \"A\", \"firstTime\": \"yes\"}"),
                    "$.filter.firstTime", "true or false"),
            rejected("where that is an object", filter("{\"did\": \"A\", \"where\": {\"property\": \"x\", \"op\": \"exists\"}}"),
                    "$.filter.where", "must be an array"),
            rejected("a name that is a number", "{\"name\": 5, \"filter\": {\"did\": \"A\"}}", "$.name", "must be a string"),
            rejected("a null description", "{\"name\": \"n\", \"description\": null, \"filter\": {\"did\": \"A\"}}",
                    "$.description", "not null"),
            rejected("a segment that is an array", "[]", "$", "must be a JSON object"),
            // operators and values
            rejected("unknown op", filter("{\"attribute\": \"a\", \"op\": \"like\", \"value\": \"x\"}"), "$.filter.op",
                    "unknown op \"like\""),
            rejected("missing op", filter("{\"attribute\": \"a\", \"value\": \"x\"}"), "$.filter.op", "needs op"),
            rejected("value missing for eq", filter("{\"attribute\": \"a\", \"op\": \"eq\"}"), "$.filter.value",
                    "eq needs a value"),
            rejected("a value for exists", filter("{\"attribute\": \"a\", \"op\": \"exists\", \"value\": true}"),
                    "$.filter.value", "exists takes no value"),
            rejected("a value for notExists in where", filter("{\"did\": \"A\", \"where\": [{\"property\": \"p\", "
                    + "\"op\": \"notExists\", \"value\": 1}]}"), "$.filter.where[0].value", "notExists takes no value"),
            rejected("a null value", filter("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": null}"), "$.filter.value",
                    "must not be null"),
            rejected("an object value", filter("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": {\"x\": 1}}"),
                    "$.filter.value", "not an object"),
            rejected("eq with an array", filter("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": [1]}"),
                    "$.filter.value", "eq takes a string, a number or a boolean"),
            rejected("gt with a boolean", filter("{\"attribute\": \"a\", \"op\": \"gt\", \"value\": true}"),
                    "$.filter.value", "gt takes a number or a string"),
            rejected("between with one bound", filter("{\"attribute\": \"a\", \"op\": \"between\", \"value\": [1]}"),
                    "$.filter.value", "between takes [low, high]"),
            rejected("between with a number", filter("{\"attribute\": \"a\", \"op\": \"between\", \"value\": 5}"),
                    "$.filter.value", "between takes [low, high]"),
            rejected("between with three bounds", filter("{\"attribute\": \"a\", \"op\": \"between\", \"value\": [1, 2, 3]}"),
                    "$.filter.value", "between takes [low, high]"),
            rejected("between with reversed numbers", filter("{\"attribute\": \"a\", \"op\": \"between\", \"value\": [5, 1]}"),
                    "$.filter.value", "reversed"),
            rejected("between with reversed strings", filter("{\"attribute\": \"a\", \"op\": \"between\", \"value\": [\"b\", \"a\"]}"),
                    "$.filter.value", "reversed"),
            rejected("between a number and a string", filter("{\"attribute\": \"a\", \"op\": \"between\", \"value\": [1, \"9\"]}"),
                    "$.filter.value", "two numbers or two strings"),
            rejected("in with a string", filter("{\"attribute\": \"a\", \"op\": \"in\", \"value\": \"IN\"}"),
                    "$.filter.value", "in takes an array"),
            rejected("notIn with a number", filter("{\"attribute\": \"a\", \"op\": \"notIn\", \"value\": 5}"),
                    "$.filter.value", "notIn takes an array"),
            rejected("in with an empty array", filter("{\"attribute\": \"a\", \"op\": \"in\", \"value\": []}"),
                    "$.filter.value", "at least one value"),
            rejected("in with a nested array", filter("{\"attribute\": \"a\", \"op\": \"in\", \"value\": [\"x\", [\"y\"]]}"),
                    "$.filter.value[1]", "not an array"),
            rejected("contains with a number", filter("{\"attribute\": \"a\", \"op\": \"contains\", \"value\": 5}"),
                    "$.filter.value", "contains takes a string"),
            rejected("startsWith with an array", filter("{\"attribute\": \"a\", \"op\": \"startsWith\", \"value\": [\"a\"]}"),
                    "$.filter.value", "startsWith takes a string"),
            // names
            rejected("an empty attribute name", filter("{\"attribute\": \"\", \"op\": \"exists\"}"), "$.filter.attribute",
                    "must not be empty"),
            rejected("a dotted name with an empty part", filter("{\"did\": \"A\", \"where\": [{\"property\": \"product..category\", "
                    + "\"op\": \"exists\"}]}"), "$.filter.where[0].property", "empty part"),
            rejected("an empty event name", filter("{\"didNot\": \"\"}"), "$.filter.didNot", "must not be empty"),
            rejected("an empty inSegment id", filter("{\"inSegment\": \"\"}"), "$.filter.inSegment", "must not be empty"),
            rejected("unknown channel", filter("{\"reachable\": \"fax\"}"), "$.filter.reachable", "unknown channel \"fax\""),
            // durations and windows
            rejected("a zero duration", filter("{\"and\": [{\"did\": \"A\"}, {\"did\": \"A\", \"when\": {\"last\": \"0d\"}}]}"),
                    "$.filter.and[1].when.last", "bad duration \"0d\""),
            rejected("an unknown unit", filter("{\"did\": \"A\", \"when\": {\"last\": \"10x\"}}"), "$.filter.when.last",
                    "bad duration \"10x\""),
            rejected("a negative duration", filter("{\"did\": \"A\", \"when\": {\"last\": \"-1d\"}}"), "$.filter.when.last",
                    "bad duration \"-1d\""),
            rejected("a duration without a unit", filter("{\"did\": \"A\", \"when\": {\"last\": \"10\"}}"),
                    "$.filter.when.last", "bad duration \"10\""),
            rejected("a fractional duration", filter("{\"did\": \"A\", \"when\": {\"last\": \"1.5h\"}}"),
                    "$.filter.when.last", "bad duration"),
            rejected("a duration that is a number", filter("{\"did\": \"A\", \"when\": {\"last\": 10}}"),
                    "$.filter.when.last", "a duration must be a string"),
            rejected("a bad within", filter("{\"sequence\": [{\"did\": \"A\"}, {\"did\": \"B\", \"within\": \"soon\"}]}"),
                    "$.filter.sequence[1].within", "bad duration \"soon\""),
            rejected("from shorter than to", filter("{\"did\": \"A\", \"when\": {\"from\": \"7d\", \"to\": \"30d\"}}"),
                    "$.filter.when.from", "the window starts 7 days ago and ends 30 days ago: its start must be before its end"),
            rejected("from as long as to", filter("{\"did\": \"A\", \"when\": {\"from\": \"1w\", \"to\": \"7d\"}}"),
                    "$.filter.when.from", "the window starts 1 week ago and ends 7 days ago"),
            rejected("from without to", filter("{\"did\": \"A\", \"when\": {\"from\": \"30d\"}}"), "$.filter.when.to",
                    "needs to"),
            rejected("to without from", filter("{\"did\": \"A\", \"when\": {\"to\": \"7d\"}}"), "$.filter.when.from",
                    "needs from"),
            rejected("between dates reversed", filter("{\"did\": \"A\", \"when\": {\"between\": [\"2026-11-10\", \"2026-11-01\"]}}"),
                    "$.filter.when.between", "the window starts on 2026-11-10 and ends on 2026-11-01: its start must be before its end"),
            rejected("between instants reversed", filter("{\"did\": \"A\", \"when\": {\"between\": "
                    + "[\"2026-11-01T10:00:00Z\", \"2026-11-01T09:59:59Z\"]}}"), "$.filter.when.between", "starts at 2026-11-01T10:00:00Z and ends at 2026-11-01T09:59:59Z"),
            rejected("between an instant after the end of a date", filter("{\"did\": \"A\", \"when\": {\"between\": "
                    + "[\"2026-11-02T00:00:00Z\", \"2026-11-01\"]}}"), "$.filter.when.between",
                    "starts at 2026-11-02T00:00:00Z and ends on 2026-11-01: its start must be before its end"),
            rejected("a window between with one date", filter("{\"did\": \"A\", \"when\": {\"between\": [\"2026-11-01\"]}}"),
                    "$.filter.when.between", "between takes [start, end]"),
            rejected("an invalid date", filter("{\"did\": \"A\", \"when\": {\"between\": [\"2026-13-01\", \"2026-12-01\"]}}"),
                    "$.filter.when.between[0]", "neither a date"),
            rejected("a date that does not exist", filter("{\"did\": \"A\", \"when\": {\"since\": \"2026-02-30\"}}"),
                    "$.filter.when.since", "neither a date"),
            rejected("a time point that is a number", filter("{\"did\": \"A\", \"when\": {\"since\": 20261101}}"),
                    "$.filter.when.since", "a time must be a date"),
            // count and aggregate
            rejected("a negative count", filter("{\"did\": \"A\", \"count\": {\"op\": \"gte\", \"value\": -1}}"),
                    "$.filter.count.value", "non-negative integer"),
            rejected("a fractional count", filter("{\"did\": \"A\", \"count\": {\"op\": \"gte\", \"value\": 2.5}}"),
                    "$.filter.count.value", "non-negative integer, not 2.5"),
            rejected("a count that is a string", filter("{\"did\": \"A\", \"count\": {\"op\": \"gte\", \"value\": \"3\"}}"),
                    "$.filter.count.value", "must be a number"),
            rejected("a count with a string op", filter("{\"did\": \"A\", \"count\": {\"op\": \"contains\", \"value\": 3}}"),
                    "$.filter.count.op", "count takes eq, neq, gt, gte, lt, lte or between"),
            rejected("a count between reversed", filter("{\"did\": \"A\", \"count\": {\"op\": \"between\", \"value\": [3, 1]}}"),
                    "$.filter.count.value", "reversed"),
            rejected("a count between with a negative bound", filter("{\"did\": \"A\", \"count\": {\"op\": \"between\", "
                    + "\"value\": [0, -1]}}"), "$.filter.count.value[1]", "non-negative integer"),
            rejected("a count without value", filter("{\"did\": \"A\", \"count\": {\"op\": \"gt\"}}"),
                    "$.filter.count.value", "needs a value"),
            rejected("unknown aggregate fn", filter("{\"did\": \"A\", \"aggregate\": {\"fn\": \"median\", \"property\": "
                    + "\"amount\", \"op\": \"gt\", \"value\": 1}}"), "$.filter.aggregate.fn", "unknown aggregate fn \"median\""),
            rejected("an aggregate without property", filter("{\"did\": \"A\", \"aggregate\": {\"fn\": \"sum\", "
                    + "\"op\": \"gt\", \"value\": 1}}"), "$.filter.aggregate.property", "needs property"),
            rejected("an aggregate compared with a string", filter("{\"did\": \"A\", \"aggregate\": {\"fn\": \"sum\", "
                    + "\"property\": \"amount\", \"op\": \"gt\", \"value\": \"700\"}}"), "$.filter.aggregate.value",
                    "must be a number"),
            rejected("an aggregate between reversed", filter("{\"did\": \"A\", \"aggregate\": {\"fn\": \"max\", "
                    + "\"property\": \"amount\", \"op\": \"between\", \"value\": [9.5, 1]}}"), "$.filter.aggregate.value",
                    "reversed"),
            // sequences
            rejected("a didNot step that is not last", filter("{\"sequence\": [{\"did\": \"A\"}, {\"didNot\": \"B\", "
                    + "\"within\": \"1h\"}, {\"did\": \"C\"}]}"), "$.filter.sequence[1].didNot", "must be the last step"),
            rejected("a didNot step without within", filter("{\"sequence\": [{\"did\": \"A\"}, {\"didNot\": \"B\"}]}"),
                    "$.filter.sequence[1].within", "needs within"),
            rejected("a sequence that starts with didNot", filter("{\"sequence\": [{\"didNot\": \"A\", \"within\": \"1h\"}, "
                    + "{\"did\": \"B\"}]}"), "$.filter.sequence[0].didNot", "cannot start with didNot"),
            rejected("within on the first step", filter("{\"sequence\": [{\"did\": \"A\", \"within\": \"1h\"}]}"),
                    "$.filter.sequence[0].within", "first step"),
            rejected("an empty sequence", filter("{\"sequence\": []}"), "$.filter.sequence", "at least one step"),
            rejected("unknown occurrence", filter("{\"sequence\": [{\"did\": \"A\"}], \"occurrence\": \"first\"}"),
                    "$.filter.occurrence", "unknown occurrence \"first\""),
            rejected("an empty and", filter("{\"and\": []}"), "$.filter.and", "at least one condition"),
            rejected("an empty or", filter("{\"not\": {\"or\": []}}"), "$.filter.not.or", "at least one condition"),
            // the segment resource
            rejected("an empty name", "{\"name\": \"\", \"filter\": {\"did\": \"A\"}}", "$.name", "must not be empty"),
            rejected("a blank name", "{\"name\": \"   \", \"filter\": {\"did\": \"A\"}}", "$.name", "must not be empty"),
            rejected("a name over 200 characters", "{\"name\": \"" + "x".repeat(201) + "\", \"filter\": {\"did\": \"A\"}}",
                    "$.name", "201 characters long; at most 200"),
            rejected("no name", "{\"filter\": {\"did\": \"A\"}}", "$.name", "needs a name"),
            rejected("a dynamic segment without filter", "{\"name\": \"n\"}", "$.filter", "dynamic segment needs a filter"),
            rejected("a live segment without filter", "{\"name\": \"n\", \"type\": \"live\"}", "$.filter",
                    "live segment needs a filter"),
            rejected("a static segment with a filter", "{\"name\": \"n\", \"type\": \"static\", \"filter\": {\"did\": \"A\"}}",
                    "$.filter", "static segment has a member list, not a filter"),
            rejected("members on a dynamic segment", "{\"name\": \"n\", \"filter\": {\"did\": \"A\"}, \"members\": [\"u1\"]}",
                    "$.members", "only a static segment has members"),
            rejected("an empty member list on a live segment", "{\"name\": \"n\", \"type\": \"live\", "
                    + "\"filter\": {\"did\": \"A\"}, \"members\": []}", "$.members", "only a static segment has members"),
            rejected("a member id that is a number", "{\"name\": \"n\", \"type\": \"static\", \"members\": [\"u1\", 2]}",
                    "$.members[1]", "must be a string"),
            rejected("an empty member id", "{\"name\": \"n\", \"type\": \"static\", \"members\": [\"\"]}",
                    "$.members[0]", "must not be empty"),
            rejected("unknown type", "{\"name\": \"n\", \"type\": \"segment\", \"filter\": {\"did\": \"A\"}}", "$.type",
                    "unknown segment type \"segment\""),
            rejected("a type of the wrong case", "{\"name\": \"n\", \"type\": \"Dynamic\", \"filter\": {\"did\": \"A\"}}",
                    "$.type", "unknown segment type"),
            rejected("a createdAt that is not an instant", "{\"name\": \"n\", \"filter\": {\"did\": \"A\"}, "
                    + "\"createdAt\": \"yesterday\"}", "$.createdAt", "not an ISO-8601 instant"),
            // malformed JSON
            rejected("malformed JSON: the path of the last value read", "{\"name\": \"n\", \"filter\": {\"did\": \"A\",}}",
                    "$.filter.did", "malformed JSON"),
            rejected("malformed JSON in an array", "{\"name\": \"n\", \"filter\": {\"and\": [{\"did\": \"A\"}, ]}}",
                    "$.filter.and[1]", "malformed JSON"),
            rejected("a duplicate key", "{\"name\": \"n\", \"filter\": {\"did\": \"A\", \"did\": \"B\"}}", "$.filter.did",
                    "Duplicate field 'did'"),
            rejected("content after the document", "{\"name\": \"n\", \"filter\": {\"did\": \"A\"}} {}", "$",
                    "malformed JSON"),
            rejected("an empty body", "", "$", "empty"),
            // the first offending place
            rejected("the first problem in reading order is the one reported", filter("{\"and\": [{\"did\": \"A\", "
                    + "\"when\": {\"last\": \"0d\"}}, {\"bogus\": 1}]}"), "$.filter.and[0].when.last", "bad duration"),
            rejected("key names are checked before values", filter("{\"did\": 5, \"bogus\": 1}"), "$.filter.bogus",
                    "unknown key \"bogus\""),
    };

    @TestFactory
    Stream<DynamicTest> everyInvalidFormIsRejectedWithItsPath() {
        return Stream.of(REJECTED).map(r -> DynamicTest.dynamicTest(r.behaviour(), () -> {
            SegmentsException e = catchThrowableOfType(SegmentsException.class, () -> SegmentJson.readSegment(r.json()));
            assertThat(e).as("%s is rejected: %s", r.behaviour(), r.json()).isNotNull();
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
            assertThat(e.path()).as("path of %s", r.json()).contains(r.path());
            assertThat(e.getMessage()).contains(r.message());
        }));
    }

    @TestFactory
    Stream<DynamicTest> theSameFormsBuiltInCodeAreRejectedByTheValidator() {
        // the invalid forms that an AST can hold; read them leniently by building them in code
        return Stream.of(
                DynamicTest.dynamicTest("an empty name", () -> assertInvalid(new Segment(java.util.Optional.empty(), "",
                        java.util.Optional.empty(), SegmentType.DYNAMIC, java.util.Optional.of(Condition.Did.of("A")),
                        java.util.List.of(), java.util.Optional.empty(), java.util.Optional.empty()), "$.name")),
                DynamicTest.dynamicTest("members on a dynamic segment", () -> assertInvalid(new Segment(
                        java.util.Optional.empty(), "n", java.util.Optional.empty(), SegmentType.DYNAMIC,
                        java.util.Optional.of(Condition.Did.of("A")), java.util.List.of("u1"), java.util.Optional.empty(),
                        java.util.Optional.empty()), "$.members")),
                DynamicTest.dynamicTest("a filter missing", () -> assertInvalid(new Segment(java.util.Optional.empty(),
                        "n", java.util.Optional.empty(), SegmentType.LIVE, java.util.Optional.empty(), java.util.List.of(),
                        java.util.Optional.empty(), java.util.Optional.empty()), "$.filter")),
                DynamicTest.dynamicTest("a negative count deep in the tree", () -> assertInvalid(Segment.dynamic("n",
                        new Condition.Or(java.util.List.of(Condition.Did.of("A"), new Condition.Not(new Condition.Did("A",
                                java.util.Optional.empty(), java.util.List.of(),
                                java.util.Optional.of(NumberTest.of(Operator.GT, -1)), java.util.Optional.empty(),
                                false))))), "$.filter.or[1].not.count.value")),
                DynamicTest.dynamicTest("a relative window reversed", () -> assertInvalid(Segment.dynamic("n",
                        new Condition.DidNot("A", java.util.Optional.of(new Window.Relative(span("7d"), span("30d"))),
                                java.util.List.of())), "$.filter.when.from")),
                DynamicTest.dynamicTest("a didNot step in the middle", () -> assertInvalid(Segment.dynamic("n",
                        new Condition.Sequence(java.util.List.of(Step.did("A"), Step.didNot("B", span("1h")), Step.did("C")),
                                java.util.Optional.empty(), Occurrence.ANY)), "$.filter.sequence[1].didNot")),
                DynamicTest.dynamicTest("a between with one bound", () -> assertInvalid(Segment.dynamic("n",
                        new Condition.Attribute(FieldTest.of("a", Operator.BETWEEN,
                                new Literal.Array(java.util.List.of(Literal.Num.of(1)))))), "$.filter.value")),
                DynamicTest.dynamicTest("eq without a value", () -> assertInvalid(Segment.dynamic("n",
                        new Condition.Attribute(FieldTest.of("a", Operator.EQ))), "$.filter.value")));
    }

    private static Span span(String text) {
        return Span.parse(text).orElseThrow();
    }

    private static void assertInvalid(Segment segment, String path) {
        assertThatThrownBy(() -> SegmentValidator.validate(segment))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
                    assertThat(e.path()).contains(path);
                });
    }
}

package io.segments.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON codec: the canonical form of every construct, and what reading keeps and normalises. */
class SegmentJsonTest {

    /** Canonical JSON of every condition kind and form: reading then writing gives the same text. */
    private static final List<String> CANONICAL = List.of(
            "{\"and\":[{\"did\":\"A\"},{\"reachable\":\"email\"}]}",
            "{\"or\":[{\"did\":\"A\"}]}",
            "{\"not\":{\"inSegment\":\"sgm_8f3k2\"}}",
            "{\"attribute\":\"country\",\"op\":\"eq\",\"value\":\"IN\"}",
            "{\"attribute\":\"age\",\"op\":\"between\",\"value\":[18,65]}",
            "{\"attribute\":\"vip\",\"op\":\"eq\",\"value\":true}",
            "{\"attribute\":\"email\",\"op\":\"exists\"}",
            "{\"attribute\":\"address.city\",\"op\":\"in\",\"value\":[\"Pune\",\"Delhi\",500,false]}",
            "{\"did\":\"Charged\",\"when\":{\"last\":\"100d\"},\"where\":[{\"property\":\"amount\",\"op\":\"gt\","
                    + "\"value\":500},{\"property\":\"color\",\"op\":\"in\",\"value\":[\"red\",\"blue\"]}],"
                    + "\"count\":{\"op\":\"gte\",\"value\":3},\"aggregate\":{\"fn\":\"sum\",\"property\":\"amount\","
                    + "\"op\":\"gt\",\"value\":700},\"firstTime\":true}",
            "{\"did\":\"A\",\"count\":{\"op\":\"between\",\"value\":[1,3]}}",
            "{\"did\":\"A\",\"aggregate\":{\"fn\":\"avg\",\"property\":\"amount\",\"op\":\"between\",\"value\":[0.5,99.95]}}",
            "{\"didNot\":\"Charged\",\"when\":{\"from\":\"30d\",\"to\":\"7d\"},\"where\":[{\"property\":\"category\","
                    + "\"op\":\"notContains\",\"value\":\"tv\"}]}",
            "{\"sequence\":[{\"did\":\"Added To Cart\"},{\"didNot\":\"Charged\",\"within\":\"10m\"}],"
                    + "\"when\":{\"last\":\"30d\"},\"occurrence\":\"any\"}",
            "{\"sequence\":[{\"did\":\"A\",\"where\":[{\"property\":\"x\",\"op\":\"notExists\"}]},{\"did\":\"B\","
                    + "\"within\":\"1h\"},{\"did\":\"C\"}],\"occurrence\":\"last\"}",
            "{\"did\":\"A\",\"when\":{\"between\":[\"2026-11-01\",\"2026-11-10T10:00:00Z\"]}}",
            "{\"did\":\"A\",\"when\":{\"between\":[\"2026-11-01T10:00:00+05:30\",\"2026-11-10\"]}}",
            "{\"did\":\"A\",\"when\":{\"since\":\"2026-11-01\"}}",
            "{\"did\":\"A\",\"when\":{\"last\":\"2w\"}}",
            "{\"inSegment\":\"sgm_8f3k2\"}",
            "{\"reachable\":\"push\"}");

    @TestFactory
    Stream<DynamicTest> canonicalConditionsReadAndWriteBackUnchanged() {
        return CANONICAL.stream().map(json -> DynamicTest.dynamicTest(json, () -> {
            Condition condition = SegmentJson.readCondition(json, "$.filter");
            assertThat(SegmentJson.write(condition)).isEqualTo(json);
            assertThat(SegmentJson.readCondition(SegmentJson.write(condition), "$.filter")).isEqualTo(condition);
        }));
    }

    @Test
    void everyConditionKindHasACanonicalExample() {
        for (Class<?> kind : Condition.class.getPermittedSubclasses()) {
            String key = Character.toLowerCase(kind.getSimpleName().charAt(0)) + kind.getSimpleName().substring(1);
            assertThat(CANONICAL).as(kind.getSimpleName()).anyMatch(json -> json.startsWith("{\"" + key + "\""));
        }
        for (Class<?> form : Window.class.getPermittedSubclasses()) {
            if (form != Window.Interval.class) {
                String key = form == Window.Relative.class ? "from"
                        : Character.toLowerCase(form.getSimpleName().charAt(0)) + form.getSimpleName().substring(1);
                assertThat(CANONICAL).as(form.getSimpleName()).anyMatch(json -> json.contains("\"when\":{\"" + key));
            }
        }
    }

    @Test
    void numbersKeepTheDigitsTheyWereWrittenWith() {
        Condition c = SegmentJson.readCondition(
                "{\"attribute\": \"a\", \"op\": \"in\", \"value\": [500, 500.5, 500.0, 500.50, -7, 12345678901234567890123]}",
                "$");
        assertThat(SegmentJson.write(c))
                .isEqualTo("{\"attribute\":\"a\",\"op\":\"in\",\"value\":[500,500.5,500.0,500.50,-7,12345678901234567890123]}");
    }

    @Test
    void numbersInExponentFormAreWrittenAsTheirDecimalValue() {
        Condition c = SegmentJson.readCondition("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": 1e3}", "$");
        assertThat(((Condition.Attribute) c).test().value()).contains(new Literal.Num(new BigDecimal("1000")));
        String written = SegmentJson.write(c);
        assertThat(SegmentJson.readCondition(written, "$")).isEqualTo(c);
        assertThat(SegmentJson.write(SegmentJson.readCondition(written, "$"))).isEqualTo(written);
    }

    @Test
    void equalityOfNumbersIsByValue() {
        assertThat(SegmentJson.readCondition("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": 500}", "$"))
                .isEqualTo(SegmentJson.readCondition("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": 500.00}", "$"));
    }

    @Test
    void keysAreWrittenInCanonicalOrderWhateverTheInputOrder() {
        Condition c = SegmentJson.readCondition("{\"firstTime\": true, \"count\": {\"value\": 3, \"op\": \"gte\"}, "
                + "\"when\": {\"last\": \"7d\"}, \"did\": \"A\"}", "$");
        assertThat(SegmentJson.write(c))
                .isEqualTo("{\"did\":\"A\",\"when\":{\"last\":\"7d\"},\"count\":{\"op\":\"gte\",\"value\":3},\"firstTime\":true}");
    }

    @Test
    void defaultsAreReadAndFirstTimeFalseIsLeftOut() {
        Condition seq = SegmentJson.readCondition("{\"sequence\": [{\"did\": \"A\"}]}", "$");
        assertThat(((Condition.Sequence) seq).occurrence()).isEqualTo(Occurrence.ANY);
        assertThat(SegmentJson.write(seq)).isEqualTo("{\"sequence\":[{\"did\":\"A\"}],\"occurrence\":\"any\"}");
        Condition did = SegmentJson.readCondition("{\"did\": \"A\", \"firstTime\": false, \"where\": []}", "$");
        assertThat(did).isEqualTo(Condition.Did.of("A"));
        assertThat(SegmentJson.write(did)).isEqualTo("{\"did\":\"A\"}");
    }

    @Test
    void timePointsAreWrittenAsWritten() {
        Condition c = SegmentJson.readCondition(
                "{\"did\": \"A\", \"when\": {\"between\": [\"2026-11-01T10:00:00.000Z\", \"2026-11-02T00:00:00+01:00\"]}}",
                "$");
        Window.Between between = (Window.Between) ((Condition.Did) c).when().orElseThrow();
        assertThat(between.start().text()).isEqualTo("2026-11-01T10:00:00.000Z");
        assertThat(between.end().asEndMillis()).isEqualTo(Instant.parse("2026-11-01T23:00:00Z").toEpochMilli());
        assertThat(SegmentJson.write(c)).contains("[\"2026-11-01T10:00:00.000Z\",\"2026-11-02T00:00:00+01:00\"]");
    }

    @Test
    void aWholeSegmentRoundTripsInTheOrderOfTheContract() {
        String json = "{\"id\":\"sgm_8f3k2\",\"name\":\"Abandoned cart (10 min)\",\"description\":\"optional text\","
                + "\"type\":\"live\",\"filter\":{\"did\":\"A\"},\"createdAt\":\"2026-11-28T10:00:00Z\","
                + "\"updatedAt\":\"2026-11-28T10:00:00.123Z\"}";
        Segment s = SegmentJson.readSegment(json);
        assertThat(s.id()).contains("sgm_8f3k2");
        assertThat(s.type()).isEqualTo(SegmentType.LIVE);
        assertThat(s.createdAt()).contains(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(SegmentJson.write(s)).isEqualTo(json);
    }

    @Test
    void theTypeDefaultsToDynamicAndIsAlwaysWritten() {
        Segment s = SegmentJson.readSegment("{\"name\": \"n\", \"filter\": {\"did\": \"A\"}}");
        assertThat(s).isEqualTo(Segment.dynamic("n", Condition.Did.of("A")));
        assertThat(SegmentJson.write(s)).isEqualTo("{\"name\":\"n\",\"type\":\"dynamic\",\"filter\":{\"did\":\"A\"}}");
    }

    @Test
    void aStaticSegmentAlwaysHasItsMemberList() {
        Segment listed = SegmentJson.readSegment("{\"name\": \"VIP\", \"type\": \"static\", \"members\": [\"u1\", \"u2\"]}");
        assertThat(listed.members()).containsExactly("u1", "u2");
        assertThat(listed.filter()).isEmpty();
        Segment empty = SegmentJson.readSegment("{\"name\": \"VIP\", \"type\": \"static\"}");
        assertThat(SegmentJson.write(empty)).isEqualTo("{\"name\":\"VIP\",\"type\":\"static\",\"members\":[]}");
    }

    @Test
    void aNameOf200CharactersIsAllowedCountingCodePoints() {
        String name = "\uD83D\uDE00".repeat(200);
        Segment s = SegmentJson.readSegment("{\"name\": \"" + name + "\", \"filter\": {\"did\": \"A\"}}");
        assertThat(s.name()).isEqualTo(name);
    }

    @Test
    void aBareConditionReportsPathsUnderItsBase() {
        assertThatThrownBy(() -> SegmentJson.readCondition("{\"did\": 5}", "$.filter"))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.filter.did"));
        assertThatThrownBy(() -> SegmentJson.readCondition("{\"did\": \"A\",}", "$.filter"))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path().orElseThrow())
                        .startsWith("$.filter"));
        JsonNode body = SegmentJson.readTree("{\"filter\": {\"did\": \"A\", \"count\": {\"op\": \"gte\"}}}");
        assertThatThrownBy(() -> SegmentJson.readCondition(body.get("filter"), "$.filter"))
                .isInstanceOfSatisfying(SegmentsException.class,
                        e -> assertThat(e.path()).contains("$.filter.count.value"));
    }

    @Test
    void aBasePathMustBeAJsonPath() {
        assertThatThrownBy(() -> SegmentJson.readCondition("{\"did\": \"A\"}", "filter"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void treesBuiltWithDoublesReadAsTheirShortestDecimal() throws Exception {
        JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"attribute\": \"a\", \"op\": \"eq\", \"value\": 0.1}");
        Condition c = SegmentJson.readCondition(tree, "$");
        assertThat(((Condition.Attribute) c).test().value()).contains(new Literal.Num(new BigDecimal("0.1")));
    }

    @Test
    void writingACodeBuiltSegmentUsesTheSameForm() {
        Segment s = new Segment(Optional.empty(), "n", Optional.empty(), SegmentType.DYNAMIC,
                Optional.of(new Condition.Did("A", Optional.of(new Window.Last(Span.parse("7d").orElseThrow())),
                        List.of(FieldTest.of("amount", Operator.GT, Literal.Num.of(500))),
                        Optional.of(NumberTest.between(1, 3)), Optional.empty(), false)),
                List.of(), Optional.empty(), Optional.empty());
        assertThat(SegmentJson.write(s)).isEqualTo("{\"name\":\"n\",\"type\":\"dynamic\",\"filter\":{\"did\":\"A\","
                + "\"when\":{\"last\":\"7d\"},\"where\":[{\"property\":\"amount\",\"op\":\"gt\",\"value\":500}],"
                + "\"count\":{\"op\":\"between\",\"value\":[1,3]}}}");
        assertThat(SegmentJson.readSegment(SegmentJson.write(s))).isEqualTo(s);
    }
}

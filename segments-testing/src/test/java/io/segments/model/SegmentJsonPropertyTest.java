package io.segments.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Definitions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random definitions round-trip through JSON; anything else fed to the parser either parses
 * into a valid definition or fails with the documented error, never another exception.
 */
class SegmentJsonPropertyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property
    void randomConditionsRoundTrip(@ForAll("conditions") Condition condition) {
        SegmentValidator.validate(condition, "$.filter");
        String json = SegmentJson.write(condition);
        Condition read = SegmentJson.readCondition(json, "$.filter");
        assertThat(read).isEqualTo(condition);
        assertThat(SegmentJson.write(read)).isEqualTo(json);
    }

    @Property
    void randomSegmentsRoundTrip(@ForAll("segments") Segment segment) {
        SegmentValidator.validate(segment);
        String json = SegmentJson.write(segment);
        Segment read = SegmentJson.readSegment(json);
        assertThat(read).isEqualTo(segment);
        assertThat(SegmentJson.write(read)).isEqualTo(json);
        assertThat(SegmentJson.readSegment(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(segment);
    }

    @Property
    void randomBytesParseOrFailAsDocumented(@ForAll byte[] bytes) {
        outcome(() -> SegmentJson.readSegment(bytes));
    }

    @Property
    void randomStringsParseOrFailAsDocumented(@ForAll String text) {
        outcome(() -> SegmentJson.readSegment(text));
    }

    @Property
    void jsonLikeStringsParseOrFailAsDocumented(@ForAll("jsonLike") String text) {
        outcome(() -> SegmentJson.readSegment(text));
        outcome(() -> Segment.dynamic("n", SegmentJson.readCondition(text, "$.filter")));
    }

    @Property
    void mutatedDefinitionsParseOrFailAsDocumented(@ForAll("mutated") String json) {
        String outcome = outcome(() -> SegmentJson.readSegment(json));
        Statistics.label("outcome").collect(outcome).coverage(c -> {
            c.check("rejected").percentage(p -> p > 40);
            c.check("accepted").percentage(p -> p > 3);
        });
    }

    /** Parses, then checks the result is valid and round-trips, or checks the error is the documented one. */
    private static String outcome(Supplier<Segment> read) {
        try {
            Segment segment = read.get();
            SegmentValidator.validate(segment);
            assertThat(SegmentJson.readSegment(SegmentJson.write(segment))).isEqualTo(segment);
            return "accepted";
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
            assertThat(e.path()).hasValueSatisfying(p -> assertThat(p).startsWith("$"));
            assertThat(e.getMessage()).isNotBlank();
            return "rejected";
        }
    }

    @Provide
    Arbitrary<Condition> conditions() {
        return Definitions.conditions(3);
    }

    @Provide
    Arbitrary<Segment> segments() {
        return Definitions.segments();
    }

    @Provide
    Arbitrary<String> jsonLike() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789.-eE tfnul").withChars("didNotandorwhenlast")
                .ofMaxLength(60);
    }

    // ---- mutations of valid JSON

    private enum Mutation { RENAME_KEY, DROP_KEY, DUPLICATE_KEY, RETYPE_VALUE }

    private static final List<String> KEYS = List.of("and", "or", "not", "attribute", "did", "didNot", "sequence",
            "inSegment", "reachable", "op", "value", "when", "where", "count", "aggregate", "firstTime", "occurrence",
            "within", "last", "from", "to", "between", "since", "property", "fn", "name", "type", "filter", "members",
            "id", "description", "createdAt", "updatedAt", "Did", "x", "");

    private static final List<String> VALUES = List.of("1", "-1", "2.5", "0", "1e3", "\"x\"", "\"\"", "\"10m\"",
            "\"0d\"", "\"2026-11-01\"", "\"eq\"", "\"between\"", "\"static\"", "true", "false", "null", "[]", "{}",
            "[1, \"a\"]", "[2, 1]", "[\"b\", \"a\"]", "{\"did\": \"A\"}", "[{\"did\": \"A\"}]");

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(Definitions.segments(), Arbitraries.of(Mutation.class),
                Arbitraries.integers().between(0, 10_000), Arbitraries.of(KEYS), Arbitraries.of(VALUES))
                .as(SegmentJsonPropertyTest::mutate);
    }

    private record Place(JsonNode parent, String field, int index) {
    }

    private static String mutate(Segment segment, Mutation mutation, int pick, String key, String value) {
        ObjectNode root = SegmentJson.toJson(segment);
        List<Place> fields = new ArrayList<>();
        List<Place> all = new ArrayList<>();
        collect(root, fields, all);
        switch (mutation) {
            case RENAME_KEY: {
                Place p = fields.get(pick % fields.size());
                ObjectNode parent = (ObjectNode) p.parent();
                JsonNode moved = parent.remove(p.field());
                parent.set(key, moved);
                return root.toString();
            }
            case DROP_KEY: {
                Place p = fields.get(pick % fields.size());
                ((ObjectNode) p.parent()).remove(p.field());
                return root.toString();
            }
            case DUPLICATE_KEY: {
                Place p = fields.get(pick % fields.size());
                return render(root, p);
            }
            case RETYPE_VALUE: {
                Place p = all.get(pick % all.size());
                JsonNode replacement = parse(value);
                if (p.field() != null) {
                    ((ObjectNode) p.parent()).set(p.field(), replacement);
                } else {
                    ((ArrayNode) p.parent()).set(p.index(), replacement);
                }
                return root.toString();
            }
            default:
                throw new IllegalStateException("mutation without a meaning: " + mutation);
        }
    }

    private static void collect(JsonNode node, List<Place> fields, List<Place> all) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(new Place(node, e.getKey(), -1));
                all.add(new Place(node, e.getKey(), -1));
                collect(e.getValue(), fields, all);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                all.add(new Place(node, null, i));
                collect(node.get(i), fields, all);
            }
        }
    }

    /** The tree as text, with the field at {@code duplicate} written twice. */
    private static String render(JsonNode node, Place duplicate) {
        if (node.isObject()) {
            List<String> members = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String member = quote(e.getKey()) + ":" + render(e.getValue(), duplicate);
                members.add(member);
                if (node == duplicate.parent() && e.getKey().equals(duplicate.field())) {
                    members.add(member);
                }
            }
            return "{" + String.join(",", members) + "}";
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(e -> elements.add(render(e, duplicate)));
            return "[" + String.join(",", elements) + "]";
        }
        return node.toString();
    }

    private static String quote(String key) {
        return MAPPER.getNodeFactory().textNode(key).toString();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

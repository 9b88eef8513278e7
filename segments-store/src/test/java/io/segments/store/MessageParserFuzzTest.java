package io.segments.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.model.SegmentsException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Any JSON either parses into a message or fails with INVALID_REQUEST and a path into the input, never otherwise. */
class MessageParserFuzzTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of("type", "userId", "anonymousId", "event", "name", "properties",
            "traits", "context", "device", "token", "timestamp", "messageId", "previousId", "groupId", "batch", "x");
    private final MessageParser parser = new MessageParser();

    @Property(tries = 2000)
    void anyMessageParsesOrFailsWithAPath(@ForAll("messages") JsonNode message) {
        String outcome;
        try {
            Message m = parser.parse(message, Wire.RECEIVED_AT, "$.batch[0]");
            assertThat(m.userId().isPresent() || m.anonymousId().isPresent()).isTrue();
            outcome = "parsed";
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.path()).hasValueSatisfying(p -> assertThat(p).startsWith("$.batch[0]"));
            outcome = "rejected";
        }
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(c -> {
            c.check("parsed").percentage(p -> p > 10);
            c.check("rejected").percentage(p -> p > 10);
        });
    }

    @Property(tries = 500)
    void anyBatchParsesOrFailsWithAPath(@ForAll("messages") JsonNode a, @ForAll("messages") JsonNode b,
                                        @ForAll("values") JsonNode context) {
        ObjectNode body = F.objectNode();
        body.set("batch", F.arrayNode().add(a).add(b));
        body.set("context", context);
        try {
            assertThat(parser.parseBatch(body, Wire.RECEIVED_AT)).hasSize(2);
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.path()).hasValueSatisfying(p -> assertThat(p).startsWith("$"));
        }
    }

    /** A valid message of a random type with up to three fields replaced by random values or removed. */
    @Provide
    Arbitrary<JsonNode> messages() {
        Arbitrary<JsonNode> valid = Arbitraries.of(
                "{'type':'track','userId':'u1','event':'E','properties':{'a':1}}",
                "{'type':'identify','anonymousId':'a1','traits':{'plan':'pro'},'context':{'traits':{'x':1}}}",
                "{'type':'page','userId':'u1','name':'Home','timestamp':'2026-11-28T10:00:00Z'}",
                "{'type':'screen','anonymousId':'a1','context':{'device':{'token':'t'}}}",
                "{'type':'alias','userId':'u1','previousId':'a1'}",
                "{'type':'group','userId':'u1','groupId':'g','traits':{'plan':'x'}}").map(Wire::json);
        Arbitrary<Tuple.Tuple2<String, JsonNode>> mutation = Arbitraries.of(KEYS)
                .flatMap(key -> Arbitraries.oneOf(values(), Arbitraries.just(F.missingNode())).map(v -> Tuple.of(key, v)));
        return valid.flatMap(base -> mutation.list().ofMaxSize(3).map(mutations -> {
            ObjectNode o = base.deepCopy();
            for (Tuple.Tuple2<String, JsonNode> m : mutations) {
                if (m.get2().isMissingNode()) {
                    o.remove(m.get1());
                } else {
                    o.set(m.get1(), m.get2());
                }
            }
            return (JsonNode) o;
        }));
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.of("u1", "", "2026-11-28T10:00:00Z", "2026-02-30", "+999999999-12-31T23:59:59Z",
                        "x\ud800y").map(s -> (JsonNode) F.textNode(s)),
                () -> Arbitraries.longs().map(l -> (JsonNode) F.numberNode(l)),
                () -> Arbitraries.doubles().map(d -> (JsonNode) F.numberNode(d)),
                () -> Arbitraries.of(F.booleanNode(true), F.nullNode()),
                () -> Arbitraries.maps(Arbitraries.of(KEYS), values()).ofMaxSize(3).map(m -> {
                    ObjectNode o = F.objectNode();
                    m.forEach(o::set);
                    return (JsonNode) o;
                }),
                () -> values().list().ofMaxSize(3).map(l -> {
                    ArrayNode a = F.arrayNode();
                    l.forEach(a::add);
                    return (JsonNode) a;
                }));
    }
}

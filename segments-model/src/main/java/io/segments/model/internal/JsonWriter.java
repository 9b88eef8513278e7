package io.segments.model.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.model.Aggregate;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.NumberTest;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.Step;
import io.segments.model.Window;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the segment language in its canonical JSON form: keys in the order of the contract's
 * tables, optional parts only when present, {@code firstTime} only when true, {@code occurrence}
 * always, numbers with the digits and scale they were read with, time points as written.
 */
public final class JsonWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonWriter() {
    }

    public static String text(ObjectNode node) {
        try {
            return JsonReader.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode segment(Segment segment) {
        ObjectNode o = NODES.objectNode();
        segment.id().ifPresent(id -> o.put("id", id));
        o.put("name", segment.name());
        segment.description().ifPresent(d -> o.put("description", d));
        o.put("type", segment.type().json());
        segment.filter().ifPresent(f -> o.set("filter", condition(f)));
        if (segment.type() == SegmentType.STATIC || !segment.members().isEmpty()) {
            ArrayNode members = o.putArray("members");
            segment.members().forEach(members::add);
        }
        segment.createdAt().ifPresent(t -> o.put("createdAt", t.toString()));
        segment.updatedAt().ifPresent(t -> o.put("updatedAt", t.toString()));
        return o;
    }

    public static ObjectNode condition(Condition condition) {
        return condition.accept(new Condition.Visitor<ObjectNode>() {
            @Override
            public ObjectNode visitAnd(Condition.And and) {
                ObjectNode o = NODES.objectNode();
                ArrayNode children = o.putArray("and");
                and.conditions().forEach(c -> children.add(condition(c)));
                return o;
            }

            @Override
            public ObjectNode visitOr(Condition.Or or) {
                ObjectNode o = NODES.objectNode();
                ArrayNode children = o.putArray("or");
                or.conditions().forEach(c -> children.add(condition(c)));
                return o;
            }

            @Override
            public ObjectNode visitNot(Condition.Not not) {
                ObjectNode o = NODES.objectNode();
                o.set("not", condition(not.condition()));
                return o;
            }

            @Override
            public ObjectNode visitAttribute(Condition.Attribute attribute) {
                return fieldTest("attribute", attribute.test());
            }

            @Override
            public ObjectNode visitDid(Condition.Did did) {
                ObjectNode o = NODES.objectNode();
                o.put("did", did.event());
                did.when().ifPresent(w -> o.set("when", window(w)));
                where(o, did.where());
                did.count().ifPresent(c -> {
                    ObjectNode count = o.putObject("count");
                    numberTest(count, c);
                });
                did.aggregate().ifPresent(a -> o.set("aggregate", aggregate(a)));
                if (did.firstTime()) {
                    o.put("firstTime", true);
                }
                return o;
            }

            @Override
            public ObjectNode visitDidNot(Condition.DidNot didNot) {
                ObjectNode o = NODES.objectNode();
                o.put("didNot", didNot.event());
                didNot.when().ifPresent(w -> o.set("when", window(w)));
                where(o, didNot.where());
                return o;
            }

            @Override
            public ObjectNode visitSequence(Condition.Sequence sequence) {
                ObjectNode o = NODES.objectNode();
                ArrayNode steps = o.putArray("sequence");
                sequence.steps().forEach(s -> steps.add(step(s)));
                sequence.when().ifPresent(w -> o.set("when", window(w)));
                o.put("occurrence", sequence.occurrence().json());
                return o;
            }

            @Override
            public ObjectNode visitInSegment(Condition.InSegment inSegment) {
                ObjectNode o = NODES.objectNode();
                o.put("inSegment", inSegment.segmentId());
                return o;
            }

            @Override
            public ObjectNode visitReachable(Condition.Reachable reachable) {
                ObjectNode o = NODES.objectNode();
                o.put("reachable", reachable.channel().json());
                return o;
            }
        });
    }

    private static ObjectNode step(Step step) {
        ObjectNode o = NODES.objectNode();
        o.put(step.negated() ? "didNot" : "did", step.event());
        where(o, step.where());
        step.within().ifPresent(w -> o.put("within", w.toString()));
        return o;
    }

    private static void where(ObjectNode o, List<FieldTest> where) {
        if (!where.isEmpty()) {
            ArrayNode filters = o.putArray("where");
            where.forEach(f -> filters.add(fieldTest("property", f)));
        }
    }

    private static ObjectNode fieldTest(String nameKey, FieldTest test) {
        ObjectNode o = NODES.objectNode();
        o.put(nameKey, test.name());
        o.put("op", test.op().json());
        test.value().ifPresent(v -> o.set("value", literal(v)));
        return o;
    }

    private static com.fasterxml.jackson.databind.JsonNode literal(Literal literal) {
        if (literal instanceof Literal.Text text) {
            return NODES.textNode(text.value());
        }
        if (literal instanceof Literal.Num num) {
            return number(num.value());
        }
        if (literal instanceof Literal.Bool bool) {
            return NODES.booleanNode(bool.value());
        }
        ArrayNode array = NODES.arrayNode();
        ((Literal.Array) literal).elements().forEach(e -> array.add(literal(e)));
        return array;
    }

    private static DecimalNode number(BigDecimal value) {
        return DecimalNode.valueOf(value);
    }

    private static ObjectNode aggregate(Aggregate aggregate) {
        ObjectNode o = NODES.objectNode();
        o.put("fn", aggregate.fn().json());
        o.put("property", aggregate.property());
        numberTest(o, aggregate.test());
        return o;
    }

    private static void numberTest(ObjectNode o, NumberTest test) {
        o.put("op", test.op().json());
        if (test.upper().isPresent()) {
            ArrayNode bounds = o.putArray("value");
            bounds.add(number(test.value()));
            bounds.add(number(test.upper().get()));
        } else {
            o.set("value", number(test.value()));
        }
    }

    private static ObjectNode window(Window window) {
        ObjectNode o = NODES.objectNode();
        if (window instanceof Window.Last last) {
            o.put("last", last.span().toString());
        } else if (window instanceof Window.Relative relative) {
            o.put("from", relative.from().toString());
            o.put("to", relative.to().toString());
        } else if (window instanceof Window.Between between) {
            ArrayNode bounds = o.putArray("between");
            bounds.add(between.start().text());
            bounds.add(between.end().text());
        } else if (window instanceof Window.Since since) {
            o.put("since", since.start().text());
        } else {
            throw new IllegalStateException("window form without a writer: " + window);
        }
        return o;
    }
}

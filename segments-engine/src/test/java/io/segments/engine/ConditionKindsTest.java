package io.segments.engine;

import io.segments.model.Channel;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Occurrence;
import io.segments.model.Operator;
import io.segments.model.Segment;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.eval.SegmentLookup;
import io.segments.testing.Dataset;
import io.segments.testing.ReferenceMembershipEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of condition the language has is handled: the engine dispatches with
 * {@link Condition.Visitor}, and this test walks the sealed interface's permitted kinds so a
 * new kind without a sample here (and so without a check that it compiles and runs) fails.
 */
class ConditionKindsTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();

    private static final Map<Class<?>, Condition> SAMPLES = new LinkedHashMap<>();

    static {
        Condition did = Condition.Did.of("Charged");
        SAMPLES.put(Condition.And.class, new Condition.And(List.of(did, new Condition.Reachable(Channel.EMAIL))));
        SAMPLES.put(Condition.Or.class, new Condition.Or(List.of(did, new Condition.Reachable(Channel.SMS))));
        SAMPLES.put(Condition.Not.class, new Condition.Not(did));
        SAMPLES.put(Condition.Attribute.class,
                new Condition.Attribute(FieldTest.of("country", Operator.EQ, new Literal.Text("IN"))));
        SAMPLES.put(Condition.Did.class, did);
        SAMPLES.put(Condition.DidNot.class, new Condition.DidNot("Charged", Optional.empty(), List.of()));
        SAMPLES.put(Condition.Sequence.class, new Condition.Sequence(
                List.of(Step.did("Added To Cart"), Step.didNot("Charged", new Span(1, Span.Unit.HOURS))),
                Optional.empty(), Occurrence.ANY));
        SAMPLES.put(Condition.InSegment.class, new Condition.InSegment("sgm_tv"));
        SAMPLES.put(Condition.Reachable.class, new Condition.Reachable(Channel.PUSH));
    }

    private static final SegmentLookup SEGMENTS = id -> id.equals("sgm_tv")
            ? Optional.of(Segment.dynamic("TV", Condition.Did.of("Charged"))) : Optional.empty();

    private static final Dataset DATA = Data.users("buyer", "cart", "nobody")
            .user("reachable", Map.of("email", "ann@example.com", "phone", "+919876543210", "country", "IN"),
                    Set.of("tok"))
            .event("buyer", "Charged", "1d")
            .event("cart", "Added To Cart", "2h")
            .build();

    @Test
    void everyPermittedKindHasASample() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(Condition.class.getPermittedSubclasses());
    }

    @Test
    void everyKindCompilesRunsAndAgreesWithTheReference() {
        EngineEvaluator engine = new EngineEvaluator(STORE);
        ReferenceMembershipEvaluator reference = new ReferenceMembershipEvaluator();
        for (Class<?> kind : Condition.class.getPermittedSubclasses()) {
            Condition sample = SAMPLES.get(kind);
            assertThat(sample).as("a sample of %s", kind.getSimpleName()).isNotNull();
            assertThat(STORE.engine().compile(sample, Data.NOW, SEGMENTS, Optional.empty()).sql())
                    .as(kind.getSimpleName()).startsWith(kind == Condition.Attribute.class
                            || kind == Condition.Reachable.class ? "SELECT" : "WITH");
            assertThat(engine.members(DATA, sample, Data.NOW, SEGMENTS)).as(kind.getSimpleName())
                    .isEqualTo(reference.members(DATA, sample, Data.NOW, SEGMENTS));
        }
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

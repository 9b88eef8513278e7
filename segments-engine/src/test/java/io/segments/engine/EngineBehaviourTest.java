package io.segments.engine;

import io.segments.model.Aggregate;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.NumberTest;
import io.segments.model.Occurrence;
import io.segments.model.Operator;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.eval.SegmentLookup;
import io.segments.testing.Dataset;
import io.segments.testing.ReferenceMembershipEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the engine must get exactly right beyond the contract's tables: decimal arithmetic,
 * numbers past double precision, JSON paths, live users only, errors instead of empty answers.
 * Each expectation is also checked against the reference evaluator.
 */
class EngineBehaviourTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final EngineEvaluator ENGINE = new EngineEvaluator(STORE);
    private static final ReferenceMembershipEvaluator REFERENCE = new ReferenceMembershipEvaluator();

    private static Set<String> members(Dataset data, Condition filter) {
        return members(data, filter, SegmentLookup.none());
    }

    private static Set<String> members(Dataset data, Condition filter, SegmentLookup segments) {
        Set<String> engine = ENGINE.members(data, filter, Data.NOW, segments);
        assertThat(engine).as("the reference agrees").isEqualTo(REFERENCE.members(data, filter, Data.NOW, segments));
        return engine;
    }

    private static Condition aggregate(Aggregate.Fn fn, Operator op, String value) {
        return new Condition.Did("Charged", Optional.empty(), List.of(), Optional.empty(),
                Optional.of(new Aggregate(fn, "amount", new NumberTest(op, new BigDecimal(value), Optional.empty()))),
                false);
    }

    private static Condition attribute(String name, Operator op, Literal value) {
        return new Condition.Attribute(FieldTest.of(name, op, value));
    }

    @Test
    void sumsOfDecimalsAreExactNotDoubleRounded() {
        Dataset data = Data.users("cents")
                .event("cents", "Charged", "1d", Map.of("amount", 0.1))
                .event("cents", "Charged", "2d", Map.of("amount", 0.2)).build();
        assertThat(members(data, aggregate(Aggregate.Fn.SUM, Operator.EQ, "0.3"))).containsExactlyInAnyOrder("cents");
        assertThat(members(data, aggregate(Aggregate.Fn.SUM, Operator.GT, "0.3"))).isEmpty();
    }

    @Test
    void averagesAreComparedWithoutDivisionRounding() {
        Dataset data = Data.users("thirds")
                .event("thirds", "Charged", "1d", Map.of("amount", 0.1))
                .event("thirds", "Charged", "2d", Map.of("amount", 0.2))
                .event("thirds", "Charged", "3d", Map.of("amount", 0.3)).build();
        assertThat(members(data, aggregate(Aggregate.Fn.AVG, Operator.EQ, "0.2"))).containsExactlyInAnyOrder("thirds");
        Dataset third = Data.users("third")
                .event("third", "Charged", "1d", Map.of("amount", 1))
                .event("third", "Charged", "2d", Map.of("amount", 0))
                .event("third", "Charged", "3d", Map.of("amount", 0)).build();
        assertThat(members(third, aggregate(Aggregate.Fn.AVG, Operator.GT, "0.3333333333"))).containsExactlyInAnyOrder("third");
        assertThat(members(third, aggregate(Aggregate.Fn.AVG, Operator.LT, "0.3333333334"))).containsExactlyInAnyOrder("third");
    }

    @Test
    void aggregatesBeyondTheExactDecimalRangeStillAgree() {
        Dataset data = Data.users("huge", "tiny")
                .event("huge", "Charged", "1d", Map.of("amount", 1.5e15))
                .event("huge", "Charged", "2d", Map.of("amount", 2))
                .event("tiny", "Charged", "1d", Map.of("amount", 1e-20)).build();
        assertThat(members(data, aggregate(Aggregate.Fn.SUM, Operator.GT, "1000000000000000"))).containsExactlyInAnyOrder("huge");
        assertThat(members(data, aggregate(Aggregate.Fn.MAX, Operator.GT, "0"))).containsExactlyInAnyOrder("huge", "tiny");
        assertThat(members(data, aggregate(Aggregate.Fn.MIN, Operator.LT, "0.5"))).containsExactlyInAnyOrder("tiny");
    }

    @Test
    void aggregatesSkipValuesThatAreNotNumbersAndNeedOne() {
        Dataset data = Data.users("text", "mixed")
                .event("text", "Charged", "1d", Map.of("amount", "800"))
                .event("mixed", "Charged", "1d", Map.of("amount", "800"))
                .event("mixed", "Charged", "2d", Map.of("amount", 5)).build();
        assertThat(members(data, aggregate(Aggregate.Fn.MAX, Operator.LT, "10"))).containsExactlyInAnyOrder("mixed");
        assertThat(members(data, aggregate(Aggregate.Fn.SUM, Operator.NEQ, "1"))).containsExactlyInAnyOrder("mixed");
    }

    @Test
    void integersCompareExactlyPastDoublePrecision() {
        Dataset data = Data.users("big", "next")
                .user("big", Map.of("v", 9_007_199_254_740_993L))
                .user("next", Map.of("v", 9_007_199_254_740_992L)).build();
        assertThat(members(data, attribute("v", Operator.EQ, Literal.Num.of(9_007_199_254_740_993L))))
                .containsExactlyInAnyOrder("big");
        assertThat(members(data, attribute("v", Operator.GT, Literal.Num.of("9007199254740992.5"))))
                .containsExactlyInAnyOrder("big");
        assertThat(members(data, attribute("v", Operator.LTE, Literal.Num.of("9007199254740992.5"))))
                .containsExactlyInAnyOrder("next");
    }

    @Test
    void numberKeysDoNotIndexArrays() {
        Dataset data = Data.users("array", "object")
                .user("array", Map.of("items", List.of("x")))
                .user("object", Map.of("items", Map.of("0", "x"))).build();
        assertThat(members(data, new Condition.Attribute(FieldTest.of("items.0", Operator.EXISTS))))
                .containsExactlyInAnyOrder("object");
        assertThat(members(data, attribute("items.0", Operator.EQ, new Literal.Text("x")))).containsExactlyInAnyOrder("object");
    }

    @Test
    void keysWithPointerAndPathCharactersAreLiteral() {
        Dataset data = Data.users("slash", "tilde", "star")
                .user("slash", Map.of("a/b", "yes", "a", Map.of("b", "no")))
                .user("tilde", Map.of("~1", "yes", "/", "no"))
                .user("star", Map.of("*", "yes", "$", "yes")).build();
        assertThat(members(data, attribute("a/b", Operator.EQ, new Literal.Text("yes")))).containsExactlyInAnyOrder("slash");
        assertThat(members(data, attribute("~1", Operator.EQ, new Literal.Text("yes")))).containsExactlyInAnyOrder("tilde");
        assertThat(members(data, new Condition.Attribute(FieldTest.of("*", Operator.EXISTS)))).containsExactlyInAnyOrder("star");
    }

    @Test
    void aChainMayNeedALaterMiddleStepThanTheEarliest() {
        // B at -10h is the earliest B after A, but only B at -2h has a C within 1h after it
        Dataset data = Data.users("later_b", "no_c")
                .event("later_b", "A", "12h").event("later_b", "B", "10h").event("later_b", "B", "2h")
                .event("later_b", "C", "90m")
                .event("no_c", "A", "12h").event("no_c", "B", "10h").event("no_c", "C", "5h").build();
        Condition sequence = new Condition.Sequence(List.of(Step.did("A"), Step.did("B"),
                Step.did("C", new Span(1, Span.Unit.HOURS))), Optional.empty(), Occurrence.ANY);
        assertThat(members(data, sequence)).containsExactlyInAnyOrder("later_b");
    }

    @Test
    void withinIsExactAtTheEdgesOfItsBuckets() {
        // the engine matches a step's events by buckets of within (1h: whole hours since 1970); at and around their
        // edges, and before 1970, a chain holds exactly when the next event is in (previous, previous + 1h]
        long hour = 3_600_000L;
        long edge = Data.NOW.toEpochMilli() / hour * hour - 48 * hour;
        Dataset data = Data.users("last_ms_in", "one_ms_late", "same_bucket", "next_ms", "old_in", "old_late", "old_and_new",
                        "wait")
                .eventAt("last_ms_in", "A", edge - 1, Map.of()).eventAt("last_ms_in", "B", edge - 1 + hour, Map.of())
                .eventAt("one_ms_late", "A", edge - 1, Map.of()).eventAt("one_ms_late", "B", edge + hour, Map.of())
                .eventAt("same_bucket", "A", edge, Map.of()).eventAt("same_bucket", "B", edge + hour - 1, Map.of())
                .eventAt("next_ms", "A", edge - 1, Map.of()).eventAt("next_ms", "B", edge, Map.of())
                .eventAt("old_in", "A", -hour - 1, Map.of()).eventAt("old_in", "B", -1, Map.of())
                .eventAt("old_late", "A", -hour - 1, Map.of()).eventAt("old_late", "B", 0, Map.of())
                .eventAt("old_and_new", "A", -hour + 1, Map.of()).eventAt("old_and_new", "B", 1, Map.of())
                .eventAt("old_and_new", "B", hour - 1, Map.of())
                .eventAt("wait", "A", Data.NOW.toEpochMilli() - hour + 1, Map.of()).build();
        Span within = new Span(1, Span.Unit.HOURS);
        for (Occurrence occurrence : Occurrence.values()) {
            assertThat(members(data, new Condition.Sequence(List.of(Step.did("A"), Step.did("B", within)),
                    Optional.empty(), occurrence))).containsExactlyInAnyOrder("last_ms_in", "same_bucket", "next_ms", "old_in",
                    "old_and_new");
            assertThat(members(data, new Condition.Sequence(List.of(Step.did("A"), Step.didNot("B", within)),
                    Optional.empty(), occurrence))).containsExactlyInAnyOrder("one_ms_late", "old_late");
        }
    }

    @Test
    void stepsAtTheSameInstantDoNotChain() {
        long t = Data.NOW.toEpochMilli() - 3_600_000L;
        Dataset data = Data.users("same", "after")
                .eventAt("same", "A", t, Map.of()).eventAt("same", "B", t, Map.of())
                .eventAt("after", "A", t, Map.of()).eventAt("after", "B", t + 1, Map.of()).build();
        Condition sequence = new Condition.Sequence(List.of(Step.did("A"), Step.did("B")), Optional.empty(),
                Occurrence.ANY);
        assertThat(members(data, sequence)).containsExactlyInAnyOrder("after");
    }

    @Test
    void eventsAfterNowAreIgnoredEverywhere() {
        Dataset data = Data.users("future", "past")
                .event("future", "A", "-1s").event("past", "A", "1s").build();
        assertThat(members(data, Condition.Did.of("A"))).containsExactlyInAnyOrder("past");
        assertThat(members(data, new Condition.DidNot("A", Optional.empty(), List.of()))).containsExactlyInAnyOrder("future");
    }

    @Test
    void notIsTheComplementWithinLiveUsers() throws SQLException {
        Dataset data = Data.users("a", "b").event("a", "X", "1d").build();
        STORE.load(data);
        try (Statement s = STORE.connection().createStatement()) {
            s.execute("INSERT INTO users (uid, user_id, traits, merged_into, created_at, updated_at) "
                    + "VALUES (2, 'merged', '{}', 0, 0, 0)");
        }
        RoaringBitmap notX = STORE.engine().members(new Condition.Not(Condition.Did.of("X")), Data.NOW,
                SegmentLookup.none());
        assertThat(notX.toArray()).containsExactlyInAnyOrder(1);
        RoaringBitmap everyone = STORE.engine().members(new Condition.Or(List.of(Condition.Did.of("X"),
                new Condition.Not(Condition.Did.of("X")))), Data.NOW, SegmentLookup.none());
        assertThat(everyone.toArray()).containsExactlyInAnyOrder(0, 1);
        STORE.load(Data.users("reset").build());
    }

    @Test
    void visibleFromHidesEarlierEvents() {
        Dataset data = Data.users("old", "recent")
                .event("old", "A", "3d").event("recent", "A", "1h").build();
        Instant from = Data.NOW.minusSeconds(86_400);
        assertThat(ENGINE.members(data, Condition.Did.of("A"), Data.NOW, SegmentLookup.none(), Optional.of(from)))
                .containsExactlyInAnyOrder("recent")
                .isEqualTo(REFERENCE.members(data, Condition.Did.of("A"), Data.NOW, from, SegmentLookup.none()));
    }

    @Test
    void anUnknownSegmentIsAnErrorWithItsPath() {
        Condition filter = new Condition.And(List.of(Condition.Did.of("A"), new Condition.InSegment("sgm_gone")));
        assertThatThrownBy(() -> STORE.engine().members(filter, Data.NOW, SegmentLookup.none()))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
                    assertThat(e.path()).contains("$.filter.and[1].inSegment");
                    assertThat(e.getMessage()).contains("sgm_gone");
                });
    }

    @Test
    void aCycleAmongStoredSegmentsIsAnError() {
        Map<String, Segment> stored = Map.of(
                "one", Segment.dynamic("one", new Condition.InSegment("two")),
                "two", Segment.dynamic("two", new Condition.Or(List.of(Condition.Did.of("A"),
                        new Condition.InSegment("one")))));
        SegmentLookup lookup = id -> Optional.ofNullable(stored.get(id));
        assertThatThrownBy(() -> STORE.engine().members(new Condition.InSegment("one"), Data.NOW, lookup))
                .isInstanceOf(SegmentsException.class)
                .hasMessageContaining("one -> two -> one");
    }

    @Test
    void anInvalidDefinitionIsAnErrorNotAnEmptyAnswer() {
        Condition stepAfterDidNot = new Condition.Sequence(List.of(Step.did("A"),
                Step.didNot("B", new Span(1, Span.Unit.HOURS)), Step.did("C")), Optional.empty(), Occurrence.ANY);
        assertThatThrownBy(() -> STORE.engine().members(stepAfterDidNot, Data.NOW, SegmentLookup.none()))
                .isInstanceOfSatisfying(SegmentsException.class,
                        e -> assertThat(e.path()).contains("$.filter.sequence[1].didNot"));
    }

    @Test
    void aLiveSegmentWithoutCreationTimeIsAnError() {
        Segment live = new Segment(Optional.of("sgm_live"), "live", Optional.empty(), SegmentType.LIVE,
                Optional.of(Condition.Did.of("A")), List.of(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> STORE.engine().members(new Condition.InSegment("sgm_live"), Data.NOW,
                id -> Optional.of(live)))
                .isInstanceOf(SegmentsException.class).hasMessageContaining("createdAt");
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

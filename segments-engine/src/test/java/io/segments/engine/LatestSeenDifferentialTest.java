package io.segments.engine;

import io.segments.model.Condition;
import io.segments.model.Window;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Dataset;
import io.segments.testing.Definitions;
import io.segments.testing.Histories;
import io.segments.testing.ReferenceMembershipEvaluator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests the engine answers from the store's per-user summary of the sorted events (the latest time of each
 * event name) instead of the events: "did X" without filters in a window ending at now, and "did X in [a, b]" beside
 * "did not X in [c, now]" (visited last month, not in the last 7 days), also with a count ("at least 5 times in
 * [a, b], not in [c, now]": the events pass then reads only the users whose latest X is in [a, c)), nested under and,
 * or and not, with and without a visibility bound. The fixture holds each user's events in both event tables (its summary of the sorted one),
 * events after now and on the windows' edges; every member set and count must be the reference evaluator's.
 */
class LatestSeenDifferentialTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final EngineEvaluator ENGINE = new EngineEvaluator(STORE);
    private static final ReferenceMembershipEvaluator REFERENCE = new ReferenceMembershipEvaluator();
    private static final SegmentLookup SEGMENTS = Definitions.lookup();

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void membersAndCountsAreTheReferences(@ForAll("worlds") DifferentialTest.World world) {
        for (Condition definition : world.definitions()) {
            Set<String> expected = REFERENCE.members(world.data(), definition, world.now(), SEGMENTS);
            Set<String> actual = ENGINE.members(world.data(), definition, world.now(), SEGMENTS);
            Statistics.label("members").collect(expected.isEmpty() ? "none"
                    : expected.size() == world.data().profiles().size() ? "all" : "some");
            assertThat(new TreeSet<>(actual)).as(() -> SegmentJson.write(definition) + " at " + world.now())
                    .isEqualTo(new TreeSet<>(expected));
            Set<String> visible = REFERENCE.members(world.data(), definition, world.now(), world.visibleFrom(),
                    SEGMENTS);
            assertThat(STORE.engine().count(definition, world.now(), SEGMENTS, Optional.of(world.visibleFrom())))
                    .as(() -> SegmentJson.write(definition) + " visible from " + world.visibleFrom())
                    .isEqualTo(visible.size());
        }
        long[] counts = STORE.engine().counts(world.definitions(), world.now(), SEGMENTS);
        for (int i = 0; i < counts.length; i++) {
            assertThat(counts[i]).as("definition %d of the batch", i).isEqualTo(
                    REFERENCE.members(world.data(), world.definitions().get(i), world.now(), SEGMENTS).size());
        }
    }

    @Provide
    Arbitrary<DifferentialTest.World> worlds() {
        return Histories.nows().flatMap(now -> Combinators.combine(
                Histories.timelines(now).list().ofMinSize(20).ofMaxSize(40),
                definitions().list().ofMinSize(4).ofMaxSize(8),
                Arbitraries.longs().between(now.toEpochMilli() - 40L * 86_400_000L, now.toEpochMilli())
                        .map(Instant::ofEpochMilli))
                .as((timelines, definitions, visibleFrom) -> {
                    List<Profile> profiles = new ArrayList<>();
                    Map<String, List<io.segments.model.eval.Event>> events = new LinkedHashMap<>();
                    for (int i = 0; i < timelines.size(); i++) {
                        profiles.add(new Profile("u" + (i + 1), Map.of("age", i), Set.of()));
                        events.put("u" + (i + 1), timelines.get(i));
                    }
                    return new DifferentialTest.World(new Dataset(profiles, events), now, definitions, visibleFrom);
                }));
    }

    /** Plain did / didNot, the pair "did X in a window, not in one up to now", nested, beside other conditions. */
    private static Arbitrary<Condition> definitions() {
        Arbitrary<String> events = Arbitraries.of(Definitions.EVENTS);
        Arbitrary<Window> toNow = Arbitraries.oneOf(Definitions.spans().map(Window.Last::new),
                Definitions.windows().filter(w -> w instanceof Window.Since));
        Arbitrary<Optional<Window>> any = Definitions.windows().optional(0.8);
        Arbitrary<Condition> did = Combinators.combine(events, any)
                .as((e, w) -> new Condition.Did(e, w, List.of(), Optional.empty(), Optional.empty(), false));
        Arbitrary<Condition> didNot = Combinators.combine(events, any)
                .as((e, w) -> new Condition.DidNot(e, w, List.of()));
        Arbitrary<Condition> pair = Combinators.combine(events, Definitions.windows(), toNow, Arbitraries.of(true, false),
                        Definitions.counts().optional(0.5))
                .as((e, w, absent, first, count) -> {
                    Condition done = new Condition.Did(e, Optional.of(w), List.of(), count, Optional.empty(), false);
                    Condition notDone = new Condition.DidNot(e, Optional.of(absent), List.of());
                    return new Condition.And(first ? List.of(done, notDone) : List.of(notDone, done));
                });
        Arbitrary<Condition> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, pair), net.jqwik.api.Tuple.of(2, did), net.jqwik.api.Tuple.of(2, didNot),
                net.jqwik.api.Tuple.of(1, Definitions.leaves()));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, leaf.map(Condition.Not::new)),
                net.jqwik.api.Tuple.of(1, leaf.list().ofSize(2).map(Condition.Or::new)),
                net.jqwik.api.Tuple.of(1, leaf.list().ofSize(2).map(Condition.And::new)));
    }

    @AfterContainer
    static void close() {
        STORE.close();
    }
}

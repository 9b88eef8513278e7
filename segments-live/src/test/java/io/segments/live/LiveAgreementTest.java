package io.segments.live;

import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.Span;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.testing.Definitions;
import io.segments.testing.Histories;
import io.segments.testing.History;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live engine agrees with the reference evaluator: random histories from the shared vocabularies
 * are replayed through the engine with a simulated clock, for random live segments of every condition
 * kind, with profile changes along the way, and checked by {@link Replay} at random checkpoints and at
 * every reported change.
 */
class LiveAgreementTest {
    private static final long DAY = 86_400_000L;
    private static final List<Long> SPAN_MILLIS = Definitions.SPANS.stream()
            .map(s -> Span.parse(s).orElseThrow().toMillis()).toList();

    /** A random replay: up to three segments, their creation instants, profile changes and checkpoints. */
    record Scenario(History history, List<Condition> filters, List<Instant> createdAts,
                    List<Optional<Replay.ProfileChange>> profileChanges, List<Long> checkpoints, int restartAt) {

        Replay replay() {
            List<Replay.Segment> segments = new ArrayList<>();
            for (int i = 0; i < filters.size(); i++) {
                segments.add(new Replay.Segment("live" + i, filters.get(i), createdAts.get(i)));
            }
            List<Replay.ProfileChange> changes = new ArrayList<>();
            List<Profile> profiles = history.dataset().profiles();
            for (int i = 0; i < profiles.size(); i++) {
                Profile original = profiles.get(i);
                profileChanges.get(i).ifPresent(c -> changes.add(new Replay.ProfileChange(c.at(),
                        new Profile(original.userId(), c.profile().traits(), original.pushTokens()))));
            }
            return new Replay(segments, profiles, history.dataset().events(), changes, checkpoints,
                    Definitions.lookup());
        }

        int inputs() {
            int n = checkpoints.size() + (int) profileChanges.stream().filter(Optional::isPresent).count();
            for (List<Event> events : history.dataset().events().values()) {
                n += events.size();
            }
            return n;
        }
    }

    @Property(tries = 2500)
    void engineAgreesWithTheReference(@ForAll("scenarios") Scenario scenario) {
        Replay.Outcome outcome = scenario.replay().run(-1);
        long timed = outcome.changes().stream().filter(c -> !isEventOrProfileInstant(scenario, c)).count();
        Statistics.label("changes").collect(outcome.changes().isEmpty() ? "none"
                : timed > 0 ? "some by timers" : "only at inputs")
                .coverage(c -> c.check("some by timers").percentage(p -> p > 10));
    }

    @Property(tries = 400)
    void aRestoredEngineCarriesOnAsAnUninterruptedOne(@ForAll("scenarios") Scenario scenario) {
        Replay replay = scenario.replay();
        Replay.Outcome uninterrupted = replay.run(-1);
        int restartAt = scenario.restartAt() % Math.max(1, scenario.inputs());
        Replay.Outcome restarted = replay.run(restartAt);
        // the order among different users' changes at one instant is unspecified
        assertThat(byUser(restarted.changes())).isEqualTo(byUser(uninterrupted.changes()));
    }

    private static Map<String, List<Change>> byUser(List<Change> changes) {
        Map<String, List<Change>> result = new TreeMap<>();
        changes.forEach(c -> result.computeIfAbsent(c.segmentId() + "/" + c.userId(), k -> new ArrayList<>()).add(c));
        return result;
    }

    private static boolean isEventOrProfileInstant(Scenario s, Change c) {
        long at = c.at().toEpochMilli();
        boolean input = s.history().dataset().events().getOrDefault(c.userId(), List.of()).stream()
                .anyMatch(e -> e.timestamp() == at);
        boolean profile = s.profileChanges().stream().anyMatch(p -> p.isPresent() && p.get().at() == at);
        return input || profile || at < Histories.FIRST_NOW.toEpochMilli() - 100 * DAY;
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Histories.histories().flatMap(history -> {
            long now = history.now().toEpochMilli();
            List<Long> eventTimes = new ArrayList<>();
            history.dataset().events().values().forEach(list -> list.forEach(e -> eventTimes.add(e.timestamp())));
            Arbitrary<Instant> createdAt = createdAts(now, eventTimes);
            Arbitrary<Optional<Replay.ProfileChange>> profileChange = Combinators.combine(
                    Arbitraries.longs().between(now - 40 * DAY, now + 10 * DAY), Histories.traits())
                    .as((at, traits) -> new Replay.ProfileChange(at, Profile.of("later", traits))).optional(0.3);
            Arbitrary<Long> nearEvents = eventTimes.isEmpty() ? Arbitraries.just(now)
                    : Combinators.combine(Arbitraries.of(eventTimes), Arbitraries.of(SPAN_MILLIS),
                            Arbitraries.of(-1L, 0L, 1L)).as((t, span, d) -> t + span + d);
            Arbitrary<List<Long>> checkpoints = Arbitraries.oneOf(
                    Arbitraries.longs().between(now - 46 * DAY, now + 32 * DAY), nearEvents)
                    .list().ofMinSize(2).ofMaxSize(8).map(list -> {
                        List<Long> all = new ArrayList<>(list);
                        all.add(now);
                        all.add(now + 31 * DAY);
                        return all;
                    });
            return Combinators.combine(liveConditions().list().ofMinSize(1).ofMaxSize(3), createdAt.list().ofSize(3),
                    profileChange.list().ofSize(8), checkpoints, Arbitraries.integers().between(0, 10_000))
                    .as((filters, created, changes, points, restart) -> new Scenario(history, filters, created,
                            changes, points, restart));
        }).withoutEdgeCases();
    }

    /**
     * Conditions of every kind that a live segment may have: all the generator makes except inSegment of a
     * dynamic segment that reads events, which the live engine refuses.
     */
    static Arbitrary<Condition> liveConditions() {
        return Definitions.conditions(2).filter(c -> c.referencedSegmentIds().stream()
                .map(id -> Definitions.lookup().find(id).orElseThrow())
                .noneMatch(s -> s.type() == SegmentType.DYNAMIC && readsEvents(s.filter().orElseThrow())));
    }

    private static boolean readsEvents(Condition c) {
        if (c instanceof Condition.And and) {
            return and.conditions().stream().anyMatch(LiveAgreementTest::readsEvents);
        }
        if (c instanceof Condition.Or or) {
            return or.conditions().stream().anyMatch(LiveAgreementTest::readsEvents);
        }
        if (c instanceof Condition.Not not) {
            return readsEvents(not.condition());
        }
        if (c instanceof Condition.InSegment in) {
            return Definitions.lookup().find(in.segmentId()).flatMap(Segment::filter)
                    .map(LiveAgreementTest::readsEvents).orElse(false);
        }
        return c instanceof Condition.Did || c instanceof Condition.DidNot || c instanceof Condition.Sequence;
    }

    /** Creation instants: before everything, on an event, on a window edge before now, or anywhere near now. */
    private static Arbitrary<Instant> createdAts(long now, List<Long> eventTimes) {
        Arbitrary<Long> early = Arbitraries.just(now - 60 * DAY);
        Arbitrary<Long> near = Arbitraries.longs().between(now - 45 * DAY, now + DAY);
        Arbitrary<Long> edges = Arbitraries.of(SPAN_MILLIS).map(span -> now - span);
        if (eventTimes.isEmpty()) {
            return Arbitraries.frequencyOf(Tuple.of(2, early), Tuple.of(3, near), Tuple.of(1, edges))
                    .map(Instant::ofEpochMilli);
        }
        return Arbitraries.frequencyOf(Tuple.of(2, early), Tuple.of(3, near), Tuple.of(1, edges),
                Tuple.of(2, Arbitraries.of(eventTimes)), Tuple.of(1, Arbitraries.of(eventTimes).map(t -> t + 1)))
                .map(Instant::ofEpochMilli);
    }
}

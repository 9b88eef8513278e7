package io.segments.engine;

import io.segments.model.Condition;
import io.segments.model.eval.Event;
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
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;

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
 * The engine against the reference evaluator on random data: per try, one random data set of
 * 30 to 60 users around a random {@code now}, and several random definitions of every kind
 * (nested, with {@code inSegment} of every segment type), each evaluated by both with all events
 * visible and with events visible only from a random bound. Member sets must be identical, and the
 * counts of all the definitions of a world counted together in one query are the reference's.
 */
class DifferentialTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final EngineEvaluator ENGINE = new EngineEvaluator(STORE);
    /** The same engine reading every field from its JSON, as it does for keys without a typed slot. */
    private static final StoreFixture JSON_STORE = StoreFixture.inMemoryJsonOnly();
    private static final EngineEvaluator JSON_ENGINE = new EngineEvaluator(JSON_STORE);
    private static final ReferenceMembershipEvaluator REFERENCE = new ReferenceMembershipEvaluator();
    private static final SegmentLookup SEGMENTS = Definitions.lookup();

    /** A data set, its {@code now}, definitions to evaluate on it, and a visibility bound. */
    record World(Dataset data, Instant now, List<Condition> definitions, Instant visibleFrom) {
        @Override
        public String toString() {
            return "World[now=" + now + ", visibleFrom=" + visibleFrom + ", users=" + data.profiles().size()
                    + ", definitions=" + definitions.size() + "]";
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void engineAgreesWithTheReference(@ForAll("worlds") World world) {
        for (Condition definition : world.definitions()) {
            Set<String> expected = REFERENCE.members(world.data(), definition, world.now(), SEGMENTS);
            Set<String> actual = ENGINE.members(world.data(), definition, world.now(), SEGMENTS);
            Statistics.label("members").collect(share(expected, world));
            Statistics.label("cases").collect(world.data().profiles().size() >= 30 ? "30+ users" : "fewer");
            assertThat(new TreeSet<>(actual)).as(() -> explain(world, definition, Optional.empty(), expected, actual))
                    .isEqualTo(new TreeSet<>(expected));
            Set<String> fromJson = JSON_ENGINE.members(world.data(), definition, world.now(), SEGMENTS);
            assertThat(new TreeSet<>(fromJson)).as(() -> "reading the JSON: " + explain(world, definition,
                    Optional.empty(), expected, fromJson)).isEqualTo(new TreeSet<>(expected));
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void engineAgreesWithTheReferenceWhenEventsAreVisibleFromABound(@ForAll("worlds") World world) {
        for (Condition definition : world.definitions()) {
            Set<String> expected = REFERENCE.members(world.data(), definition, world.now(), world.visibleFrom(),
                    SEGMENTS);
            Set<String> actual = ENGINE.members(world.data(), definition, world.now(), world.visibleFrom(), SEGMENTS);
            assertThat(new TreeSet<>(actual))
                    .as(() -> explain(world, definition, Optional.of(world.visibleFrom()), expected, actual))
                    .isEqualTo(new TreeSet<>(expected));
            assertThat(STORE.engine().count(definition, world.now(), SEGMENTS, Optional.of(world.visibleFrom())))
                    .as(() -> "the count of " + SegmentJson.write(definition)).isEqualTo(expected.size());
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
    void aBatchCountsWhatTheReferenceCountsForEachDefinition(@ForAll("worlds") World world) {
        STORE.load(world.data());
        long[] counts = STORE.engine().counts(world.definitions(), world.now(), SEGMENTS);
        assertThat(counts).hasSize(world.definitions().size());
        for (int i = 0; i < counts.length; i++) {
            Condition definition = world.definitions().get(i);
            Set<String> expected = REFERENCE.members(world.data(), definition, world.now(), SEGMENTS);
            int at = i;
            assertThat(counts[i]).as(() -> "definition " + at + " of the batch: " + SegmentJson.write(definition))
                    .isEqualTo(expected.size());
        }
    }

    @Provide
    Arbitrary<World> worlds() {
        return Histories.nows().flatMap(now -> Combinators.combine(
                users(now).list().ofMinSize(30).ofMaxSize(60),
                Definitions.conditions(3).list().ofSize(8),
                Arbitraries.longs().between(now.toEpochMilli() - 40L * 86_400_000L, now.toEpochMilli())
                        .map(Instant::ofEpochMilli))
                .as((users, definitions, visibleFrom) -> new World(dataset(users), now, definitions, visibleFrom)));
    }

    private record UserDraft(Map<String, Object> traits, Set<String> pushTokens, List<Event> events) {
    }

    private static Arbitrary<UserDraft> users(Instant now) {
        Arbitrary<Set<String>> tokens = Arbitraries.of(Set.of(), Set.of(), Set.of(), Set.of("tok-1"), Set.of(""));
        return Combinators.combine(Histories.traits(), tokens, Histories.timelines(now)).as(UserDraft::new);
    }

    private static Dataset dataset(List<UserDraft> users) {
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            String id = "u" + (i + 1);
            profiles.add(new Profile(id, users.get(i).traits(), users.get(i).pushTokens()));
            events.put(id, users.get(i).events());
        }
        return new Dataset(profiles, events);
    }

    private static String explain(World world, Condition definition, Optional<Instant> visibleFrom,
                                  Set<String> expected, Set<String> actual) {
        Set<String> differing = new TreeSet<>(expected);
        differing.addAll(actual);
        Set<String> both = new TreeSet<>(expected);
        both.retainAll(actual);
        differing.removeAll(both);
        StringBuilder text = new StringBuilder("engine and reference disagree\n  definition: ")
                .append(SegmentJson.write(definition)).append("\n  now: ").append(world.now())
                .append(visibleFrom.map(v -> "\n  events visible from: " + v).orElse(""))
                .append("\n  only reference: ").append(minus(expected, actual))
                .append("\n  only engine: ").append(minus(actual, expected));
        for (Profile p : world.data().profiles()) {
            if (differing.contains(p.userId())) {
                text.append("\n  user ").append(p.userId()).append(" traits ").append(p.traits())
                        .append(" tokens ").append(p.pushTokens());
                for (Event e : world.data().events().getOrDefault(p.userId(), List.of())) {
                    text.append("\n    ").append(e.name()).append(" at ").append(Instant.ofEpochMilli(e.timestamp()))
                            .append(' ').append(e.properties());
                }
            }
        }
        return text.toString();
    }

    /** Whether a definition selected nobody, everybody or some: the test is only as good as the last. */
    private static String share(Set<String> members, World world) {
        if (members.isEmpty()) {
            return "none";
        }
        return members.size() == world.data().profiles().size() ? "all" : "some";
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    @AfterContainer
    static void close() {
        STORE.close();
        JSON_STORE.close();
    }
}

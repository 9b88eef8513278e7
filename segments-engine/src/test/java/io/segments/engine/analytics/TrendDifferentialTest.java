package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.StoreFixture;
import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Dataset;
import io.segments.testing.Definitions;
import io.segments.testing.Histories;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trends and membership changes against the engine's own count and members, on random data and
 * random definitions of every kind: every point of a trend is what {@code SegmentEngine.count}
 * answers at that point's instant, and the changes between two instants are the differences of
 * the member sets there. Event times are drawn around a day's last millisecond, so that the
 * edges the histories favour ({@code anchor - span}, one millisecond either side, ...) are edges
 * of the points' windows too.
 */
class TrendDifferentialTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final SegmentAnalytics ANALYTICS = new SegmentAnalytics(
            ConnectionSource.duplicating(STORE.connection()));
    private static final SegmentLookup SEGMENTS = Definitions.lookup();
    private static final long DAY = 86_400_000L;

    /** Data whose event times cluster around {@code anchor}, evaluated from {@code from} to {@code to} at {@code now}. */
    record World(Dataset data, Instant anchor, Instant now, Granularity granularity, LocalDate from, LocalDate to,
                 Optional<Instant> visibleFrom, List<Condition> definitions) {
        @Override
        public String toString() {
            return "World[anchor=" + anchor + ", now=" + now + ", " + granularity + " " + from + ".." + to
                    + ", visibleFrom=" + visibleFrom + ", users=" + data.profiles().size() + "]";
        }
    }

    @Property(tries = 50, shrinking = ShrinkingMode.BOUNDED)
    void everyPointOfATrendIsTheCountAtItsInstant(@ForAll("worlds") World world) {
        STORE.load(world.data());
        for (Condition definition : world.definitions()) {
            Trend trend = ANALYTICS.trend(definition, SEGMENTS, world.visibleFrom(), world.granularity(), world.from(),
                    world.to(), world.now());
            assertThat(trend.points()).isNotEmpty();
            Statistics.label("shape").collect(trend.points().stream().map(Trend.Point::count).distinct().count() > 1
                    ? "varies" : "flat");
            for (Trend.Point point : trend.points()) {
                long expected = STORE.engine().count(definition, point.at(), SEGMENTS, world.visibleFrom());
                assertThat(point.count())
                        .as(() -> "point " + point + " of " + SegmentJson.write(definition) + " in " + world)
                        .isEqualTo(expected);
            }
        }
    }

    @Property(tries = 80, shrinking = ShrinkingMode.BOUNDED)
    void changesAreTheDifferencesOfTheMemberSets(@ForAll("worlds") World world,
                                                 @ForAll("offsets") long fromOffset,
                                                 @ForAll("offsets") long toOffset) {
        STORE.load(world.data());
        Instant from = world.anchor().plusMillis(Math.min(fromOffset, toOffset));
        Instant to = world.anchor().plusMillis(Math.max(fromOffset, toOffset));
        for (Condition definition : world.definitions()) {
            MembershipChanges changes = ANALYTICS.changes(definition, SEGMENTS, world.visibleFrom(), from, to);
            RoaringBitmap before = STORE.engine().members(definition, from, SEGMENTS, world.visibleFrom());
            RoaringBitmap after = STORE.engine().members(definition, to, SEGMENTS, world.visibleFrom());
            Statistics.label("changes").collect(changes.entered().isEmpty() && changes.left().isEmpty() ? "none"
                    : "some");
            String where = SegmentJson.write(definition) + " from " + from + " to " + to + " in " + world;
            assertThat(changes.entered()).as(() -> "entered, " + where).isEqualTo(RoaringBitmap.andNot(after, before));
            assertThat(changes.left()).as(() -> "left, " + where).isEqualTo(RoaringBitmap.andNot(before, after));
        }
    }

    @Provide
    Arbitrary<Long> offsets() {
        Arbitrary<Long> edges = Arbitraries.of(0L, -1L, 1L, -DAY, -7 * DAY, -30 * DAY, -3_600_000L, -600_000L,
                -DAY + 1, 600_000L);
        return Arbitraries.frequencyOf(Tuple.of(1, edges), Tuple.of(2, Arbitraries.longs().between(-40 * DAY, DAY)));
    }

    @Provide
    Arbitrary<World> worlds() {
        // the anchor is a day's last millisecond: points of daily trends sit on it and on its neighbours
        Arbitrary<Instant> anchors = Arbitraries.integers().between(0, 14)
                .map(d -> LocalDate.parse("2026-11-20").plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .plusMillis(DAY - 1));
        return anchors.flatMap(anchor -> {
            Arbitrary<Instant> nows = Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.just(anchor)),
                    Tuple.of(1, Arbitraries.longs().between(1, 3 * DAY).map(anchor::plusMillis)));
            Arbitrary<Granularity> granularities = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Granularity.DAY)),
                    Tuple.of(1, Arbitraries.just(Granularity.WEEK)));
            Arbitrary<Optional<Instant>> visibleFroms = Arbitraries.longs()
                    .between(anchor.toEpochMilli() - 40 * DAY, anchor.toEpochMilli())
                    .map(Instant::ofEpochMilli).optional(0.25);
            return Combinators.combine(users(anchor).list().ofMinSize(20).ofMaxSize(40), nows, granularities,
                    Arbitraries.integers().between(0, 25), Arbitraries.integers().between(-3, 2), visibleFroms,
                    Definitions.conditions(3).list().ofSize(5))
                    .as((users, now, granularity, back, ahead, visibleFrom, definitions) -> {
                        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
                        int unit = granularity == Granularity.WEEK ? 7 : 1;
                        LocalDate to = today.plusDays((long) ahead * unit);
                        LocalDate from = today.minusDays((long) back * unit);
                        if (from.isAfter(to)) {
                            from = to;
                        }
                        return new World(dataset(users), anchor, now, granularity, from, to, visibleFrom, definitions);
                    });
        });
    }

    private record UserDraft(Map<String, Object> traits, Set<String> pushTokens, List<Event> events) {
    }

    private static Arbitrary<UserDraft> users(Instant anchor) {
        Arbitrary<Set<String>> tokens = Arbitraries.of(Set.of(), Set.of(), Set.of(), Set.of("tok-1"));
        return Combinators.combine(Histories.traits(), tokens, Histories.timelines(anchor)).as(UserDraft::new);
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

    @AfterContainer
    static void close() {
        STORE.close();
    }
}

package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.StoreFixture;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
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
 * Funnel and event reports against the plain in-memory computation on random data: random
 * users and events (times on the edges of windows, repeated and out-of-order events), random
 * steps and filters, windows, ranges, breakdowns by property and by trait, with and without a
 * restriction to some users.
 */
class ReportsDifferentialTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final SegmentAnalytics ANALYTICS = new SegmentAnalytics(
            ConnectionSource.duplicating(STORE.connection()));
    private static final long DAY = 86_400_000L;

    record World(Dataset data, Instant anchor, Optional<RoaringBitmap> members) {
        @Override
        public String toString() {
            return "World[anchor=" + anchor + ", users=" + data.profiles().size() + ", members=" + members + "]";
        }
    }

    @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
    void funnelsAreThePlainComputation(@ForAll("worlds") World world, @ForAll("funnelSteps") List<EventMatch> steps,
                                       @ForAll("spans") String window, @ForAll("offsets") long fromOffset,
                                       @ForAll("lengths") long length, @ForAll("breakdowns") Optional<Breakdown> breakdown) {
        STORE.load(world.data());
        Instant from = world.anchor().plusMillis(fromOffset);
        FunnelQuery query = new FunnelQuery(steps, io.segments.model.Span.parse(window).orElseThrow(), from,
                from.plusMillis(length), breakdown, world.members());
        FunnelReport report = ANALYTICS.funnel(query);
        Statistics.label("entered").collect(report.steps().get(0).users() > 0 ? "some" : "none");
        Statistics.label("converted").collect(report.steps().get(report.steps().size() - 1).users() > 0
                && steps.size() > 1 ? "some" : "none");
        assertThat(report).as(() -> query + " in " + world).isEqualTo(InMemoryReports.funnel(world.data(), query));
    }

    @Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
    void eventReportsAreThePlainComputation(@ForAll("worlds") World world,
                                            @ForAll("eventSeries") List<EventMatch> events,
                                            @ForAll("granularities") Granularity granularity,
                                            @ForAll("days") int back, @ForAll("days") int span,
                                            @ForAll("properties") Optional<String> breakdown,
                                            @ForAll("tops") int top) {
        STORE.load(world.data());
        LocalDate from = LocalDate.ofInstant(world.anchor(), ZoneOffset.UTC).minusDays(back);
        EventQuery query = new EventQuery(events, granularity, from, from.plusDays(span), breakdown, top,
                world.members());
        EventReport report = ANALYTICS.events(query);
        Statistics.label("events").collect(report.series().get(0).total().events() > 0 ? "some" : "none");
        Statistics.label("other").collect(report.series().get(0).groups().stream().anyMatch(EventReport.Group::other)
                ? "other" : "no other");
        assertThat(report).as(() -> query + " in " + world).isEqualTo(InMemoryReports.events(world.data(), query));
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<Instant> anchors = Arbitraries.integers().between(0, 14)
                .map(d -> LocalDate.parse("2026-11-20").plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .plusMillis(DAY - 1));
        return anchors.flatMap(anchor -> Combinators.combine(users(anchor).list().ofMinSize(15).ofMaxSize(35),
                        Arbitraries.integers().between(0, 40).set().ofMaxSize(25).optional(0.4))
                .as((users, members) -> new World(dataset(users), anchor,
                        members.map(m -> RoaringBitmap.bitmapOf(m.stream().mapToInt(Integer::intValue).toArray())))));
    }

    /** An event, with a property filter one time in four (a filter rarely matches: it would leave the steps empty). */
    private static Arbitrary<EventMatch> matches() {
        Arbitrary<List<io.segments.model.FieldTest>> where = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.of())),
                Tuple.of(1, Definitions.fieldTests(Definitions.PROPERTIES).list().ofSize(1)));
        return Combinators.combine(Definitions.events(), where).as(EventMatch::new);
    }

    @Provide
    Arbitrary<List<EventMatch>> funnelSteps() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(1)), Tuple.of(4, Arbitraries.just(2)),
                Tuple.of(2, Arbitraries.just(3)), Tuple.of(1, Arbitraries.just(4)))
                .flatMap(n -> matches().list().ofSize(n));
    }

    @Provide
    Arbitrary<List<EventMatch>> eventSeries() {
        return matches().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> spans() {
        return Arbitraries.of(Definitions.SPANS);
    }

    /** Where the entry range starts, relative to the anchor the event times cluster at. */
    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(0L, -DAY, -7 * DAY, -30 * DAY, -DAY + 1, -3_600_000L)),
                Tuple.of(3, Arbitraries.longs().between(-46 * DAY, -DAY)));
    }

    @Provide
    Arbitrary<Long> lengths() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(0L, DAY, 7 * DAY, 30 * DAY)),
                Tuple.of(3, Arbitraries.longs().between(DAY, 50 * DAY)));
    }

    @Provide
    Arbitrary<Optional<Breakdown>> breakdowns() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Optional.<Breakdown>empty())),
                Tuple.of(2, Arbitraries.of(Definitions.PROPERTIES).map(p -> Optional.of(new Breakdown.Property(p)))),
                Tuple.of(1, Arbitraries.of(Definitions.TRAITS).map(t -> Optional.of(new Breakdown.Trait(t)))));
    }

    @Provide
    Arbitrary<Optional<String>> properties() {
        return Arbitraries.of(Definitions.PROPERTIES).optional(0.6);
    }

    @Provide
    Arbitrary<Granularity> granularities() {
        return Arbitraries.of(Granularity.class);
    }

    @Provide
    Arbitrary<Integer> days() {
        return Arbitraries.integers().between(0, 40);
    }

    @Provide
    Arbitrary<Integer> tops() {
        return Arbitraries.integers().between(1, 4);
    }

    private record UserDraft(Map<String, Object> traits, Set<String> pushTokens, List<Event> events) {
    }

    private static Arbitrary<UserDraft> users(Instant anchor) {
        return Combinators.combine(Histories.traits(), Arbitraries.just(Set.<String>of()), Histories.timelines(anchor))
                .as(UserDraft::new);
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

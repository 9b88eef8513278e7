package io.segments.engine.analytics;

import io.segments.datagen.Generator;
import io.segments.engine.ConnectionSource;
import io.segments.engine.StoreFixture;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Operator;
import io.segments.model.Span;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Dataset;
import io.segments.testing.ExampleSegments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics on realistic data from the generator (a few hundred users over 40 days): the
 * trends of the contract's example segments point by point against {@code count}, membership
 * changes against the member sets, and funnels and event reports against the plain in-memory
 * computation, with and without a segment's members as the restriction.
 */
class GeneratedDataTest {
    private static final Generator GENERATOR = Generator.builder().users(400).days(40).seed(11).build();
    private static final Dataset DATA = GeneratedStore.dataset(GENERATOR);
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final SegmentAnalytics ANALYTICS = new SegmentAnalytics(
            ConnectionSource.duplicating(STORE.connection()));
    private static final Instant NOW = GENERATOR.end().minusSeconds(3600);
    private static final LocalDate LAST_DAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    static {
        STORE.load(DATA);
    }

    private static Condition filter(ExampleSegments.Example example) {
        return SegmentJson.readSegment(example.json()).filter().orElseThrow();
    }

    @Test
    void everyPointOfTheExampleSegmentsTrendsIsTheirCount() {
        for (ExampleSegments.Example example : ExampleSegments.all()) {
            Condition filter = filter(example);
            for (Granularity granularity : Granularity.values()) {
                Trend trend = ANALYTICS.trend(filter, SegmentLookup.none(), Optional.empty(), granularity,
                        LAST_DAY.minusDays(30), LAST_DAY, NOW);
                for (Trend.Point point : trend.points()) {
                    assertThat(point.count()).as(example.name() + " at " + point.at())
                            .isEqualTo(STORE.engine().count(filter, point.at(), SegmentLookup.none(), Optional.empty()));
                }
            }
        }
    }

    @Test
    void theExampleSegmentsChangeAsTheirMembersDo() {
        Instant weekAgo = NOW.minusSeconds(7 * 86_400);
        for (ExampleSegments.Example example : ExampleSegments.all()) {
            Condition filter = filter(example);
            MembershipChanges changes = ANALYTICS.changes(filter, SegmentLookup.none(), Optional.empty(), weekAgo,
                    NOW);
            RoaringBitmap before = STORE.engine().members(filter, weekAgo, SegmentLookup.none());
            RoaringBitmap after = STORE.engine().members(filter, NOW, SegmentLookup.none());
            assertThat(changes.entered()).as(example.name()).isEqualTo(RoaringBitmap.andNot(after, before));
            assertThat(changes.left()).as(example.name()).isEqualTo(RoaringBitmap.andNot(before, after));
        }
    }

    private static Optional<RoaringBitmap> frequentBuyers() {
        return Optional.of(STORE.engine().members(filter(ExampleSegments.FREQUENT_BUYERS), NOW, SegmentLookup.none()));
    }

    @Test
    void shoppingFunnelsAreThePlainComputation() {
        List<EventMatch> steps = List.of(EventMatch.of("Product Viewed"), EventMatch.of("Added To Cart"),
                new EventMatch("Charged", List.of(FieldTest.of("amount", Operator.GT, Literal.Num.of(50)))));
        Instant from = NOW.minusSeconds(30 * 86_400L);
        for (Optional<Breakdown> breakdown : List.of(Optional.<Breakdown>empty(),
                Optional.<Breakdown>of(new Breakdown.Property("category")),
                Optional.<Breakdown>of(new Breakdown.Trait("country")))) {
            for (Optional<RoaringBitmap> members : List.of(Optional.<RoaringBitmap>empty(), frequentBuyers())) {
                FunnelQuery query = new FunnelQuery(steps, Span.parse("1d").orElseThrow(), from, NOW, breakdown,
                        members);
                FunnelReport report = ANALYTICS.funnel(query);
                assertThat(report.steps().get(2).users()).as("someone converts").isPositive();
                assertThat(report).as(query.toString()).isEqualTo(InMemoryReports.funnel(DATA, query));
            }
        }
    }

    @Test
    void eventReportsAreThePlainComputation() {
        List<EventMatch> events = List.of(EventMatch.of("App Launched"), EventMatch.of("Charged"),
                new EventMatch("Added To Cart", List.of(FieldTest.of("price", Operator.GTE, Literal.Num.of(100)))));
        for (Granularity granularity : Granularity.values()) {
            for (Optional<String> breakdown : List.of(Optional.<String>empty(), Optional.of("category"))) {
                for (Optional<RoaringBitmap> members : List.of(Optional.<RoaringBitmap>empty(), frequentBuyers())) {
                    EventQuery query = new EventQuery(events, granularity, LAST_DAY.minusDays(20), LAST_DAY,
                            breakdown, 3, members);
                    EventReport report = ANALYTICS.events(query);
                    assertThat(report.series().get(1).total().events()).as("charges are counted").isPositive();
                    assertThat(report).as(query.toString()).isEqualTo(InMemoryReports.events(DATA, query));
                }
            }
        }
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

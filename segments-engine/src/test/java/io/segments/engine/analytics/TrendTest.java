package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.StoreFixture;
import io.segments.model.Condition;
import io.segments.model.SegmentsException;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Dataset;
import io.segments.testing.Timeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.segments.testing.Timeline.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trends on hand-made data: where the points are, what each one counts, and the requests refused. */
class TrendTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final SegmentAnalytics ANALYTICS = new SegmentAnalytics(
            ConnectionSource.duplicating(STORE.connection()));
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private static Condition filter(String json) {
        return SegmentJson.readCondition(json, "$.filter");
    }

    private static Trend daily(Dataset data, String filter, String from, String to) {
        STORE.load(data);
        return ANALYTICS.trend(filter(filter), SegmentLookup.none(), Optional.empty(), Granularity.DAY,
                LocalDate.parse(from), LocalDate.parse(to), NOW);
    }

    private static List<Long> counts(Trend trend) {
        return trend.points().stream().map(Trend.Point::count).toList();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void dailyPointsAreEachDaysLastMillisecondAndNowForToday() {
        Trend trend = daily(Timeline.dataset(user("u")), "{\"did\": \"A\"}", "2026-11-25", "2026-11-30");
        assertThat(trend.points()).extracting(Trend.Point::start).containsExactly(LocalDate.parse("2026-11-25"),
                LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"), LocalDate.parse("2026-11-28"));
        assertThat(trend.points()).extracting(Trend.Point::at).containsExactly(at("2026-11-25T23:59:59.999Z"),
                at("2026-11-26T23:59:59.999Z"), at("2026-11-27T23:59:59.999Z"), NOW);
    }

    @Test
    void weeklyPointsAreSundaysLastMillisecond() {
        STORE.load(Timeline.dataset(user("u")));
        Trend trend = ANALYTICS.trend(filter("{\"did\": \"A\"}"), SegmentLookup.none(), Optional.empty(),
                Granularity.WEEK, LocalDate.parse("2026-11-04"), LocalDate.parse("2026-11-29"), NOW);
        assertThat(trend.points()).extracting(Trend.Point::start).containsExactly(LocalDate.parse("2026-11-02"),
                LocalDate.parse("2026-11-09"), LocalDate.parse("2026-11-16"), LocalDate.parse("2026-11-23"));
        assertThat(trend.points()).extracting(Trend.Point::at).containsExactly(at("2026-11-08T23:59:59.999Z"),
                at("2026-11-15T23:59:59.999Z"), at("2026-11-22T23:59:59.999Z"), NOW);
    }

    @Test
    void eachPointSeesTheEventsUpToItAndItsOwnWindow() {
        Dataset data = Timeline.dataset(
                // in the last day at the 25th's end and at the 26th's end (its window starts 23:59:59.999 of the 25th)
                user("edge").did("A", at("2026-11-25T23:59:59.999Z")),
                user("later").did("A", at("2026-11-27T10:00:00Z")),
                user("today").did("A", at("2026-11-28T11:59:59.999Z")),
                user("after-now").did("A", at("2026-11-28T12:00:00.001Z")));
        Trend trend = daily(data, "{\"did\": \"A\", \"when\": {\"last\": \"1d\"}}", "2026-11-24", "2026-11-28");
        assertThat(counts(trend)).containsExactly(0L, 1L, 1L, 1L, 1L);
        assertThat(trend.direction()).isEqualTo(Direction.INCREASING);
    }

    @Test
    void aDidNotWaitThatEndsBetweenTwoPointsCountsFromTheSecond() {
        Dataset data = Timeline.dataset(
                user("abandoned").did("Added To Cart", at("2026-11-26T23:30:00Z")),
                user("bought").did("Added To Cart", at("2026-11-26T23:30:00Z"))
                        .did("Charged", at("2026-11-27T00:10:00Z")));
        Trend trend = daily(data, "{\"sequence\": [{\"did\": \"Added To Cart\"}, "
                + "{\"didNot\": \"Charged\", \"within\": \"1h\"}], \"when\": {\"last\": \"7d\"}, \"occurrence\": \"last\"}",
                "2026-11-25", "2026-11-28");
        // on the 26th the hour is not over yet; from the 27th the cart is abandoned
        assertThat(counts(trend)).containsExactly(0L, 0L, 1L, 1L);
    }

    @Test
    void theFirstTimeIsTheFirstUpToEachPoint() {
        Dataset data = Timeline.dataset(user("u").did("Charged", at("2026-11-20T10:00:00Z"))
                .did("Charged", at("2026-11-26T10:00:00Z")));
        Trend trend = daily(data, "{\"did\": \"Charged\", \"when\": {\"last\": \"2d\"}, \"firstTime\": true}",
                "2026-11-19", "2026-11-23");
        // the first charge is in the last two days on the 20th and 21st, and never again
        assertThat(counts(trend)).containsExactly(0L, 1L, 1L, 0L, 0L);
        assertThat(daily(data, "{\"did\": \"Charged\", \"when\": {\"last\": \"2d\"}, \"firstTime\": true}",
                "2026-11-26", "2026-11-27").points()).extracting(Trend.Point::count).containsExactly(0L, 0L);
    }

    @Test
    void aLiveSegmentDoesNotSeeEventsBeforeItWasCreated() {
        STORE.load(Timeline.dataset(
                user("before").did("A", at("2026-11-20T10:00:00Z")),
                user("after").did("A", at("2026-11-26T10:00:00Z"))));
        Trend trend = ANALYTICS.trend(filter("{\"did\": \"A\"}"), SegmentLookup.none(),
                Optional.of(at("2026-11-25T00:00:00Z")), Granularity.DAY, LocalDate.parse("2026-11-24"),
                LocalDate.parse("2026-11-26"), NOW);
        assertThat(counts(trend)).containsExactly(0L, 0L, 1L);
    }

    @Test
    void conditionsWithoutEventsGiveTheSameCountEverywhere() {
        Trend trend = daily(Timeline.dataset(user("in").trait("country", "IN"), user("us").trait("country", "US")),
                "{\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"IN\"}", "2026-11-20", "2026-11-28");
        assertThat(counts(trend)).hasSize(9).containsOnly(1L);
        assertThat(trend.direction()).isEqualTo(Direction.CONSTANT);
    }

    @Test
    void requestsWithoutPointsOrWithTooManyAreRefused() {
        STORE.load(Timeline.dataset(user("u")));
        Condition did = filter("{\"did\": \"A\"}");
        assertThatThrownBy(() -> ANALYTICS.trend(did, SegmentLookup.none(), Optional.empty(), Granularity.DAY,
                LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-27"), NOW))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).contains("$.from");
                });
        assertThatThrownBy(() -> ANALYTICS.trend(did, SegmentLookup.none(), Optional.empty(), Granularity.DAY,
                LocalDate.parse("2026-11-29"), LocalDate.parse("2026-11-30"), NOW))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.getMessage()).contains("after now"));
        assertThatThrownBy(() -> ANALYTICS.trend(did, SegmentLookup.none(), Optional.empty(), Granularity.DAY,
                LocalDate.parse("2020-01-01"), LocalDate.parse("2026-11-28"), NOW))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.to"));
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

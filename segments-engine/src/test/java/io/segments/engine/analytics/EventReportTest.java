package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.StoreFixture;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Operator;
import io.segments.model.SegmentsException;
import io.segments.testing.Dataset;
import io.segments.testing.Timeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static io.segments.testing.Timeline.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event reports that read as their definition: events and distinct users per interval, weeks
 * from Monday cut to the range asked for, the top values of a breakdown and "other", filters and
 * the member restriction. Every report is also checked against the plain in-memory computation.
 */
class EventReportTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final SegmentAnalytics ANALYTICS = new SegmentAnalytics(
            ConnectionSource.duplicating(STORE.connection()));
    private static final LocalDate DAY1 = LocalDate.parse("2026-11-10");

    private static Instant on(String date, String time) {
        return Instant.parse(date + "T" + time + "Z");
    }

    private static EventReport report(Dataset data, EventQuery query) {
        STORE.load(data);
        EventReport report = ANALYTICS.events(query);
        assertThat(report).as("the in-memory report").isEqualTo(InMemoryReports.events(data, query));
        return report;
    }

    private static EventReport.Counts counts(long events, long users) {
        return new EventReport.Counts(events, users);
    }

    @Test
    void eventsAndDistinctUsersPerDay() {
        Dataset data = Timeline.dataset(
                user("u1").did("A", on("2026-11-10", "08:00:00")).did("A", on("2026-11-10", "23:59:59.999"))
                        .did("A", on("2026-11-11", "00:00:00")),
                user("u2").did("A", on("2026-11-11", "12:00:00")).did("B", on("2026-11-11", "12:00:00")),
                user("late").did("A", on("2026-11-12", "00:00:00")));
        EventReport report = report(data, EventQuery.of(List.of(EventMatch.of("A")), Granularity.DAY, DAY1,
                DAY1.plusDays(1)));
        assertThat(report.starts()).containsExactly(DAY1, DAY1.plusDays(1));
        EventReport.Series a = report.series().get(0);
        assertThat(a.intervals()).containsExactly(counts(2, 1), counts(2, 2));
        assertThat(a.total()).isEqualTo(counts(4, 2));
        assertThat(a.groups()).isEmpty();
    }

    @Test
    void weeksRunFromMondayToSundayCutToTheRange() {
        Dataset data = Timeline.dataset(user("u").did("A", on("2026-11-09", "00:00:00"))
                .did("A", on("2026-11-10", "23:59:59.999")).did("A", on("2026-11-11", "00:00:00"))
                .did("A", on("2026-11-15", "23:59:59.999")).did("A", on("2026-11-16", "00:00:00"))
                .did("A", on("2026-11-18", "23:59:59.999")).did("A", on("2026-11-19", "00:00:00"))
                .did("A", on("2026-11-22", "23:59:59.999")));
        // Wednesday to Wednesday: Wednesday 11 to Sunday 15, then Monday 16 to Wednesday 18; nothing outside
        EventReport report = report(data, EventQuery.of(List.of(EventMatch.of("A")), Granularity.WEEK,
                LocalDate.parse("2026-11-11"), LocalDate.parse("2026-11-18")));
        assertThat(report.buckets()).containsExactly(
                new EventReport.Bucket(LocalDate.parse("2026-11-11"), LocalDate.parse("2026-11-15")),
                new EventReport.Bucket(LocalDate.parse("2026-11-16"), LocalDate.parse("2026-11-18")));
        assertThat(report.buckets()).extracting(EventReport.Bucket::days).containsExactly(5, 3);
        assertThat(report.starts()).containsExactly(LocalDate.parse("2026-11-11"), LocalDate.parse("2026-11-16"));
        assertThat(report.series().get(0).intervals()).containsExactly(counts(2, 1), counts(2, 1));
        assertThat(report.series().get(0).total()).isEqualTo(counts(4, 1));
    }

    @Test
    void aRangeOfWholeWeeksHasWholeWeeks() {
        Dataset data = Timeline.dataset(user("u").did("A", on("2026-11-09", "00:00:00"))
                .did("A", on("2026-11-22", "23:59:59.999")));
        EventReport report = report(data, EventQuery.of(List.of(EventMatch.of("A")), Granularity.WEEK,
                LocalDate.parse("2026-11-09"), LocalDate.parse("2026-11-22")));
        assertThat(report.buckets()).extracting(EventReport.Bucket::days).containsExactly(7, 7);
        assertThat(report.series().get(0).total()).isEqualTo(counts(2, 1));
    }

    @Test
    void nothingAfterAsOfIsCountedAndTheDaysAfterItAreLeftOut() {
        Dataset data = Timeline.dataset(user("u").did("A", on("2026-11-10", "10:00:00"))
                .did("A", on("2026-11-10", "12:00:00")).did("A", on("2026-11-10", "12:00:00.001"))
                .did("A", on("2026-11-12", "00:00:00")));
        EventReport report = report(data, new EventQuery(List.of(EventMatch.of("A")), Granularity.DAY, DAY1,
                DAY1.plusDays(3), Optional.empty(), 10, Optional.empty(), Optional.of(on("2026-11-10", "12:00:00"))));
        assertThat(report.buckets()).containsExactly(new EventReport.Bucket(DAY1, DAY1));
        assertThat(report.series().get(0).total()).isEqualTo(counts(2, 1));
    }

    @Test
    void aBreakdownKeepsTheTopValuesByEventsAndGroupsTheRestAsOther() {
        Instant t = on("2026-11-10", "10:00:00");
        Dataset data = Timeline.dataset(
                user("u1").did("A", t, "category", "TV").did("A", t, "category", "TV").did("A", t, "category", "Books")
                        .did("A", t, "category", "Phones"),
                user("u2").did("A", t, "category", "TV").did("A", t, "category", "Books").did("A", t)
                        .did("A", t, "category", null));
        EventQuery query = new EventQuery(List.of(EventMatch.of("A")), Granularity.DAY, DAY1, DAY1,
                Optional.of("category"), 2, Optional.empty());
        List<EventReport.Group> groups = report(data, query).series().get(0).groups();
        // TV 3; Books and no value 2 each, the value first; Phones 1
        assertThat(groups).extracting(EventReport.Group::value, EventReport.Group::other, EventReport.Group::total)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Optional.of("\"TV\""), false, counts(3, 2)),
                        org.assertj.core.groups.Tuple.tuple(Optional.of("\"Books\""), false, counts(2, 2)),
                        org.assertj.core.groups.Tuple.tuple(Optional.empty(), true, counts(3, 2)));
    }

    @Test
    void filtersAndAMemberRestrictionChooseTheEvents() {
        Instant t = on("2026-11-10", "10:00:00");
        Dataset data = Timeline.dataset(
                user("member").did("Charged", t, "amount", 700).did("Charged", t, "amount", 100),
                user("outsider").did("Charged", t, "amount", 900));
        EventMatch big = new EventMatch("Charged", List.of(FieldTest.of("amount", Operator.GTE, Literal.Num.of(500))));
        EventQuery query = new EventQuery(List.of(big, EventMatch.of("Charged")), Granularity.DAY, DAY1, DAY1,
                Optional.empty(), 10, Optional.of(RoaringBitmap.bitmapOf(0)));
        EventReport report = report(data, query);
        assertThat(report.series()).extracting(EventReport.Series::total)
                .containsExactly(counts(1, 1), counts(2, 1));
    }

    @Test
    void namesAndValuesFromTheRequestAreDataNotSql() {
        String hostile = "A'); DROP TABLE events; --";
        Instant t = on("2026-11-10", "10:00:00");
        Dataset data = Timeline.dataset(user("u").did(hostile, t, hostile, hostile).did("A", t));
        EventMatch match = new EventMatch(hostile, List.of(FieldTest.of(hostile, Operator.EQ, new Literal.Text(hostile))));
        EventReport report = report(data, new EventQuery(List.of(match), Granularity.DAY, DAY1, DAY1,
                Optional.of(hostile), 10, Optional.empty()));
        assertThat(report.series().get(0).total()).isEqualTo(counts(1, 1));
        FunnelReport funnel = ANALYTICS.funnel(new FunnelQuery(List.of(match, EventMatch.of("A")),
                io.segments.model.Span.parse("1d").orElseThrow(), t, t, Optional.of(new Breakdown.Trait(hostile)),
                Optional.empty()));
        assertThat(funnel.steps()).extracting(FunnelReport.Step::users).containsExactly(1L, 0L);
        assertThat(report(data, EventQuery.of(List.of(EventMatch.of("A")), Granularity.DAY, DAY1, DAY1))
                .series().get(0).total()).isEqualTo(counts(1, 1));
    }

    @Test
    void invalidRequestsNameWhatIsWrong() {
        STORE.load(Timeline.dataset(user("u")));
        assertThatThrownBy(() -> ANALYTICS.events(EventQuery.of(List.of(), Granularity.DAY, DAY1, DAY1)))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.events"));
        assertThatThrownBy(() -> ANALYTICS.events(EventQuery.of(List.of(EventMatch.of("A")), Granularity.DAY, DAY1,
                DAY1.minusDays(1)))).isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).contains("$.from");
                });
        assertThatThrownBy(() -> ANALYTICS.events(new EventQuery(List.of(EventMatch.of("A")), Granularity.DAY, DAY1,
                DAY1, Optional.of("category"), 0, Optional.empty())))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.top"));
        assertThatThrownBy(() -> ANALYTICS.events(EventQuery.of(List.of(EventMatch.of("A")), Granularity.DAY, DAY1,
                DAY1.plusDays(SegmentAnalytics.MAX_POINTS)))).isInstanceOfSatisfying(SegmentsException.class,
                e -> assertThat(e.path()).contains("$.to"));
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

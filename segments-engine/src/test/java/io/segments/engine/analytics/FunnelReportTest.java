package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.StoreFixture;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Operator;
import io.segments.model.SegmentsException;
import io.segments.model.Span;
import io.segments.testing.Dataset;
import io.segments.testing.Timeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.segments.testing.Timeline.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Funnels that read as their definition: who enters, what reaches a step, the window, repeats,
 * out-of-order steps, the breakdown and the member restriction. Every report is also checked
 * against the plain in-memory computation.
 */
class FunnelReportTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final SegmentAnalytics ANALYTICS = new SegmentAnalytics(
            ConnectionSource.duplicating(STORE.connection()));
    private static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
    private static final Span HOUR = Span.parse("1h").orElseThrow();
    private static final List<EventMatch> A_B_C = List.of(EventMatch.of("A"), EventMatch.of("B"), EventMatch.of("C"));

    private static Instant at(String offset) {
        return T0.plusMillis(Timeline.duration(offset));
    }

    private static FunnelQuery query(List<EventMatch> steps) {
        return FunnelQuery.of(steps, HOUR, T0, T0.plus(Duration.ofDays(1)));
    }

    private static FunnelReport report(Dataset data, FunnelQuery query) {
        STORE.load(data);
        FunnelReport report = ANALYTICS.funnel(query);
        assertThat(report).as("the in-memory funnel").isEqualTo(InMemoryReports.funnel(data, query));
        return report;
    }

    private static List<Long> users(FunnelReport report) {
        return report.steps().stream().map(FunnelReport.Step::users).toList();
    }

    @Test
    void usersWhoDoTheStepsInOrderReachThem() {
        FunnelReport report = report(Timeline.dataset(
                user("all").did("A", at("1m")).did("B", at("11m")).did("C", at("21m")),
                user("two").did("A", at("1m")).did("B", at("11m")),
                user("one").did("A", at("1m")),
                user("none").did("B", at("1m"))), query(A_B_C));
        assertThat(users(report)).containsExactly(3L, 2L, 1L);
        FunnelReport.Step second = report.steps().get(1);
        assertThat(second.fromPrevious()).isEqualTo(2.0 / 3);
        assertThat(second.fromFirst()).isEqualTo(2.0 / 3);
        assertThat(report.steps().get(2).fromPrevious()).isEqualTo(0.5);
        assertThat(report.steps().get(2).fromFirst()).isEqualTo(1.0 / 3);
        assertThat(second.medianFromPrevious()).contains(Duration.ofMinutes(10));
        assertThat(report.steps().get(0).medianFromPrevious()).isEmpty();
        assertThat(report.groups()).isEmpty();
    }

    @Test
    void stepsDoneOutOfOrderDoNotCount() {
        FunnelReport report = report(Timeline.dataset(
                // B before A: enters with A, no B after it
                user("b-first").did("B", at("1m")).did("A", at("2m")),
                // C before B: reaches B, but no C after it
                user("c-before-b").did("A", at("1m")).did("C", at("2m")).did("B", at("3m"))), query(A_B_C));
        assertThat(users(report)).containsExactly(2L, 1L, 0L);
        assertThat(report.steps().get(2).medianFromPrevious()).isEmpty();
    }

    @Test
    void repeatedStepsTakeTheEarliestEventAndOnlyTheFirstEntryCounts() {
        FunnelReport report = report(Timeline.dataset(
                // enters with the first A; the earliest B after it; the first C after that B
                user("repeats").did("A", at("1m")).did("A", at("5m")).did("B", at("11m")).did("B", at("12m"))
                        .did("C", at("30m")).did("C", at("40m")),
                // the first A in the range has no B within the hour; a later A that would have one does not enter again
                user("late").did("A", at("1m")).did("A", at("2h")).did("B", at("130m"))), query(A_B_C));
        assertThat(users(report)).containsExactly(2L, 1L, 1L);
        assertThat(report.steps().get(1).medianFromPrevious()).contains(Duration.ofMinutes(10));
        assertThat(report.steps().get(2).medianFromPrevious()).contains(Duration.ofMinutes(19));
    }

    @Test
    void theWindowCountsFromTheEnteringEventAndItsLastMillisecondIsIn() {
        FunnelReport report = report(Timeline.dataset(
                user("on-the-edge").did("A", at("1m")).did("B", at("61m")),
                user("just-outside").did("A", at("1m")).did("B", at("61m").plusMillis(1)),
                // C is within an hour of B but not of A
                user("late-third").did("A", at("1m")).did("B", at("50m")).did("C", at("70m"))), query(A_B_C));
        assertThat(users(report)).containsExactly(3L, 2L, 0L);
    }

    @Test
    void anEventAtTheSameMillisecondAsThePreviousStepDoesNotFollowIt() {
        List<EventMatch> twice = List.of(EventMatch.of("A"), EventMatch.of("A"));
        FunnelReport report = report(Timeline.dataset(
                user("same-instant").did("A", at("1m")).did("A", at("1m")),
                user("one-ms-later").did("A", at("1m")).did("A", at("1m").plusMillis(1))), query(twice));
        assertThat(users(report)).containsExactly(2L, 1L);
        assertThat(report.steps().get(1).medianFromPrevious()).contains(Duration.ofMillis(1));
    }

    @Test
    void onlyEntriesInTheRangeEnterButConversionsMayFollowItsEnd() {
        Instant to = T0.plus(Duration.ofDays(1));
        FunnelReport report = report(Timeline.dataset(
                user("at-from").did("A", T0).did("B", T0.plusSeconds(1)),
                user("before-from").did("A", T0.minusMillis(1)).did("B", T0.plusSeconds(1)),
                user("at-to").did("A", to).did("B", to.plusSeconds(60)),
                user("after-to").did("A", to.plusMillis(1)).did("B", to.plusSeconds(60))),
                query(List.of(EventMatch.of("A"), EventMatch.of("B"))));
        assertThat(users(report)).containsExactly(2L, 2L);
    }

    @Test
    void stepsFilterTheirEventsAsDidWhereDoes() {
        EventMatch bigCharge = new EventMatch("Charged",
                List.of(FieldTest.of("amount", Operator.GT, Literal.Num.of(500))));
        FunnelReport report = report(Timeline.dataset(
                user("big").did("Viewed", at("1m")).did("Charged", at("2m"), "amount", 700),
                user("small-then-big").did("Viewed", at("1m")).did("Charged", at("2m"), "amount", 100)
                        .did("Charged", at("3m"), "amount", 501.5),
                user("text").did("Viewed", at("1m")).did("Charged", at("2m"), "amount", "700")),
                query(List.of(EventMatch.of("Viewed"), bigCharge)));
        assertThat(users(report)).containsExactly(3L, 2L);
        assertThat(report.steps().get(1).medianFromPrevious()).contains(Duration.ofMinutes(1));
    }

    @Test
    void theMedianIsTheLowerMiddleTime() {
        FunnelReport report = report(Timeline.dataset(
                user("u1").did("A", at("1m")).did("B", at("2m")),
                user("u2").did("A", at("1m")).did("B", at("3m")),
                user("u3").did("A", at("1m")).did("B", at("4m")),
                user("u4").did("A", at("1m")).did("B", at("5m"))),
                query(List.of(EventMatch.of("A"), EventMatch.of("B"))));
        assertThat(report.steps().get(1).medianFromPrevious()).contains(Duration.ofMinutes(2));
    }

    @Test
    void aBreakdownByPropertyTakesTheEnteringEventsValue() {
        Dataset data = Timeline.dataset(
                user("tv").did("A", at("1m"), "category", "TV").did("A", at("2m"), "category", "Books")
                        .did("B", at("3m")),
                user("books").did("A", at("1m"), "category", "Books"),
                user("tie").did("A", at("1m"), "category", "TV").did("A", at("1m"), "category", "Books"),
                user("none").did("A", at("1m")).did("B", at("2m")),
                user("number").did("A", at("1m"), "category", 7.0));
        FunnelQuery query = new FunnelQuery(List.of(EventMatch.of("A"), EventMatch.of("B")), HOUR, T0,
                T0.plus(Duration.ofDays(1)), Optional.of(new Breakdown.Property("category")), Optional.empty());
        FunnelReport report = report(data, query);
        assertThat(report.groups()).extracting(FunnelReport.Group::value).containsExactly(
                Optional.of("\"Books\""), Optional.of("\"TV\""), Optional.of("7"), Optional.empty());
        assertThat(report.groups().get(1).steps()).extracting(FunnelReport.Step::users).containsExactly(1L, 1L);
        assertThat(report.groups().get(0).steps()).extracting(FunnelReport.Step::users).containsExactly(2L, 0L);
        assertThat(users(report)).containsExactly(5L, 2L);
    }

    @Test
    void aBreakdownByTraitTakesTheUsersCurrentValue() {
        Dataset data = Timeline.dataset(
                user("in").trait("country", "IN").did("A", at("1m")).did("B", at("2m")),
                user("in-too").trait("country", "IN").did("A", at("1m")),
                user("us").trait("country", "US").did("A", at("1m")).did("B", at("2m")),
                user("unknown").did("A", at("1m")));
        FunnelQuery query = new FunnelQuery(List.of(EventMatch.of("A"), EventMatch.of("B")), HOUR, T0,
                T0.plus(Duration.ofDays(1)), Optional.of(new Breakdown.Trait("country")), Optional.empty());
        FunnelReport report = report(data, query);
        assertThat(report.groups()).extracting(FunnelReport.Group::value).containsExactly(
                Optional.of("\"IN\""), Optional.of("\"US\""), Optional.empty());
        assertThat(report.groups().get(0).steps().get(1).fromPrevious()).isEqualTo(0.5);
    }

    @Test
    void aRestrictionToMembersKeepsOnlyTheirJourneys() {
        Dataset data = Timeline.dataset(
                user("member").did("A", at("1m")).did("B", at("2m")),
                user("outsider").did("A", at("1m")).did("B", at("2m")),
                user("member-too").did("A", at("1m")));
        FunnelQuery query = new FunnelQuery(List.of(EventMatch.of("A"), EventMatch.of("B")), HOUR, T0,
                T0.plus(Duration.ofDays(1)), Optional.empty(), Optional.of(RoaringBitmap.bitmapOf(0, 2)));
        assertThat(users(report(data, query))).containsExactly(2L, 1L);
        FunnelQuery nobody = new FunnelQuery(query.steps(), HOUR, T0, T0.plus(Duration.ofDays(1)), Optional.empty(),
                Optional.of(new RoaringBitmap()));
        FunnelReport empty = report(data, nobody);
        assertThat(users(empty)).containsExactly(0L, 0L);
        assertThat(empty.steps().get(1).fromPrevious()).isZero();
    }

    @Test
    void nothingAfterAsOfEntersOrConverts() {
        Dataset data = Timeline.dataset(
                user("converts-later").did("A", at("1m")).did("B", at("10m")),
                user("converted").did("A", at("1m")).did("B", at("4m")),
                user("enters-later").did("A", at("6m")));
        FunnelQuery query = new FunnelQuery(List.of(EventMatch.of("A"), EventMatch.of("B")), HOUR, T0,
                T0.plus(Duration.ofDays(1)), Optional.empty(), Optional.empty(), Optional.of(at("5m")));
        assertThat(users(report(data, query))).containsExactly(2L, 1L);
    }

    @Test
    void invalidRequestsNameWhatIsWrong() {
        STORE.load(Timeline.dataset(user("u").did("A", T0)));
        assertThatThrownBy(() -> ANALYTICS.funnel(query(List.of())))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).contains("$.steps");
                });
        assertThatThrownBy(() -> ANALYTICS.funnel(FunnelQuery.of(A_B_C, HOUR, T0, T0.minusMillis(1))))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.from"));
        EventMatch badFilter = new EventMatch("B", List.of(FieldTest.of("amount", Operator.IN, Literal.Num.of(1))));
        assertThatThrownBy(() -> ANALYTICS.funnel(query(List.of(EventMatch.of("A"), badFilter))))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).hasValueSatisfying(p -> assertThat(p).startsWith("$.steps[1].where[0]"));
                });
        assertThatThrownBy(() -> ANALYTICS.funnel(new FunnelQuery(A_B_C, HOUR, T0, T0,
                Optional.of(new Breakdown.Property("a..b")), Optional.empty())))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path())
                        .contains("$.breakdown.property"));
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

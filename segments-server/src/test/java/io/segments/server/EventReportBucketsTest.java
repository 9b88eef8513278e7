package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intervals of {@code POST /api/reports/events} are cut to the days asked for: a weekly report from a
 * Wednesday starts on that Wednesday, and no event before {@code from} or after {@code to} is counted. Each point
 * says the first day it covers ({@code t}), how many days ({@code days}) and, when it covers fewer days than a
 * whole interval or still fills (it holds today), {@code "partial": true}.
 */
class EventReportBucketsTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void load() {
        // January 2026: Tuesday 6, Saturday 10, Sunday 11, Monday 12, Sunday 18, Monday 19, Tuesday 20; and now
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        String[] days = {"2026-01-06", "2026-01-10", "2026-01-11", "2026-01-12", "2026-01-18", "2026-01-19", "2026-01-20"};
        for (int i = 0; i < days.length; i++) {
            batch.append(String.format("{\"type\": \"track\", \"userId\": \"u%d\", \"event\": \"Visited\","
                    + " \"timestamp\": \"%sT12:00:00Z\"},", i % 3, days[i]));
        }
        batch.append("{\"type\": \"track\", \"userId\": \"today\", \"event\": \"Visited\", \"timestamp\": \"")
                .append(Instant.now().truncatedTo(ChronoUnit.MILLIS)).append("\"}]}");
        assertThat(server.ingest("/v1/batch", batch.toString()).status()).isEqualTo(200);
    }

    @Test
    void weeks_are_cut_to_the_range_and_nothing_outside_it_is_counted() {
        // Wednesday 7 to Monday 19: Wednesday 7 to Sunday 11 (5 days), the week of Monday 12, Monday 19 alone
        JsonNode series = report("week", "2026-01-07", "2026-01-19");

        assertThat(points(series)).containsExactly(
                "2026-01-07 5 days partial: 2", "2026-01-12 7 days: 2", "2026-01-19 1 days partial: 1");
        assertThat(series.get("events").asLong()).as("not Tuesday 6, not Tuesday 20").isEqualTo(5);
        assertThat(series.get("users").asLong()).isEqualTo(3);
    }

    @Test
    void whole_weeks_in_the_past_are_not_partial() {
        JsonNode series = report("week", "2026-01-05", "2026-01-18");

        assertThat(points(series)).containsExactly("2026-01-05 7 days: 3", "2026-01-12 7 days: 2");
        assertThat(series.get("points").get(0).has("partial")).as("absent, not false").isFalse();
    }

    @Test
    void the_week_holding_today_is_partial_however_many_days_it_has() {
        LocalDate monday = TODAY.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        JsonNode series = report("week", monday.minusWeeks(1).toString(), TODAY.toString());

        int daysSoFar = (int) ChronoUnit.DAYS.between(monday, TODAY) + 1;
        assertThat(points(series)).containsExactly(monday.minusWeeks(1) + " 7 days: 0",
                monday + " " + daysSoFar + " days partial: 1");
    }

    @Test
    void of_daily_points_only_today_is_partial() {
        JsonNode series = report("day", TODAY.minusDays(2).toString(), TODAY.toString());

        assertThat(points(series)).containsExactly(TODAY.minusDays(2) + " 1 days: 0", TODAY.minusDays(1) + " 1 days: 0",
                TODAY + " 1 days partial: 1");
    }

    private static JsonNode report(String interval, String from, String to) {
        TestHttp.Response r = server.apiPost("/api/reports/events", "{\"events\": [{\"event\": \"Visited\"}],"
                + " \"interval\": \"" + interval + "\", \"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("series").get(0);
    }

    /** Each point as {@code "t N days[ partial]: count"}. */
    private static List<String> points(JsonNode series) {
        List<String> list = new ArrayList<>();
        for (JsonNode p : series.get("points")) {
            if (p.has("partial")) {
                assertThat(p.get("partial").asBoolean()).as("partial is true or absent").isTrue();
            }
            list.add(p.get("t").asText() + " " + p.path("days").asText("?") + " days"
                    + (p.has("partial") ? " partial" : "") + ": " + p.get("count").asLong());
        }
        return list;
    }
}

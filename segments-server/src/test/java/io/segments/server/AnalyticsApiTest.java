package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segment over time: {@code /trend} has one point per day or week whose count is the segment's count as of
 * the interval's end (or now for the current one), with a direction; {@code /changes} lists who entered and
 * who left between two times.
 */
class AnalyticsApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static String recentBuyers;
    private static String everBought;
    private static String neverBought;
    private static String listed;

    @BeforeAll
    static void load() {
        assertThat(server.ingest("/v1/batch", """
                {"batch": [
                 {"type": "identify", "userId": "u1", "timestamp": "2026-01-01T00:00:00Z"},
                 {"type": "identify", "userId": "u2", "timestamp": "2026-01-01T00:00:00Z"},
                 {"type": "track", "userId": "u1", "event": "Charged", "timestamp": "2026-01-10T10:00:00Z"},
                 {"type": "track", "userId": "u2", "event": "Charged", "timestamp": "2026-01-12T10:00:00Z"}]}""")
                .status()).isEqualTo(200);
        recentBuyers = create("{\"name\": \"Bought in the last 2 days\", \"filter\": {\"did\": \"Charged\", \"when\": {\"last\": \"2d\"}}}");
        everBought = create("{\"name\": \"Ever bought\", \"filter\": {\"did\": \"Charged\"}}");
        neverBought = create("{\"name\": \"Never bought\", \"filter\": {\"didNot\": \"Charged\"}}");
        listed = create("{\"name\": \"Listed\", \"type\": \"static\", \"members\": [\"u1\", \"u2\", \"u3\"]}");
    }

    @Test
    void each_daily_point_is_the_count_as_of_the_end_of_its_day() {
        JsonNode trend = trend(recentBuyers, "interval=day&from=2026-01-09&to=2026-01-14");

        assertThat(trend.get("interval").asText()).isEqualTo("day");
        assertThat(dates(trend)).containsExactly("2026-01-09", "2026-01-10", "2026-01-11", "2026-01-12", "2026-01-13",
                "2026-01-14");
        // u1 bought on the 10th, u2 on the 12th; each is a recent buyer for the two days after
        assertThat(counts(trend)).containsExactly(0L, 1L, 1L, 1L, 1L, 0L);
        for (JsonNode point : trend.get("points")) {
            assertThat(point.get("at").asText()).isEqualTo(point.get("t").asText() + "T23:59:59.999Z");
            assertThat(point.get("count").asLong()).isEqualTo(countAsOf(recentBuyers, point.get("at").asText()));
        }
    }

    @Test
    void weekly_points_start_on_mondays_and_count_as_of_sunday_night() {
        JsonNode trend = trend(everBought, "interval=week&from=2026-01-07&to=2026-01-18");

        assertThat(dates(trend)).containsExactly("2026-01-05", "2026-01-12");
        List<String> ats = new ArrayList<>();
        trend.get("points").forEach(p -> ats.add(p.get("at").asText()));
        assertThat(ats).containsExactly("2026-01-11T23:59:59.999Z", "2026-01-18T23:59:59.999Z");
        assertThat(counts(trend)).containsExactly(1L, 2L);
    }

    @Test
    void the_direction_follows_the_counts() {
        assertThat(trend(everBought, "from=2026-01-09&to=2026-01-14").get("direction").asText()).isEqualTo("increasing");
        assertThat(trend(neverBought, "from=2026-01-09&to=2026-01-14").get("direction").asText()).isEqualTo("decreasing");
        assertThat(trend(everBought, "from=2026-02-01&to=2026-02-10").get("direction").asText()).isEqualTo("constant");
    }

    @Test
    void the_current_interval_counts_now_and_later_ones_are_left_out() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant before = Instant.now();

        JsonNode trend = trend(everBought, "from=" + today.minusDays(2) + "&to=" + today.plusDays(3));

        assertThat(dates(trend)).containsExactly(today.minusDays(2).toString(), today.minusDays(1).toString(),
                today.toString());
        Instant last = Instant.parse(trend.get("points").get(2).get("at").asText());
        assertThat(last).isBetween(before.minusMillis(1), Instant.now());
    }

    @Test
    void without_a_range_a_trend_covers_the_last_30_days() {
        JsonNode trend = trend(everBought, "");

        assertThat(trend.get("points")).hasSize(30);
        assertThat(trend.get("to").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(counts(trend)).containsOnly(2L);
    }

    @Test
    void a_static_segment_is_flat_at_its_count() {
        JsonNode trend = trend(listed, "from=2026-01-09&to=2026-01-14");

        assertThat(counts(trend)).hasSize(6).containsOnly(2L);
        assertThat(trend.get("direction").asText()).isEqualTo("constant");
        JsonNode changes = changes(listed, "from=2026-01-09&to=2026-01-14");
        assertThat(changes.get("entered")).isEmpty();
        assertThat(changes.get("exited")).isEmpty();
    }

    @Test
    void bad_trend_parameters_are_400s() {
        assertError(server.apiGet("/api/segments/" + everBought + "/trend?interval=month"), 400, "invalid_request", null);
        assertError(server.apiGet("/api/segments/" + everBought + "/trend?from=Jan"), 400, "invalid_request", null);
        assertError(server.apiGet("/api/segments/" + everBought + "/trend?from=2026-01-14&to=2026-01-09"), 400,
                "invalid_request", "$.from");
        assertError(server.apiGet("/api/segments/" + everBought + "/trend?from=2020-01-01&to=2026-01-01"), 400,
                "invalid_request", "$.to");
        assertError(server.apiGet("/api/segments/" + listed + "/trend?from=2026-01-14&to=2026-01-09"), 400,
                "invalid_request", "$.from");
        assertError(server.apiGet("/api/segments/sgm_nothing/trend"), 404, "not_found", null);
    }

    @Test
    void changes_list_who_entered_and_who_exited_between_two_times() {
        JsonNode changes = changes(recentBuyers, "from=2026-01-10T12:00:00Z&to=2026-01-12T12:00:00Z");

        assertThat(changes.get("from").asText()).isEqualTo("2026-01-10T12:00:00Z");
        assertThat(changes.get("to").asText()).isEqualTo("2026-01-12T12:00:00Z");
        assertThat(texts(changes.get("entered"))).containsExactly("u2");
        assertThat(texts(changes.get("exited"))).containsExactly("u1");
        assertThat(changes.get("enteredCount").asLong()).isEqualTo(1);
        assertThat(changes.get("exitedCount").asLong()).isEqualTo(1);
        JsonNode counted = changes(recentBuyers, "from=2026-01-10T12:00:00Z&to=2026-01-12T12:00:00Z&limit=0");
        assertThat(counted.get("entered")).isEmpty();
        assertThat(counted.get("enteredCount").asLong()).isEqualTo(1);
    }

    @Test
    void changes_up_to_now_without_to() {
        JsonNode changes = changes(everBought, "from=2026-01-11");

        assertThat(texts(changes.get("entered"))).containsExactly("u2");
        assertThat(changes.get("exited")).isEmpty();
        assertThat(Instant.parse(changes.get("to").asText())).isBefore(Instant.now().plusMillis(1));
    }

    @Test
    void bad_change_parameters_are_400s() {
        assertError(server.apiGet("/api/segments/" + everBought + "/changes?to=2026-01-12"), 400, "invalid_request", null);
        assertError(server.apiGet("/api/segments/" + everBought + "/changes?from=later"), 400, "invalid_request", null);
        assertError(server.apiGet("/api/segments/" + everBought + "/changes?from=2026-01-12&to=2026-01-10"), 400,
                "invalid_request", "$.from");
        assertError(server.apiGet("/api/segments/" + everBought + "/changes?from=2026-01-10&limit=-1"), 400,
                "invalid_request", null);
        assertError(server.apiGet("/api/segments/sgm_nothing/changes?from=2026-01-10"), 404, "not_found", null);
    }

    private static JsonNode trend(String id, String query) {
        TestHttp.Response r = server.apiGet("/api/segments/" + id + "/trend" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode changes(String id, String query) {
        TestHttp.Response r = server.apiGet("/api/segments/" + id + "/changes?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long countAsOf(String id, String asOf) {
        return server.apiGet("/api/segments/" + id + "/count?asOf=" + asOf).json().get("count").asLong();
    }

    private static List<String> dates(JsonNode trend) {
        List<String> dates = new ArrayList<>();
        trend.get("points").forEach(p -> dates.add(p.get("t").asText()));
        return dates;
    }

    private static List<Long> counts(JsonNode trend) {
        List<Long> counts = new ArrayList<>();
        trend.get("points").forEach(p -> counts.add(p.get("count").asLong()));
        return counts;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static String create(String body) {
        TestHttp.Response r = server.apiPost("/api/segments", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}

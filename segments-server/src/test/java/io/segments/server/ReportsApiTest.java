package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/reports/funnel} and {@code POST /api/reports/events}: requests read with their paths, answers
 * shaped for the UI (steps with counts and conversion, series of points), breakdowns and the restriction to a
 * segment's members.
 */
class ReportsApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final String FUNNEL = "\"steps\": [{\"event\": \"Added To Cart\"}, {\"event\": \"Charged\"}],"
            + " \"conversionWindow\": \"1h\", \"from\": \"2026-01-01\", \"to\": \"2026-01-31\"";

    @BeforeAll
    static void load() {
        // f1 buys 30 minutes after the cart, f2 two hours after (too late), f3 never; f4 buys without a cart
        assertThat(server.ingest("/v1/batch", """
                {"batch": [
                 {"type": "identify", "userId": "f1", "traits": {"country": "IN"}},
                 {"type": "identify", "userId": "f2", "traits": {"country": "US"}},
                 {"type": "identify", "userId": "f3", "traits": {"country": "IN"}},
                 {"type": "track", "userId": "f1", "event": "Added To Cart", "timestamp": "2026-01-10T10:00:00Z", "properties": {"category": "TV"}},
                 {"type": "track", "userId": "f1", "event": "Charged", "timestamp": "2026-01-10T10:30:00Z"},
                 {"type": "track", "userId": "f2", "event": "Added To Cart", "timestamp": "2026-01-11T10:00:00Z", "properties": {"category": "TV"}},
                 {"type": "track", "userId": "f2", "event": "Charged", "timestamp": "2026-01-11T12:00:00Z"},
                 {"type": "track", "userId": "f3", "event": "Added To Cart", "timestamp": "2026-01-12T10:00:00Z", "properties": {"category": "Phone"}},
                 {"type": "track", "userId": "f4", "event": "Charged", "timestamp": "2026-01-12T11:00:00Z"}]}""")
                .status()).isEqualTo(200);
    }

    @Test
    void a_funnel_counts_the_users_at_each_step_with_conversion_and_median_time() {
        JsonNode steps = post("/api/reports/funnel", "{" + FUNNEL + "}").get("steps");

        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("event").asText()).isEqualTo("Added To Cart");
        assertThat(steps.get(0).get("count").asLong()).isEqualTo(3);
        assertThat(steps.get(1).get("event").asText()).isEqualTo("Charged");
        assertThat(steps.get(1).get("count").asLong()).isEqualTo(1);
        assertThat(steps.get(1).get("fromPrevious").asDouble()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(steps.get(1).get("medianFromPrevious").asText()).isEqualTo("PT30M");
        assertThat(steps.get(0).get("medianFromPrevious").isNull()).isTrue();
    }

    @Test
    void a_funnel_breaks_down_by_a_trait_or_a_property_of_the_entering_event() {
        JsonNode byTrait = post("/api/reports/funnel", "{" + FUNNEL + ", \"breakdown\": {\"trait\": \"country\"}}");
        assertThat(groups(byTrait.get("breakdown"))).containsExactly("IN=2,1", "US=1,0");

        JsonNode byProperty = post("/api/reports/funnel", "{" + FUNNEL + ", \"breakdown\": \"category\"}");
        assertThat(groups(byProperty.get("breakdown"))).containsExactly("TV=2,1", "Phone=1,0");
    }

    @Test
    void a_funnel_can_be_restricted_to_a_segment() {
        String listed = server.apiPost("/api/segments", "{\"name\": \"f1 and f3\", \"type\": \"static\","
                + " \"members\": [\"f1\", \"f3\"]}").json().get("id").asText();

        JsonNode steps = post("/api/reports/funnel", "{" + FUNNEL + ", \"segmentId\": \"" + listed + "\"}").get("steps");

        assertThat(steps.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(steps.get(1).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void an_event_report_has_a_series_of_daily_points_per_event() {
        JsonNode report = post("/api/reports/events", "{\"events\": [{\"event\": \"Added To Cart\"}, {\"event\": \"Charged\","
                + " \"where\": []}], \"interval\": \"day\", \"from\": \"2026-01-10\", \"to\": \"2026-01-12\"}");

        JsonNode series = report.get("series");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).get("event").asText()).isEqualTo("Added To Cart");
        assertThat(points(series.get(0))).containsExactly("2026-01-10=1", "2026-01-11=1", "2026-01-12=1");
        assertThat(points(series.get(1))).containsExactly("2026-01-10=1", "2026-01-11=1", "2026-01-12=1");
        assertThat(series.get(0).get("events").asLong()).isEqualTo(3);
        assertThat(series.get(0).get("users").asLong()).isEqualTo(3);
    }

    @Test
    void an_event_report_filters_by_properties_and_breaks_down_into_top_values_and_other() {
        JsonNode filtered = post("/api/reports/events", "{\"events\": [{\"event\": \"Added To Cart\", \"where\":"
                + " [{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}]}], \"from\": \"2026-01-10\","
                + " \"to\": \"2026-01-12\"}");
        assertThat(filtered.get("series").get(0).get("events").asLong()).isEqualTo(2);

        JsonNode broken = post("/api/reports/events", "{\"events\": [{\"event\": \"Added To Cart\"}], \"from\": \"2026-01-10\","
                + " \"to\": \"2026-01-12\", \"breakdown\": \"category\", \"top\": 1}");
        JsonNode series = broken.get("series");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).get("value").asText()).isEqualTo("TV");
        assertThat(series.get(0).get("events").asLong()).isEqualTo(2);
        assertThat(series.get(1).get("other").asBoolean()).isTrue();
        assertThat(series.get(1).get("events").asLong()).isEqualTo(1);
    }

    @Test
    void bad_report_requests_are_400s_with_the_path() {
        assertError(server.apiPost("/api/reports/funnel", "{" + FUNNEL + ", \"extra\": 1}"), 400, "invalid_request", "$.extra");
        assertError(server.apiPost("/api/reports/funnel", "{\"steps\": [], \"conversionWindow\": \"1h\"}"), 400,
                "invalid_request", "$.steps");
        assertError(server.apiPost("/api/reports/funnel", "{\"steps\": [{\"event\": \"A\"}], \"conversionWindow\": \"soon\"}"),
                400, "invalid_request", "$.conversionWindow");
        assertError(server.apiPost("/api/reports/funnel", "{\"steps\": [{\"event\": \"A\", \"where\": [{\"property\": \"x\","
                + " \"op\": \"equals\", \"value\": 1}]}], \"conversionWindow\": \"1h\"}"), 400, "invalid_segment", "$.steps[0].where[0].op");
        assertError(server.apiPost("/api/reports/funnel", "{\"steps\": [{\"name\": \"A\"}], \"conversionWindow\": \"1h\"}"),
                400, "invalid_request", "$.steps[0].name");
        assertError(server.apiPost("/api/reports/funnel", "{" + FUNNEL + ", \"segmentId\": \"sgm_none\"}"), 404,
                "not_found", "$.segmentId");
        assertError(server.apiPost("/api/reports/funnel", "{" + FUNNEL.replace("2026-01-01", "2026-02-01") + "}"), 400,
                "invalid_request", "$.from");
        assertError(server.apiPost("/api/reports/events", "{\"events\": [{\"event\": \"A\"}], \"interval\": \"month\"}"),
                400, "invalid_request", "$.interval");
        assertError(server.apiPost("/api/reports/events", "{\"events\": [{\"event\": \"A\"}], \"breakdown\": {\"trait\": \"x\"}}"),
                400, "invalid_request", "$.breakdown");
        assertError(server.apiPost("/api/reports/events", "{\"events\": [{\"event\": \"A\"}], \"from\": \"Jan\"}"),
                400, "invalid_request", "$.from");
        assertError(server.apiPost("/api/reports/events", "not json"), 400, "invalid_request", "$");
        assertError(server.http().post("/api/reports/events", "{\"events\": [{\"event\": \"A\"}]}", null), 401,
                "unauthorized", null);
    }

    private static JsonNode post(String path, String body) {
        TestHttp.Response r = server.apiPost(path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> groups(JsonNode groups) {
        List<String> list = new ArrayList<>();
        for (JsonNode g : groups) {
            List<String> counts = new ArrayList<>();
            g.get("steps").forEach(s -> counts.add(s.get("count").asText()));
            list.add(g.get("value").asText() + "=" + String.join(",", counts));
        }
        return list;
    }

    private static List<String> points(JsonNode series) {
        List<String> list = new ArrayList<>();
        series.get("points").forEach(p -> list.add(p.get("t").asText() + "=" + p.get("count").asText()));
        return list;
    }
}

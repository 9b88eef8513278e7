package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stamped after now: a sender's clock skew is taken out when it says when it sent them ({@code sentAt}),
 * and whatever is still in the future is read by neither segments nor reports until its time comes, so the two
 * always count the same events.
 */
class FutureEventsTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void load() {
        // "launcher" launched the app now and again in 2030 (a device whose clock is years off, sending no sentAt)
        // and, in a later session, "buyer" carted now and bought in 2030
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(server.ingest("/v1/batch", "{\"batch\": ["
                + "{\"type\": \"track\", \"userId\": \"launcher\", \"event\": \"Launched\", \"timestamp\": \"" + now + "\"},"
                + "{\"type\": \"track\", \"userId\": \"launcher\", \"event\": \"Launched\", \"timestamp\": \"2030-01-01T00:00:00Z\"},"
                + "{\"type\": \"track\", \"userId\": \"future\", \"event\": \"Launched\", \"timestamp\": \"2030-01-01T00:00:00Z\"},"
                + "{\"type\": \"track\", \"userId\": \"buyer\", \"event\": \"Carted\", \"timestamp\": \"" + now.minusSeconds(60) + "\"},"
                + "{\"type\": \"track\", \"userId\": \"buyer\", \"event\": \"Bought\", \"timestamp\": \"2030-01-01T00:00:00Z\"}"
                + "]}").status()).isEqualTo(200);
    }

    @Test
    void a_message_sent_by_a_clock_an_hour_fast_is_stored_an_hour_earlier() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant deviceNow = before.plus(Duration.ofHours(1));

        assertThat(server.ingest("/v1/track", "{\"userId\": \"skewed\", \"event\": \"Skewed\", \"timestamp\": \""
                + deviceNow.minusSeconds(30) + "\", \"sentAt\": \"" + deviceNow + "\"}").status()).isEqualTo(200);
        Instant after = Instant.now();

        Instant stored = Instant.ofEpochMilli(server.count("SELECT ts FROM events WHERE name = 'Skewed'"));
        assertThat(stored).as("30 s before it was received").isBetween(before.minusSeconds(30), after.minusSeconds(30));
        JsonNode count = server.apiPost("/api/segments/preview", "{\"filter\": {\"did\": \"Skewed\"}}").json();
        assertThat(count.get("count").asLong()).as("a segment sees it at once").isEqualTo(1);
    }

    @Test
    void a_batch_sent_by_a_clock_an_hour_fast_is_stored_an_hour_earlier() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant deviceNow = before.plus(Duration.ofHours(1));

        assertThat(server.ingest("/v1/batch", "{\"sentAt\": \"" + deviceNow + "\", \"batch\": [{\"type\": \"track\","
                + " \"userId\": \"skewed\", \"event\": \"Skewed In Batch\", \"timestamp\": \"" + deviceNow.minusSeconds(30)
                + "\"}]}").status()).isEqualTo(200);
        Instant after = Instant.now();

        Instant stored = Instant.ofEpochMilli(server.count("SELECT ts FROM events WHERE name = 'Skewed In Batch'"));
        assertThat(stored).isBetween(before.minusSeconds(30), after.minusSeconds(30));
    }

    @Test
    void an_event_stamped_2030_is_counted_by_neither_segments_nor_the_event_report() {
        JsonNode segment = server.apiPost("/api/segments/preview", "{\"filter\": {\"did\": \"Launched\"}}").json();
        JsonNode report = post("/api/reports/events", "{\"events\": [{\"event\": \"Launched\"}], \"interval\": \"week\","
                + " \"from\": \"" + TODAY.minusDays(7) + "\", \"to\": \"2030-01-06\"}");

        assertThat(segment.get("count").asLong()).as("the segment: launcher only").isEqualTo(1);
        JsonNode series = report.get("series").get(0);
        assertThat(series.get("events").asLong()).as("the report: launcher's launch now only").isEqualTo(1);
        assertThat(series.get("users").asLong()).isEqualTo(segment.get("count").asLong());
        assertThat(report.get("to").asText()).as("to is cut to today").isEqualTo(TODAY.toString());
        long points = 0;
        for (JsonNode point : series.get("points")) {
            points += point.get("count").asLong();
            assertThat(LocalDate.parse(point.get("t").asText())).isBeforeOrEqualTo(TODAY);
        }
        assertThat(points).isEqualTo(1);
    }

    @Test
    void a_funnel_neither_enters_nor_converts_on_events_after_now() {
        JsonNode launches = post("/api/reports/funnel", "{\"steps\": [{\"event\": \"Launched\"}],"
                + " \"conversionWindow\": \"1d\", \"from\": \"" + TODAY.minusDays(1) + "\", \"to\": \"2030-01-02\"}");
        assertThat(launches.get("steps").get(0).get("count").asLong()).as("launcher enters; future does not").isEqualTo(1);
        assertThat(Instant.parse(launches.get("to").asText())).as("to is cut to now").isBefore(Instant.now().plusMillis(1));

        JsonNode purchases = post("/api/reports/funnel", "{\"steps\": [{\"event\": \"Carted\"}, {\"event\": \"Bought\"}],"
                + " \"conversionWindow\": \"2000d\", \"from\": \"" + TODAY.minusDays(1) + "\"}");
        assertThat(purchases.get("steps").get(0).get("count").asLong()).isEqualTo(1);
        assertThat(purchases.get("steps").get(1).get("count").asLong()).as("the 2030 purchase has not happened")
                .isZero();
        JsonNode segment = server.apiPost("/api/segments/preview", "{\"filter\": {\"sequence\": [{\"did\": \"Carted\"},"
                + " {\"did\": \"Bought\", \"within\": \"2000d\"}]}}").json();
        assertThat(segment.get("count").asLong()).isEqualTo(purchases.get("steps").get(1).get("count").asLong());
    }

    private static JsonNode post(String path, String body) {
        TestHttp.Response r = server.apiPost(path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}

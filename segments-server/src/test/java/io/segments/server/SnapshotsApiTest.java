package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server records a snapshot of every segment per UTC day, its members at the day's end: at start for
 * the day that ended last, and {@code GET /api/segments/{id}/snapshots} lists them with their counts.
 */
class SnapshotsApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void a_restarted_server_records_todays_snapshot_of_each_segment() throws InterruptedException {
        Instant recent = Instant.now().minusSeconds(36 * 3600); // always before the end of yesterday
        assertThat(server.ingest("/v1/batch", """
                {"batch": [
                 {"type": "track", "userId": "s1", "event": "Ordered", "timestamp": "%s"},
                 {"type": "track", "userId": "s2", "event": "Ordered", "timestamp": "%s"},
                 {"type": "track", "userId": "s3", "event": "Browsed", "timestamp": "%s"}]}"""
                .formatted(recent, recent, recent)).status()).isEqualTo(200);
        String id = create("{\"name\": \"Ordered\", \"filter\": {\"did\": \"Ordered\"}}");
        String list = create("{\"name\": \"Listed\", \"type\": \"static\", \"members\": [\"s1\", \"s9\"]}");

        // as if both had been made two days ago: they existed when yesterday ended
        long twoDaysAgo = Instant.now().minusSeconds(2 * 86_400).toEpochMilli();
        server.store().withConnection(c -> {
            try (var update = c.prepareStatement("UPDATE catalog_segments SET created_at = ? WHERE id IN (?, ?)")) {
                update.setLong(1, twoDaysAgo);
                update.setString(2, id);
                update.setString(3, list);
                return update.executeUpdate();
            }
        });

        server.restart(); // the job runs at start: both segments get yesterday's snapshot

        JsonNode ordered = awaitSnapshot(id);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        JsonNode snapshot = ordered.get("snapshots").get(0);
        assertThat(ordered.get("segmentId").asText()).isEqualTo(id);
        assertThat(ordered.get("to").asText()).isEqualTo(today.toString());
        assertThat(ordered.get("from").asText()).isEqualTo(today.minusDays(89).toString());
        assertThat(snapshot.get("day").asText()).isEqualTo(yesterday.toString());
        assertThat(snapshot.get("at").asText()).isEqualTo(yesterday + "T23:59:59.999Z");
        assertThat(Instant.parse(snapshot.get("takenAt").asText())).isAfter(Instant.parse(snapshot.get("at").asText()));
        assertThat(snapshot.get("count").asLong()).isEqualTo(countAsOf(id, snapshot.get("at").asText()))
                .isEqualTo(2);
        assertThat(snapshot.get("since").isNull()).isTrue();
        assertThat(snapshot.get("entered").isNull()).isTrue();
        assertThat(snapshot.get("exited").isNull()).isTrue();
        assertThat(awaitSnapshot(list).get("snapshots").get(0).get("count").asLong()).isEqualTo(1);
        // a segment made now has no snapshot until its first day ends
        String fresh = create("{\"name\": \"Browsed\", \"filter\": {\"did\": \"Browsed\"}}");
        server.restart();
        awaitSnapshot(list);
        assertThat(get(fresh, "").get("snapshots")).isEmpty();

        // a range without today has none
        JsonNode before = get(id, "from=2026-01-01&to=2026-01-31");
        assertThat(before.get("snapshots")).isEmpty();
    }

    @Test
    void bad_ranges_and_unknown_segments_are_refused() {
        String id = create("{\"name\": \"Anyone who browsed\", \"filter\": {\"did\": \"Browsed\"}}");

        assertError(server.apiGet("/api/segments/" + id + "/snapshots?from=yesterday"), 400, "invalid_request", null);
        assertError(server.apiGet("/api/segments/" + id + "/snapshots?from=2026-02-01&to=2026-01-01"), 400,
                "invalid_request", null);
        assertError(server.apiGet("/api/segments/sgm_nothing/snapshots"), 404, "not_found", null);
    }

    private static JsonNode awaitSnapshot(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode body = get(id, "");
            if (!body.get("snapshots").isEmpty() || System.nanoTime() > deadline) {
                assertThat(body.get("snapshots")).as("snapshots of " + id + " 30 s after the start").hasSize(1);
                return body;
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode get(String id, String query) {
        TestHttp.Response r = server.apiGet("/api/segments/" + id + "/snapshots" + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long countAsOf(String id, String asOf) {
        return server.apiGet("/api/segments/" + id + "/count?asOf=" + asOf).json().get("count").asLong();
    }

    private static String create(String body) {
        TestHttp.Response r = server.apiPost("/api/segments", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}

package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.eval.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Segment-compatible endpoints store, and that they answer only once it is stored. */
class IngestionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    @Test
    void a_batch_stores_events_traits_and_push_tokens_and_answers_success() throws IOException {
        TestHttp.Response r = server.ingest("/v1/batch", """
                {"batch": [
                  {"type": "identify", "userId": "u1", "messageId": "m1", "traits": {"email": "ada@example.com", "plan": "pro"},
                   "context": {"device": {"token": "tok-1"}}, "timestamp": "2026-11-01T10:00:00Z"},
                  {"type": "track", "userId": "u1", "messageId": "m2", "event": "Order Completed",
                   "properties": {"revenue": 42.5, "currency": "EUR"}, "timestamp": "2026-11-01T10:05:00.250Z"},
                  {"type": "page", "userId": "u1", "messageId": "m3", "name": "Pricing", "timestamp": "2026-11-01T10:06:00Z"},
                  {"type": "screen", "anonymousId": "a9", "messageId": "m4", "name": "Home", "timestamp": "2026-11-01T10:07:00Z"}
                ]}""");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(MAPPER.readTree("{\"success\": true}"));
        assertThat(server.events())
                .extracting(row -> List.of(row.get("name"), row.get("ts"), MAPPER.readTree((String) row.get("props"))))
                .containsExactly(
                        List.of("Order Completed", millis("2026-11-01T10:05:00.250Z"),
                                MAPPER.readTree("{\"revenue\": 42.5, \"currency\": \"EUR\"}")),
                        List.of("Page Viewed", millis("2026-11-01T10:06:00Z"), MAPPER.readTree("{\"name\": \"Pricing\"}")),
                        List.of("Screen Viewed", millis("2026-11-01T10:07:00Z"), MAPPER.readTree("{\"name\": \"Home\"}")));
        Profile u1 = server.store().profile("u1").orElseThrow();
        assertThat(u1.traits()).containsEntry("email", "ada@example.com").containsEntry("plan", "pro");
        assertThat(u1.pushTokens()).containsExactly("tok-1");
        assertThat(server.store().profile("a9")).map(Profile::userId).contains("a9");
    }

    @Test
    void each_single_message_endpoint_stores_its_message_type() {
        assertThat(server.ingest("/v1/identify", """
                {"userId": "u1", "traits": {"country": "IN"}, "messageId": "i1"}""").status()).isEqualTo(200);
        assertThat(server.ingest("/v1/track", """
                {"userId": "u1", "event": "Signed Up", "messageId": "t1", "timestamp": "2026-10-01T00:00:00Z"}""").status())
                .isEqualTo(200);
        assertThat(server.ingest("/v1/page", """
                {"userId": "u1", "name": "Home", "messageId": "p1", "timestamp": "2026-10-01T00:01:00Z"}""").status())
                .isEqualTo(200);
        assertThat(server.ingest("/v1/screen", """
                {"anonymousId": "anon-1", "name": "Cart", "messageId": "s1", "timestamp": "2026-10-01T00:02:00Z"}""").status())
                .isEqualTo(200);
        assertThat(server.ingest("/v1/alias", """
                {"userId": "u1", "previousId": "anon-1", "messageId": "al1"}""").status()).isEqualTo(200);
        assertThat(server.ingest("/v1/group", """
                {"userId": "u1", "groupId": "g1", "traits": {"plan": "enterprise"}, "messageId": "g1"}""").status())
                .isEqualTo(200);

        assertThat(server.rows("""
                SELECT u.user_id, e.name FROM events e JOIN users u ON u.uid = e.uid ORDER BY e.ts"""))
                .containsExactly(
                        Map.of("user_id", "u1", "name", "Signed Up"),
                        Map.of("user_id", "u1", "name", "Page Viewed"),
                        Map.of("user_id", "u1", "name", "Screen Viewed"));
        Profile u1 = server.store().profile("anon-1").orElseThrow();
        assertThat(u1.userId()).isEqualTo("u1");
        assertThat(u1.traits()).containsEntry("country", "IN").containsEntry("groupId", "g1")
                .containsEntry("group", Map.of("plan", "enterprise"));
    }

    @Test
    void a_single_message_endpoint_accepts_its_own_type_and_rejects_another() {
        assertThat(server.ingest("/v1/track", """
                {"type": "track", "userId": "u1", "event": "A", "messageId": "t1"}""").status()).isEqualTo(200);

        TestHttp.Response r = server.ingest("/v1/track", """
                {"type": "identify", "userId": "u1", "messageId": "t2"}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("path").asText()).isEqualTo("$.type");
        assertThat(server.count("SELECT count(*) FROM message_ids")).isEqualTo(1);
    }

    @Test
    void an_empty_batch_succeeds_and_stores_nothing() {
        TestHttp.Response r = server.ingest("/v1/batch", "{\"batch\": []}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        assertThat(server.storedRows()).isZero();
    }

    @Test
    void unknown_fields_added_by_sdks_are_ignored() {
        TestHttp.Response r = server.ingest("/v1/batch", """
                {"batch": [{"type": "track", "userId": "u1", "event": "A", "messageId": "x1",
                            "integrations": {"All": true}, "_metadata": {"nodeVersion": "20"},
                            "context": {"library": {"name": "analytics-node", "version": "3"}}}],
                 "writeKey": "whatever", "sentAt": "2026-11-01T00:00:00Z"}""");

        assertThat(r.status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM events WHERE name = 'A'")).isEqualTo(1);
    }

    @Test
    void a_message_without_timestamp_gets_the_time_it_was_received() {
        long before = System.currentTimeMillis();
        assertThat(server.ingest("/v1/track", "{\"userId\": \"u1\", \"event\": \"A\"}").status()).isEqualTo(200);
        long after = System.currentTimeMillis();

        assertThat(server.count("SELECT ts FROM events")).isBetween(before, after);
    }

    @Test
    void a_gzip_encoded_body_is_decoded() throws IOException {
        byte[] json = """
                {"batch": [{"type": "track", "userId": "u1", "event": "Zipped", "messageId": "z1"}]}"""
                .getBytes(StandardCharsets.UTF_8);

        TestHttp.Response r = server.http().post("/v1/batch", gzip(json), TestHttp.basic(ServerExtension.WRITE_KEY, ""),
                "Content-Type", "application/json", "Content-Encoding", "gzip");

        assertThat(r.status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM events WHERE name = 'Zipped'")).isEqualTo(1);
    }

    @Test
    void acknowledged_events_survive_a_restart() {
        for (int i = 0; i < 20; i++) {
            assertThat(server.ingest("/v1/track", "{\"userId\": \"u" + i + "\", \"event\": \"A\", \"messageId\": \"r" + i
                    + "\", \"properties\": {\"m\": \"r" + i + "\"}}")
                    .status()).isEqualTo(200);
        }

        server.restart();

        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(20);
        assertThat(server.count("SELECT count(DISTINCT " + server.property("events", "m") + ") FROM events"))
                .isEqualTo(20);
    }

    @Test
    void health_answers_without_a_key() {
        TestHttp.Response r = server.http().get("/health", null);

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("status").asText()).isEqualTo("ok");
    }

    static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}

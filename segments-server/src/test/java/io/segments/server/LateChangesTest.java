package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live segment's change caused by an event that arrives after its time is dated at the event's time
 * ({@code at}) and carries when the server saw it ({@code observedAt}), in the stream, in the stored records'
 * JSON page and in webhook deliveries alike.
 */
class LateChangesTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void a_late_event_enters_at_its_own_time_and_is_observed_when_it_arrives_everywhere() throws Exception {
        JsonNode segment = server.apiPost("/api/segments", "{\"name\": \"Pinged in the last 30s\", \"type\": \"live\","
                + " \"filter\": {\"did\": \"Ping\", \"when\": {\"last\": \"30s\"}}}").json();
        String id = segment.get("id").asText();
        // stamped when the segment was created: seen only after that, so late by the time it takes to arrive
        Instant stamped = Instant.parse(segment.get("createdAt").asText());
        BlockingQueue<String> deliveries = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            deliveries.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        HttpResponse<InputStream> stream = CLIENT.send(HttpRequest.newBuilder(server.server().uri()
                        .resolve("/api/segments/" + id + "/changes?key=" + ServerExtension.ADMIN_KEY))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(server.apiPost("/api/webhooks", "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"segmentId\": \"" + id + "\"}").status()).isEqualTo(201);
            Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            assertThat(server.ingest("/v1/track", "{\"userId\": \"late\", \"event\": \"Ping\", \"timestamp\": \""
                    + stamped + "\"}").status()).isEqualTo(200);

            JsonNode streamed = CompletableFuture.supplyAsync(() -> nextChange(events)).get(30, TimeUnit.SECONDS);
            Instant received = Instant.now(); // the engine sees the event after it is stored, before it streams it
            assertLate(streamed, stamped, sent, received);

            TestHttp.Response page = server.http().send("GET", "/api/segments/" + id + "/changes", new byte[0],
                    TestHttp.bearer(ServerExtension.ADMIN_KEY), "Accept", "application/json");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode stored = page.json().get("changes").get(0);
            assertLate(stored, stamped, sent, received);
            assertThat(stored.get("observedAt")).isEqualTo(streamed.get("observedAt"));

            String delivery = deliveries.poll(30, TimeUnit.SECONDS);
            assertThat(delivery).as("a webhook delivery").isNotNull();
            JsonNode delivered = JSON.readTree(delivery).get("changes").get(0);
            assertLate(delivered, stamped, sent, received);
            assertThat(delivered.get("id")).isEqualTo(stored.get("id"));
        } finally {
            stream.body().close();
            receiver.stop(0);
        }
    }

    private static void assertLate(JsonNode change, Instant stamped, Instant sent, Instant received) {
        assertThat(change.get("userId").asText()).isEqualTo("late");
        assertThat(change.get("change").asText()).isEqualTo("entered");
        assertThat(Instant.parse(change.get("at").asText())).as("at: the event's time").isEqualTo(stamped);
        assertThat(Instant.parse(change.get("observedAt").asText())).as("observedAt: its arrival")
                .isBetween(sent, received);
    }

    /** The data of the next {@code change} event of an open stream. */
    private static JsonNode nextChange(BufferedReader events) {
        try {
            String event = null;
            String line;
            while ((line = events.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "change".equals(event)) {
                    return JSON.readTree(line.substring(5).trim());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("the stream ended without a change");
    }
}

package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/segments/{id}/changes} without {@code from} is a Server-Sent Events stream: users entering and
 * leaving the segment from the moment it is opened, each as an event {@code change}; the admin key may be given
 * as {@code ?key=} because a browser's EventSource cannot send headers.
 */
class ChangeStreamTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension(Duration.ofMillis(200));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void a_user_entering_and_leaving_is_streamed_as_it_happens() throws Exception {
        String id = create("{\"name\": \"Pinged just now\", \"filter\": {\"did\": \"Ping\", \"when\": {\"last\": \"5s\"}}}");

        try (Events events = open(id, ServerExtension.ADMIN_KEY)) {
            assertThat(events.response.statusCode()).isEqualTo(200);
            assertThat(events.response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(server.ingest("/v1/track", "{\"userId\": \"sse-u1\", \"event\": \"Ping\"}").status()).isEqualTo(200);

            JsonNode entered = events.next("change", 10);
            assertThat(entered.get("userId").asText()).isEqualTo("sse-u1");
            assertThat(entered.get("change").asText()).isEqualTo("entered");
            assertThat(entered.get("at").asText()).isNotBlank();
            JsonNode exited = events.next("change", 10);
            assertThat(exited.get("userId").asText()).isEqualTo("sse-u1");
            assertThat(exited.get("change").asText()).as("the 5 s window passed").isEqualTo("exited");
        }
    }

    @Test
    void a_live_segment_streams_the_records_of_the_live_engine() throws Exception {
        String id = create("{\"name\": \"Live pings\", \"type\": \"live\", \"filter\": {\"did\": \"Ping\"}}");

        try (Events events = open(id, ServerExtension.ADMIN_KEY)) {
            assertThat(server.ingest("/v1/track", "{\"userId\": \"live-u1\", \"event\": \"Ping\"}").status()).isEqualTo(200);

            JsonNode entered = events.next("change", 10);
            assertThat(entered.get("userId").asText()).isEqualTo("live-u1");
            assertThat(entered.get("change").asText()).isEqualTo("entered");
        }
        TestHttp.Response page = server.http().send("GET", "/api/segments/" + id + "/changes", new byte[0],
                TestHttp.bearer(ServerExtension.ADMIN_KEY), "Accept", "application/json");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().get("changes").get(0).get("userId").asText()).isEqualTo("live-u1");
    }

    @Test
    void a_cart_not_bought_within_the_wait_enters_the_live_segment_when_the_wait_ends() throws Exception {
        String id = create("{\"name\": \"Cart, no purchase in 3s\", \"type\": \"live\", \"filter\": {\"sequence\": ["
                + "{\"did\": \"Added To Cart\"}, {\"didNot\": \"Charged\", \"within\": \"3s\"}]}}");

        try (Events events = open(id, ServerExtension.ADMIN_KEY)) {
            Instant cart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            assertThat(server.ingest("/v1/batch", "{\"batch\": ["
                    + "{\"type\": \"track\", \"userId\": \"ann\", \"event\": \"Added To Cart\", \"timestamp\": \"" + cart + "\"},"
                    + "{\"type\": \"track\", \"userId\": \"bob\", \"event\": \"Added To Cart\", \"timestamp\": \"" + cart + "\"}"
                    + "]}").status()).isEqualTo(200);
            Thread.sleep(1000);
            assertThat(server.ingest("/v1/track", "{\"userId\": \"bob\", \"event\": \"Charged\"}").status()).isEqualTo(200);

            JsonNode entered = events.next("change", 10);
            long seenAt = System.currentTimeMillis();
            Instant waitEnds = cart.plusSeconds(3);
            assertThat(entered.get("userId").asText()).isEqualTo("ann");
            assertThat(entered.get("change").asText()).isEqualTo("entered");
            assertThat(Instant.parse(entered.get("at").asText())).as("the instant the wait ended").isEqualTo(waitEnds);
            assertThat(seenAt - waitEnds.toEpochMilli()).as("milliseconds from the end of the wait to the client")
                    .isLessThan(1000);
            assertThat(events.anyWithin("change", 1500)).as("bob bought in time and never enters").isNull();
        }
    }

    @Test
    void the_server_stops_promptly_with_streams_open() throws Exception {
        String dynamic = create("{\"name\": \"Open dynamic\", \"filter\": {\"did\": \"Ping\"}}");
        String live = create("{\"name\": \"Open live\", \"type\": \"live\", \"filter\": {\"did\": \"Ping\"}}");
        try (Events a = open(dynamic, ServerExtension.ADMIN_KEY); Events b = open(live, ServerExtension.ADMIN_KEY)) {
            long start = System.nanoTime();

            server.restart();

            assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to restart").isLessThan(10_000);
        }
    }

    @Test
    void a_stream_ends_when_its_segment_is_deleted() throws Exception {
        String id = create("{\"name\": \"Short-lived stream\", \"filter\": {\"did\": \"Ping\"}}");

        try (Events events = open(id, ServerExtension.ADMIN_KEY)) {
            assertThat(server.apiDelete("/api/segments/" + id).status()).isEqualTo(204);

            assertThat(events.next("deleted", 10).get("segmentId").asText()).isEqualTo(id);
        }
    }

    @Test
    void the_key_in_the_query_string_is_checked_and_opens_only_the_stream() {
        String id = create("{\"name\": \"Guarded stream\", \"filter\": {\"did\": \"Ping\"}}");

        assertError(server.http().get("/api/segments/" + id + "/changes?key=ak_wrong", null), 401, "unauthorized", null);
        assertError(server.http().get("/api/segments/" + id + "/changes?key=" + ServerExtension.WRITE_KEY, null), 401,
                "unauthorized", null);
        assertError(server.http().get("/api/segments/" + id + "?key=" + ServerExtension.ADMIN_KEY, null), 401,
                "unauthorized", null);
        assertError(server.http().get("/api/segments/" + id + "/changes?to=2026-01-01", TestHttp.bearer(ServerExtension.ADMIN_KEY)),
                400, "invalid_request", null);
        TestHttp.Response notAStreamClient = server.http().get("/api/segments/" + id + "/changes",
                TestHttp.bearer(ServerExtension.ADMIN_KEY));
        assertError(notAStreamClient, 400, "invalid_request", null);
        assertThat(notAStreamClient.json().get("message").asText()).contains("text/event-stream");
    }

    @Test
    void a_client_asking_neither_for_the_stream_nor_for_json_is_told_what_to_ask_for_whatever_the_type() {
        String live = create("{\"name\": \"Live, asked plainly\", \"type\": \"live\", \"filter\": {\"did\": \"Ping\"}}");
        String dynamic = create("{\"name\": \"Dynamic, asked plainly\", \"filter\": {\"did\": \"Ping\"}}");

        for (String accept : new String[]{null, "*/*", "text/html"}) {
            TestHttp.Response liveAnswer = changes(live, accept);
            assertError(liveAnswer, 400, "invalid_request", null);
            assertThat(liveAnswer.json().get("message").asText()).as("live, Accept " + accept)
                    .contains("Accept: text/event-stream").contains("Accept: application/json");
            TestHttp.Response dynamicAnswer = changes(dynamic, accept);
            assertError(dynamicAnswer, 400, "invalid_request", null);
            assertThat(dynamicAnswer.json().get("message").asText()).as("dynamic, Accept " + accept)
                    .contains("Accept: text/event-stream").contains("from");
        }
        TestHttp.Response page = changes(live, "application/json");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().get("changes").isArray()).isTrue();
    }

    private TestHttp.Response changes(String id, String accept) {
        return accept == null
                ? server.http().send("GET", "/api/segments/" + id + "/changes", new byte[0],
                        TestHttp.bearer(ServerExtension.ADMIN_KEY))
                : server.http().send("GET", "/api/segments/" + id + "/changes", new byte[0],
                        TestHttp.bearer(ServerExtension.ADMIN_KEY), "Accept", accept);
    }

    private String create(String body) {
        TestHttp.Response r = server.apiPost("/api/segments", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private Events open(String id, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.server().uri().resolve("/api/segments/" + id + "/changes?key=" + key))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
        return new Events(response);
    }

    /** The events of an open stream, read on a thread of their own. */
    private static final class Events implements AutoCloseable {
        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        private final Thread reader;

        Events(HttpResponse<Stream<String>> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                String[] event = {null};
                try {
                    response.body().forEach(line -> {
                        if (line.startsWith("event:")) {
                            event[0] = line.substring(6).trim();
                        } else if (line.startsWith("data:") && event[0] != null) {
                            received.add(new String[]{event[0], line.substring(5).trim()});
                            event[0] = null;
                        }
                    });
                } catch (RuntimeException e) {
                    // the stream was closed
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** The data of the next event named {@code name}, skipping others; fails after {@code seconds}. */
        JsonNode next(String name, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String[] event = received.poll(100, TimeUnit.MILLISECONDS);
                if (event != null && event[0].equals(name)) {
                    return JSON.readTree(event[1]);
                }
            }
            throw new AssertionError("no event '" + name + "' within " + seconds + " s");
        }

        /** The data of the next event named {@code name} within {@code millis}, or null when none comes. */
        JsonNode anyWithin(String name, long millis) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline) {
                String[] event = received.poll(50, TimeUnit.MILLISECONDS);
                if (event != null && event[0].equals(name)) {
                    return JSON.readTree(event[1]);
                }
            }
            return null;
        }

        @Override
        public void close() {
            response.body().close();
            reader.interrupt();
        }
    }
}

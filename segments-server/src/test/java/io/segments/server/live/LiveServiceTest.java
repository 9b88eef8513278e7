package io.segments.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.segments.catalog.SegmentCatalog;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.json.SegmentJson;
import io.segments.server.internal.Auth;
import io.segments.server.internal.Errors;
import io.segments.server.internal.Ingestion;
import io.segments.server.internal.Json;
import io.segments.server.internal.Keys;
import io.segments.server.live.internal.Webhooks;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live segments end to end over HTTP: the real store, catalog, ingestion endpoints, authentication and
 * error answers composed with {@link LiveService} and {@link LiveApi} on a Javalin server (the same parts
 * {@code SegmentsServer} wires), events sent to {@code /v1/batch}, changes read from the SSE stream.
 */
class LiveServiceTest {
    static final String WRITE_KEY = "wk_live_test";
    static final String ADMIN_KEY = "ak_live_test";
    static final String CART_NO_PURCHASE_5S = """
            {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "5s"}]}""";

    @TempDir
    Path dir;
    Node node;
    final HttpClient http = HttpClient.newHttpClient();

    /** One running composition on {@link #dir}. */
    static final class Node implements AutoCloseable {
        final Store store;
        final SegmentCatalog catalog;
        final LiveService live;
        final Javalin app;

        Node(Path dir) {
            store = Store.open(dir);
            catalog = new SegmentCatalog(store);
            live = LiveService.start(store, catalog, Json.MAPPER,
                    new LiveService.Options(Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2)));
            Auth auth = new Auth(new Keys(WRITE_KEY, ADMIN_KEY, false, false));
            app = Javalin.create(c -> {
                c.showJavalinBanner = false;
                c.startupWatcherEnabled = false;
                c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                c.http.asyncTimeout = 0;
            });
            Errors.install(app);
            app.before("/v1/*", auth::requireWriteKey);
            app.before("/api/*", auth::requireAdminKey);
            new Ingestion(store, Executors.newFixedThreadPool(2)).register(app);
            new LiveApi(live, catalog).register(app, true);
            app.start("127.0.0.1", 0);
            store.ingestor();
        }

        String base() {
            return "http://127.0.0.1:" + app.port();
        }

        @Override
        public void close() {
            app.stop();
            live.close();
            store.close();
        }
    }

    @BeforeEach
    void start() {
        node = new Node(dir);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private String liveSegment(String name, String filter) {
        Segment s = SegmentJson.readSegment("{\"name\": \"" + name + "\", \"type\": \"live\", \"filter\": " + filter + "}");
        assertThat(s.type()).isEqualTo(SegmentType.LIVE);
        return node.catalog.create(s).id().orElseThrow();
    }

    private void track(String user, String event, Instant at) throws Exception {
        String body = "{\"batch\": [{\"type\": \"track\", \"userId\": \"" + user + "\", \"event\": \"" + event
                + "\", \"timestamp\": \"" + at + "\"}]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.base() + "/v1/batch"))
                .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** One SSE event as received, with the wall-clock time it arrived. */
    record Received(String id, JsonNode data, Instant receivedAt) {
    }

    /** Reads a change stream in the background. */
    final class Stream implements AutoCloseable {
        final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
        final InputStream body;
        final int status;

        Stream(String segmentId, String query, Optional<String> lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + "/api/segments/" + segmentId
                    + "/changes" + query)).header("Accept", "text/event-stream");
            lastEventId.ifPresent(id -> b.header("Last-Event-ID", id));
            HttpResponse<InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            body = r.body();
            Thread t = new Thread(this::read, "sse-test-reader");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try {
                java.io.BufferedReader reader = new java.io.BufferedReader(
                        new java.io.InputStreamReader(body, StandardCharsets.UTF_8));
                String id = null;
                String data = null;
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data = line.substring(5).trim();
                    } else if (line.isEmpty() && data != null) {
                        events.add(new Received(id, Json.MAPPER.readTree(data), Instant.now()));
                        id = null;
                        data = null;
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }

        Received next(Duration timeout) throws InterruptedException {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    @Test
    void aCartWithoutPurchaseEntersAtTheExactEndOfTheWaitWithinOneSecondAndABuyerNeverEnters() throws Exception {
        String segment = liveSegment("cart, no purchase in 5s", CART_NO_PURCHASE_5S);
        try (Stream stream = new Stream(segment, "?key=" + ADMIN_KEY, Optional.empty())) {
            assertThat(stream.status).isEqualTo(200);
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            track("ann", "Added To Cart", t);
            track("bob", "Added To Cart", t);
            track("bob", "Charged", t.plusSeconds(1));
            Instant due = t.plusSeconds(5);

            Received entered = stream.next(Duration.ofSeconds(10));
            assertThat(entered).as("ann enters").isNotNull();
            assertThat(entered.data().get("userId").asText()).isEqualTo("ann");
            assertThat(entered.data().get("change").asText()).isEqualTo("entered");
            assertThat(Instant.parse(entered.data().get("at").asText())).isEqualTo(due);
            assertThat(Duration.between(due, entered.receivedAt())).isLessThan(Duration.ofSeconds(1));
            assertThat(Long.parseLong(entered.id())).isPositive();

            assertThat(stream.next(Duration.ofMillis(1500))).as("bob bought in time and never enters").isNull();
            assertThat(node.live.members(segment)).containsExactly("ann");
        }
    }

    @Test
    void aStreamResumesAfterLastEventIdAndTheQueryKeyIsChecked() throws Exception {
        String segment = liveSegment("did sign up", "{\"did\": \"Signed Up\"}");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        track("u1", "Signed Up", t);
        track("u2", "Signed Up", t);
        List<ChangeRecord> stored = awaitRecords(segment, 2);
        long first = stored.get(0).id();

        try (Stream all = new Stream(segment, "?key=" + ADMIN_KEY, Optional.of("0"))) {
            assertThat(List.of(all.next(Duration.ofSeconds(5)).id(), all.next(Duration.ofSeconds(5)).id()))
                    .containsExactly(Long.toString(stored.get(0).id()), Long.toString(stored.get(1).id()));
        }
        try (Stream resumed = new Stream(segment, "?key=" + ADMIN_KEY, Optional.of(Long.toString(first)))) {
            Received r = resumed.next(Duration.ofSeconds(5));
            assertThat(r.data().get("userId").asText()).isEqualTo(stored.get(1).userId());
            track("u3", "Signed Up", Instant.now());
            Received live = resumed.next(Duration.ofSeconds(5));
            assertThat(live.data().get("userId").asText()).isEqualTo("u3");
            assertThat(Long.parseLong(live.id())).isGreaterThan(stored.get(1).id());
            assertThat(resumed.next(Duration.ofMillis(300))).isNull();
        }
        try (Stream viaQuery = new Stream(segment, "?after=" + first + "&key=" + ADMIN_KEY, Optional.empty())) {
            assertThat(viaQuery.next(Duration.ofSeconds(5)).id()).isEqualTo(Long.toString(stored.get(1).id()));
        }
        try (Stream wrongKey = new Stream(segment, "?key=nope", Optional.empty())) {
            assertThat(wrongKey.status).isEqualTo(401);
        }
    }

    private List<ChangeRecord> awaitRecords(String segment, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ChangeRecord> records;
        do {
            records = node.live.records(Optional.of(segment), 0, 1000);
            if (records.size() >= n) {
                return records;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + n + " records of " + segment + ", got " + records);
    }

    @Test
    void webhooksReceiveSignedRecordsAgainAfterAFailure() throws Exception {
        String segment = liveSegment("did sign up", "{\"did\": \"Signed Up\"}");
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER));
            int status = calls.incrementAndGet() == 1 ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/webhooks"))
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook\", \"segmentId\": \"" + segment
                            + "\", \"secret\": \"s3cret\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(Json.MAPPER.readTree(created.body()).get("secret").asText()).isEqualTo("s3cret");

            track("w1", "Signed Up", Instant.now());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(calls.get()).as("a failed delivery is retried").isGreaterThanOrEqualTo(2);
            for (int i = 0; i < 2; i++) {
                assertThat(signatures.get(i)).isEqualTo("sha256="
                        + Webhooks.sign("s3cret", bodies.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            JsonNode failed = Json.MAPPER.readTree(bodies.get(0)).get("changes");
            JsonNode delivered = Json.MAPPER.readTree(bodies.get(1)).get("changes");
            assertThat(delivered).isEqualTo(failed);
            assertThat(delivered.get(0).get("userId").asText()).isEqualTo("w1");
            assertThat(delivered.get(0).get("id").asLong()).isEqualTo(node.live.lastRecordId());
            Thread.sleep(500);
            assertThat(calls.get()).as("nothing more once acknowledged").isEqualTo(2);

            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(node.base() + "/api/webhooks"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode hook = Json.MAPPER.readTree(list.body()).get("webhooks").get(0);
            assertThat(hook.get("deliveredThrough").asLong()).isEqualTo(node.live.lastRecordId());
            assertThat(hook.has("secret")).isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void membershipSurvivesARestartFromTheSnapshotAndFromARebuild() throws Exception {
        String segment = liveSegment("cart, no purchase in 5s", CART_NO_PURCHASE_5S);
        String signups = liveSegment("did sign up", "{\"did\": \"Signed Up\"}");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        track("ann", "Added To Cart", t);
        track("cid", "Signed Up", t);
        awaitRecords(signups, 1);

        node.close();
        node = null;
        assertThat(dir.resolve("live").resolve(LiveService.SNAPSHOT)).exists();
        node = new Node(dir);
        assertThat(node.live.members(signups)).containsExactly("cid");
        // the wait that was running at the restart still ends at its exact instant
        List<ChangeRecord> entered = awaitRecords(segment, 1);
        assertThat(entered.get(0).userId()).isEqualTo("ann");
        assertThat(entered.get(0).at()).isEqualTo(t.plusSeconds(5));

        node.close();
        node = null;
        Files.delete(dir.resolve("live").resolve(LiveService.SNAPSHOT));
        node = new Node(dir);
        assertThat(node.live.members(signups)).containsExactly("cid");
        assertThat(node.live.members(segment)).containsExactly("ann");
        assertThat(node.live.records(Optional.of(segment), 0, 100)).as("a rebuild records nothing again").hasSize(1);
    }
}

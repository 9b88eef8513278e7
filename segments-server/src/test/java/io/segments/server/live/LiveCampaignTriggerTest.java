package io.segments.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.segments.campaigns.CampaignService;
import io.segments.campaigns.DeliveryConfig;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.live.Change;
import io.segments.model.json.SegmentJson;
import io.segments.server.internal.Auth;
import io.segments.server.internal.CampaignRoutes;
import io.segments.server.internal.Errors;
import io.segments.server.internal.Ingestion;
import io.segments.server.internal.Json;
import io.segments.server.internal.Keys;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign with {@code "trigger": "onEnter"} on a live segment, end to end over HTTP: the real store,
 * catalog, ingestion, live service, campaign service (outbox provider) and campaign routes composed on a
 * Javalin server as {@code SegmentsServer} wires them, with {@link LiveCampaigns} between the live service
 * and the campaigns. A user who enters gets exactly one message, also after exiting and entering again
 * and after a restart; a user who never enters gets nothing.
 */
class LiveCampaignTriggerTest {
    static final String WRITE_KEY = "wk_trigger_test";
    static final String ADMIN_KEY = "ak_trigger_test";
    /** The latest cart not bought within 3 s: a new cart makes the user exit until its wait is over. */
    static final String LATEST_CART_NOT_BOUGHT_3S = """
            {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "3s"}], "occurrence": "last"}""";

    @TempDir
    Path dir;
    Node node;
    final HttpClient http = HttpClient.newHttpClient();

    /** One running composition on a data directory. */
    static final class Node implements AutoCloseable {
        final Store store;
        final SegmentCatalog catalog;
        final LiveService live;
        final CampaignService campaigns;
        final LiveCampaigns triggers;
        final ExecutorService ingestion = Executors.newFixedThreadPool(2);
        final Javalin app;

        Node(Path dir) {
            store = Store.open(dir);
            catalog = new SegmentCatalog(store);
            live = LiveService.start(store, catalog, Json.MAPPER,
                    new LiveService.Options(Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2)));
            campaigns = CampaignService.start(store, catalog, new SegmentQueries(store, catalog), DeliveryConfig.defaults());
            triggers = LiveCampaigns.attach(live, campaigns);
            Auth auth = new Auth(new Keys(WRITE_KEY, ADMIN_KEY, false, false));
            app = Javalin.create(c -> {
                c.showJavalinBanner = false;
                c.startupWatcherEnabled = false;
                c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            });
            Errors.install(app);
            app.before("/v1/*", auth::requireWriteKey);
            app.before("/api/*", auth::requireAdminKey);
            new Ingestion(store, ingestion).register(app);
            new LiveApi(live, catalog).register(app, true);
            new CampaignRoutes(campaigns).register(app);
            app.start("127.0.0.1", 0);
        }

        String base() {
            return "http://127.0.0.1:" + app.port();
        }

        @Override
        public void close() {
            app.stop();
            ingestion.shutdownNow();
            triggers.close();
            campaigns.close();
            live.close();
            store.close();
        }
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void batch(String... messages) throws Exception {
        HttpResponse<String> r = call("POST", "/v1/batch", WRITE_KEY, "{\"batch\": [" + String.join(", ", messages) + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static String identify(String user, String email) {
        return "{\"type\": \"identify\", \"userId\": \"" + user + "\", \"traits\": {\"email\": \"" + email
                + "\", \"firstName\": \"" + user + "\"}}";
    }

    static String track(String user, String event, Instant at) {
        return "{\"type\": \"track\", \"userId\": \"" + user + "\", \"event\": \"" + event + "\", \"timestamp\": \""
                + at + "\"}";
    }

    /** The outbox messages of {@code campaign} (one file per (campaign, user)). */
    private List<String> outbox(String campaign) throws Exception {
        Path folder = dir.resolve("outbox").resolve(campaign);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private List<ChangeRecord> awaitRecords(String segment, String user, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<ChangeRecord> mine;
        do {
            mine = new ArrayList<>();
            for (ChangeRecord r : node.live.records(Optional.of(segment), 0, 1000)) {
                if (r.userId().equals(user)) {
                    mine.add(r);
                }
            }
            if (mine.size() >= n) {
                return mine;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + n + " records of " + user + " in " + segment + ", got " + mine);
    }

    private JsonNode awaitStats(String campaign, int sent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode stats;
        do {
            HttpResponse<String> r = call("GET", "/api/campaigns/" + campaign, ADMIN_KEY, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            stats = Json.MAPPER.readTree(r.body()).get("stats");
            if (stats.get("sent").asInt() >= sent) {
                return stats;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("campaign " + campaign + " did not send " + sent + " messages: " + stats);
    }

    /** Waits until the triggered campaigns were given every record up to {@code recordId}. */
    private void awaitHandedOn(long recordId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.triggers.cursor() < recordId && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(node.triggers.cursor()).as("record %d handed on", recordId).isGreaterThanOrEqualTo(recordId);
    }

    @Test
    void anEnteringUserGetsOneMessageEvenWhenEnteringAgainAndOneWhoNeverEntersGetsNothing() throws Exception {
        node = new Node(dir);
        String segment = node.catalog.create(SegmentJson.readSegment("{\"name\": \"cart, no purchase in 3s\", "
                + "\"type\": \"live\", \"filter\": " + LATEST_CART_NOT_BOUGHT_3S + "}")).id().orElseThrow();
        String dynamic = node.catalog.create(SegmentJson.readSegment("{\"name\": \"carts\", \"filter\": "
                + "{\"did\": \"Added To Cart\"}}")).id().orElseThrow();
        String body = "{\"segmentId\": \"%s\", \"name\": \"Cart reminder\", \"channel\": \"email\", "
                + "\"trigger\": \"onEnter\", \"message\": {\"subject\": \"Still thinking, {{firstName}}?\", "
                + "\"text\": \"Your cart is waiting\"}}";

        HttpResponse<String> rejected = call("POST", "/api/campaigns", ADMIN_KEY, body.formatted(dynamic));
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(rejected.body()).toString()).contains("$.trigger").contains("live segment");

        HttpResponse<String> created = call("POST", "/api/campaigns", ADMIN_KEY, body.formatted(segment));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode campaign = Json.MAPPER.readTree(created.body());
        assertThat(campaign.get("trigger").asText()).isEqualTo("onEnter");
        String id = campaign.get("id").asText();
        HttpResponse<String> sending = call("POST", "/api/campaigns/" + id + "/send", ADMIN_KEY, null);
        assertThat(sending.statusCode()).as(sending.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(sending.body()).get("state").asText()).isEqualTo("sending");

        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        batch(identify("ann", "ann@example.com"), identify("bob", "bob@example.com"),
                track("ann", "Added To Cart", t), track("bob", "Added To Cart", t),
                track("bob", "Charged", t.plusSeconds(1)));

        ChangeRecord entered = awaitRecords(segment, "ann", 1).get(0);
        assertThat(entered.kind()).isEqualTo(Change.Kind.ENTERED);
        assertThat(entered.at()).isEqualTo(t.plusSeconds(3));
        awaitStats(id, 1);
        assertThat(outbox(id)).singleElement().satisfies(f -> assertThat(f).startsWith("ann."));

        // a new cart: ann exits at once and enters again when its wait is over; no second message
        Instant again = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        batch(track("ann", "Added To Cart", again));
        List<ChangeRecord> annRecords = awaitRecords(segment, "ann", 3);
        assertThat(annRecords).extracting(ChangeRecord::kind)
                .containsExactly(Change.Kind.ENTERED, Change.Kind.EXITED, Change.Kind.ENTERED);
        assertThat(annRecords.get(2).at()).isEqualTo(again.plusSeconds(3));
        awaitHandedOn(annRecords.get(2).id());

        JsonNode stats = awaitStats(id, 1);
        assertThat(stats.get("audience").asInt()).isEqualTo(1);
        assertThat(stats.get("sent").asInt()).isEqualTo(1);
        assertThat(outbox(id)).as("bob bought in time: nothing; ann: one message").singleElement()
                .satisfies(f -> assertThat(f).startsWith("ann."));
        assertThat(Files.readString(dir.resolve("outbox").resolve(id).resolve(outbox(id).get(0))))
                .contains("Still thinking, ann?").contains("ann@example.com");
        assertThat(node.live.records(Optional.of(segment), 0, 1000)).extracting(ChangeRecord::userId)
                .doesNotContain("bob");

        // after a restart the campaign still triggers, once per user
        node.close();
        node = new Node(dir);
        Instant late = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        batch(identify("cid", "cid@example.com"), track("cid", "Added To Cart", late), track("ann", "Added To Cart", late));
        assertThat(awaitRecords(segment, "cid", 1).get(0).at()).isEqualTo(late.plusSeconds(3));
        awaitHandedOn(awaitRecords(segment, "ann", 5).get(4).id());
        JsonNode after = awaitStats(id, 2);
        assertThat(after.get("sent").asInt()).isEqualTo(2);
        assertThat(outbox(id)).hasSize(2).anySatisfy(f -> assertThat(f).startsWith("cid."))
                .anySatisfy(f -> assertThat(f).startsWith("ann."));
    }
}

package io.segments.campaigns;

import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.model.json.SegmentJson;
import io.segments.store.Message;
import io.segments.store.Store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real store in a directory with a segment catalog and a campaign service over it; users are
 * ingested through the store's ingestor. {@link #restart} closes everything and opens it again on
 * the same directory, as a server restart does.
 */
final class StoreFixture implements AutoCloseable {
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();

    final Path dir;
    Store store;
    SegmentCatalog catalog;
    SegmentQueries queries;
    CampaignService service;
    private final List<Message> pending = new ArrayList<>();

    StoreFixture(Path dir) {
        this.dir = dir;
        open();
    }

    private void open() {
        store = Store.open(dir);
        catalog = new SegmentCatalog(store);
        queries = new SegmentQueries(store, catalog);
    }

    /** A delivery configuration from {@code SEGMENTS_*} pairs, every channel at 1000 messages a second unless given. */
    static DeliveryConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("SEGMENTS_EMAIL_RATE", "1000", "SEGMENTS_SMS_RATE", "1000",
                "SEGMENTS_PUSH_RATE", "1000", "SEGMENTS_SEND_RETRY_DELAY", "10ms"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return DeliveryConfig.fromEnvironment(env);
    }

    /** SMTP without TLS to a local test server. */
    static DeliveryConfig smtp(int port, String... more) {
        List<String> pairs = new ArrayList<>(List.of("SEGMENTS_SMTP_HOST", "127.0.0.1", "SEGMENTS_SMTP_PORT",
                Integer.toString(port), "SEGMENTS_SMTP_TLS", "none", "SEGMENTS_SMTP_FROM", "Shop <news@example.com>"));
        pairs.addAll(List.of(more));
        return config(pairs.toArray(String[]::new));
    }

    CampaignService start(DeliveryConfig config) {
        service = CampaignService.start(store, catalog, queries, config);
        return service;
    }

    /** A service that reads profiles {@code chunk} users at a time when sending, {@code freezeChunk} when freezing. */
    CampaignService start(DeliveryConfig config, int chunk, int freezeChunk) {
        service = CampaignService.start(store, catalog, queries, config, java.time.Clock.systemUTC(), chunk,
                freezeChunk);
        return service;
    }

    /** Closes the service and the store, then opens both again on the same directory. */
    CampaignService restart(DeliveryConfig config) {
        service.close();
        store.close();
        open();
        return start(config);
    }

    /** Traits of {@code user} from name, value pairs (creating the user). */
    StoreFixture identify(String user, Object... traits) {
        pending.add(new Message(Message.Kind.IDENTIFY, messageId(), Optional.of(user), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Profiles.traits(traits), Optional.empty(),
                System.currentTimeMillis()));
        return this;
    }

    /** A push token of {@code user}, as {@code context.device.token} brings it. */
    StoreFixture pushToken(String user, String token) {
        pending.add(new Message(Message.Kind.IDENTIFY, messageId(), Optional.of(user), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.of(token), System.currentTimeMillis()));
        return this;
    }

    /** Stores everything added so far and waits until it is durable. */
    StoreFixture ingest() {
        store.ingestor().submit(List.copyOf(pending)).join();
        pending.clear();
        return this;
    }

    /** Creates a dynamic segment with {@code filter} (JSON) and answers its id. */
    String segment(String filter) {
        return catalog.create(SegmentJson.readSegment("{\"name\": \"test segment\", \"filter\": " + filter + "}"))
                .id().orElseThrow();
    }

    /** Creates a draft campaign from its JSON body and answers its id. */
    String campaign(String json) {
        return service.create(CampaignJson.readNewCampaign(json)).campaign().requireId();
    }

    /** Waits until campaign {@code id} is no longer sending and no send of it runs. */
    CampaignDetails awaitDone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            CampaignDetails d = service.get(id);
            if (d.campaign().state() != CampaignState.SENDING && !service.isRunning(id)) {
                return d;
            }
            Thread.sleep(20);
        }
        CampaignDetails last = service.get(id);
        assertThat(last.campaign().state()).as("campaign %s finished within a minute: %s", id, last.stats())
                .isNotEqualTo(CampaignState.SENDING);
        return last;
    }

    private static String messageId() {
        return "msg-" + MESSAGE_IDS.incrementAndGet();
    }

    @Override
    public void close() {
        try {
            if (service != null) {
                service.close();
            }
        } finally {
            store.close();
        }
    }
}

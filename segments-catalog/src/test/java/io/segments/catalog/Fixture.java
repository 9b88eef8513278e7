package io.segments.catalog;

import io.segments.store.Message;
import io.segments.store.Store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real store in a temporary directory with a catalog and queries over it, a settable clock, and
 * messages ingested through the store's ingestor.
 */
final class Fixture implements AutoCloseable {
    /** The time hand-written tests start at. */
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();

    final Store store;
    final TestClock clock;
    final SegmentCatalog catalog;
    final SegmentQueries queries;
    private final List<Message> pending = new ArrayList<>();

    Fixture(Path dir) {
        this(dir, NOW);
    }

    Fixture(Path dir, Instant start) {
        this.store = Store.open(dir);
        this.clock = new TestClock(start);
        this.catalog = new SegmentCatalog(store, clock);
        this.queries = new SegmentQueries(store, catalog, clock);
    }

    /** An event of {@code user} at {@code at}. */
    Fixture track(String user, String event, Instant at, Map<String, Object> properties) {
        pending.add(new Message(Message.Kind.TRACK, messageId(), Optional.of(user), Optional.empty(), Optional.empty(),
                Optional.of(event), properties, Map.of(), Optional.empty(), at.toEpochMilli()));
        return this;
    }

    Fixture track(String user, String event, Instant at) {
        return track(user, event, at, Map.of());
    }

    /** Traits of {@code user} (creating the user). */
    Fixture identify(String user, Map<String, Object> traits) {
        pending.add(new Message(Message.Kind.IDENTIFY, messageId(), Optional.of(user), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), traits, Optional.empty(), NOW.toEpochMilli()));
        return this;
    }

    /** A push token of {@code user} (from {@code context.device.token}). */
    Fixture pushToken(String user, String token) {
        pending.add(new Message(Message.Kind.IDENTIFY, messageId(), Optional.of(user), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.of(token), NOW.toEpochMilli()));
        return this;
    }

    /** An anonymous visitor's event. */
    Fixture trackAnonymous(String anonymousId, String event, Instant at) {
        pending.add(new Message(Message.Kind.TRACK, messageId(), Optional.empty(), Optional.of(anonymousId),
                Optional.empty(), Optional.of(event), Map.of(), Map.of(), Optional.empty(), at.toEpochMilli()));
        return this;
    }

    /** {@code anonymousId} identified as {@code user}: the visitor is merged into the user. */
    Fixture identifyAnonymous(String anonymousId, String user) {
        pending.add(new Message(Message.Kind.IDENTIFY, messageId(), Optional.of(user), Optional.of(anonymousId),
                Optional.empty(), Optional.empty(), Map.of(), Map.of(), Optional.empty(), NOW.toEpochMilli()));
        return this;
    }

    /** Ingests everything added so far and waits until it is durable (acknowledged). */
    Fixture ingest() {
        store.ingestor().submit(List.copyOf(pending)).join();
        pending.clear();
        return this;
    }

    static Instant ago(String duration) {
        return NOW.minusMillis(millis(duration));
    }

    static long millis(String duration) {
        long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
        switch (duration.charAt(duration.length() - 1)) {
            case 's':
                return amount * 1_000L;
            case 'm':
                return amount * 60_000L;
            case 'h':
                return amount * 3_600_000L;
            case 'd':
                return amount * 86_400_000L;
            default:
                throw new IllegalArgumentException(duration);
        }
    }

    private static String messageId() {
        return "m" + MESSAGE_IDS.incrementAndGet();
    }

    @Override
    public void close() {
        store.close();
    }

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        void advance(String duration) {
            now = now.plusMillis(Fixture.millis(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

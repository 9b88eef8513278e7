package io.segments.datagen;

import io.segments.datagen.internal.ByteBuf;
import io.segments.datagen.internal.Engine;
import io.segments.datagen.internal.JsonEmitter;
import io.segments.datagen.internal.MapEmitter;
import io.segments.datagen.internal.Plan;
import io.segments.datagen.internal.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A deterministic generator of realistic e-commerce users and events, as messages in the Segment
 * Tracking API format that ingestion accepts ({@code identify} and {@code track}).
 *
 * <p>The same settings always produce byte-identical output. Generation streams: nothing of the data set
 * is held in memory beyond what {@link Order} states.
 *
 * <pre>{@code
 * Generator g = Generator.builder().users(50_000).days(120).seed(42).build();
 * try (OutputStream out = Files.newOutputStream(path)) {
 *     GenerationSummary summary = g.writeNdjson(out);
 * }
 * }</pre>
 */
public final class Generator {
    /** The default end of the generated period: {@code 2026-12-01T00:00:00Z}. */
    public static final Instant DEFAULT_END = Instant.parse("2026-12-01T00:00:00Z");
    /** The default expected number of track events per user over the whole period. */
    public static final double DEFAULT_EVENTS_PER_USER = 40;
    /** Event names the generator produces, in a fixed order. */
    public static final List<String> EVENT_NAMES = List.of(
            Renderer.APP_LAUNCHED.value(), Renderer.PRODUCT_VIEWED.value(), Renderer.SEARCHED.value(),
            Renderer.ADDED_TO_CART.value(), Renderer.CHARGED.value());

    private static final int FLUSH_BYTES = 1 << 16;
    private static final long DAY_MS = 86_400_000L;

    private final long seed;
    private final int users;
    private final int days;
    private final Instant end;
    private final double eventsPerUser;
    private final Order order;
    private final Plan plan;

    private Generator(Builder b) {
        this.seed = b.seed;
        this.users = b.users;
        this.days = b.days;
        this.end = b.end;
        this.order = b.order;
        this.eventsPerUser = b.totalEvents >= 0 ? (double) b.totalEvents / b.users : b.eventsPerUser;
        this.plan = new Plan(seed, users, days, end.toEpochMilli(), eventsPerUser);
        Engine.calibrate(plan);
    }

    public static Builder builder() {
        return new Builder();
    }

    public long seed() {
        return seed;
    }

    public int users() {
        return users;
    }

    public int days() {
        return days;
    }

    /** The start of the first generated day (midnight UTC). */
    public Instant start() {
        return Instant.ofEpochMilli(plan.startMillis());
    }

    /** No message is later than this. */
    public Instant end() {
        return end;
    }

    public double eventsPerUser() {
        return eventsPerUser;
    }

    public Order order() {
        return order;
    }

    /** Writes every message as one line of JSON. Flushes but does not close {@code out}. */
    public GenerationSummary writeNdjson(OutputStream out) throws IOException {
        requireNonNull(out, "out is null");
        ByteBuf buf = new ByteBuf(FLUSH_BYTES + 4096);
        JsonEmitter emitter = new JsonEmitter(plan, buf);
        Renderer renderer = new Renderer(plan);
        long[] written = {0};
        Engine.Counts counts;
        try {
            counts = run((rows, r, pop) -> {
                renderer.render(rows, r, pop, emitter);
                buf.raw('\n');
                if (buf.size() >= FLUSH_BYTES) {
                    try {
                        buf.writeTo(out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    written[0] += buf.size();
                    buf.clear();
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        buf.writeTo(out);
        written[0] += buf.size();
        out.flush();
        return summary(counts, written[0]);
    }

    /**
     * Hands every message's JSON (without the newline) to {@code consumer}. The array is reused: copy what
     * you keep before returning.
     */
    public GenerationSummary forEachJson(JsonConsumer consumer) {
        requireNonNull(consumer, "consumer is null");
        ByteBuf buf = new ByteBuf(4096);
        JsonEmitter emitter = new JsonEmitter(plan, buf);
        Renderer renderer = new Renderer(plan);
        long[] written = {0};
        Engine.Counts counts = run((rows, r, pop) -> {
            buf.clear();
            renderer.render(rows, r, pop, emitter);
            written[0] += buf.size() + 1;
            consumer.accept(buf.array(), 0, buf.size());
        });
        return summary(counts, written[0]);
    }

    /** Hands every message to {@code consumer} as an object, without JSON. */
    public GenerationSummary forEachMessage(Consumer<? super GeneratedMessage> consumer) {
        requireNonNull(consumer, "consumer is null");
        MapEmitter emitter = new MapEmitter(plan);
        Renderer renderer = new Renderer(plan);
        Engine.Counts counts = run((rows, r, pop) -> {
            renderer.render(rows, r, pop, emitter);
            consumer.accept(emitter.take());
        });
        return summary(counts, 0);
    }

    private Engine.Counts run(Engine.RowSink sink) {
        Engine engine = new Engine(plan);
        return order == Order.TIME ? engine.byTime(sink) : engine.byUser(sink);
    }

    private GenerationSummary summary(Engine.Counts counts, long bytes) {
        Map<String, Long> events = new LinkedHashMap<>();
        for (int k = 0; k < EVENT_NAMES.size(); k++) {
            events.put(EVENT_NAMES.get(k), counts.events(Engine.Counts.FIRST_EVENT_KIND + k));
        }
        return new GenerationSummary(users, counts.anonymousVisitors, counts.identifiedLater, counts.messages(),
                counts.identifies(), events, bytes, start(), end);
    }

    /** Receives one message's UTF-8 JSON in {@code bytes[offset, offset + length)}. */
    @FunctionalInterface
    public interface JsonConsumer {
        void accept(byte[] bytes, int offset, int length);
    }

    /** Settings of a {@link Generator}; every one has a default. */
    public static final class Builder {
        /** Days are stored in 16 bits; this keeps well clear of that. */
        public static final int MAX_DAYS = 20_000;
        public static final double MAX_EVENTS_PER_USER = 100_000;
        /** Average track events per user and day at most. */
        public static final double MAX_EVENTS_PER_USER_AND_DAY = 200;

        private long seed = 1;
        private int users = 1_000;
        private int days = 30;
        private Instant end = DEFAULT_END;
        private double eventsPerUser = DEFAULT_EVENTS_PER_USER;
        private long totalEvents = -1;
        private Order order = Order.TIME;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Number of distinct users (default 1,000). */
        public Builder users(int users) {
            if (users < 1) {
                throw new IllegalArgumentException("users must be at least 1, was " + users);
            }
            this.users = users;
            return this;
        }

        /** Number of UTC days, the last one being the day of {@code end} (default 30). */
        public Builder days(int days) {
            if (days < 1 || days > MAX_DAYS) {
                throw new IllegalArgumentException("days must be in [1, " + MAX_DAYS + "], was " + days);
            }
            this.days = days;
            return this;
        }

        /** No message is later than {@code end} (default {@link #DEFAULT_END}); an end at midnight gives whole days. */
        public Builder end(Instant end) {
            requireNonNull(end, "end is null");
            if (end.isBefore(Instant.parse("1990-01-01T00:00:00Z")) || end.isAfter(Instant.parse("9000-01-01T00:00:00Z"))) {
                throw new IllegalArgumentException("end must lie between 1990 and 9000, was " + end);
            }
            this.end = end;
            return this;
        }

        /** Expected track events per user over the whole period (default 40); the actual total lands within a few percent. */
        public Builder eventsPerUser(double eventsPerUser) {
            if (!(eventsPerUser >= 0 && eventsPerUser <= MAX_EVENTS_PER_USER)) {
                throw new IllegalArgumentException("eventsPerUser must be in [0, " + MAX_EVENTS_PER_USER + "], was "
                        + eventsPerUser);
            }
            this.eventsPerUser = eventsPerUser;
            this.totalEvents = -1;
            return this;
        }

        /** Expected track events in total; replaces {@link #eventsPerUser(double)} by {@code total / users}. */
        public Builder totalEvents(long totalEvents) {
            if (totalEvents < 0) {
                throw new IllegalArgumentException("totalEvents must not be negative, was " + totalEvents);
            }
            this.totalEvents = totalEvents;
            return this;
        }

        /** Output order (default {@link Order#TIME}). */
        public Builder order(Order order) {
            this.order = requireNonNull(order, "order is null");
            return this;
        }

        public Generator build() {
            double perUser = totalEvents >= 0 ? (double) totalEvents / users : eventsPerUser;
            long lastDay = Math.floorDiv(end.toEpochMilli() - 1, DAY_MS);
            double coveredDays = (end.toEpochMilli() - (lastDay - days + 1) * DAY_MS) / (double) DAY_MS;
            if (perUser > MAX_EVENTS_PER_USER || perUser / coveredDays > MAX_EVENTS_PER_USER_AND_DAY) {
                throw new IllegalArgumentException(
                        (totalEvents >= 0 ? "totalEvents " + totalEvents : "eventsPerUser " + eventsPerUser) + " means "
                        + perUser + " events per user in " + String.format(java.util.Locale.ROOT, "%.4f", coveredDays)
                        + " days; at most " + MAX_EVENTS_PER_USER + " per user and "
                        + MAX_EVENTS_PER_USER_AND_DAY + " per user and day are supported");
            }
            if (end.toEpochMilli() - days * DAY_MS < Instant.parse("1971-01-01T00:00:00Z").toEpochMilli()) {
                throw new IllegalArgumentException("the period of " + days + " days before " + end + " starts before 1971");
            }
            return new Generator(this);
        }
    }
}

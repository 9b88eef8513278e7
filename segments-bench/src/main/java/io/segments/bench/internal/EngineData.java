package io.segments.bench.internal;

import io.segments.datagen.Generator;
import io.segments.store.Importer;
import io.segments.store.Store;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's copy of a data set: the generator's messages, in time order, bulk-loaded into a store with the
 * store's own {@link Importer} (as {@code bin/segments import} does: JSON lines parsed and stored through the
 * ingestor, with its identity resolution, deduplication and durable commits). The generator writes into a
 * pipe on a thread of its own, so no file of messages is ever written.
 */
public final class EngineData {
    private EngineData() {
    }

    /** What a load stored, and how long it took. */
    public record Loaded(long messages, long users, long events, double seconds) {
        /** The values a {@link Marker} keeps. */
        public Map<String, String> marker() {
            return Map.of("messages", Long.toString(messages), "users", Long.toString(users),
                    "events", Long.toString(events), "seconds", String.format(Locale.ROOT, "%.1f", seconds));
        }
    }

    /**
     * Opens the store in {@code dataDir} and waits until its writer has done the work opening may start (a schema
     * upgrade's compaction of the sorted runs, say), so that no timed run shares the machine with it.
     */
    static void settle(Path dataDir, PrintStream log) {
        long start = System.nanoTime();
        try (Store store = Store.open(dataDir)) {
            long moved = store.ingestor().sortEvents().get();
            store.checkpoint();
            log.printf(Locale.ROOT, "engine: store settled in %.1f s (%,d recent events moved)%n",
                    (System.nanoTime() - start) / 1e9, moved);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while settling the engine's store", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("settling the engine's store failed: " + e.getCause(), e.getCause());
        }
    }

    /** Generates {@code generator}'s messages into a new store in {@code dataDir} (which must not hold one). */
    public static Loaded load(Generator generator, Path dataDir, PrintStream log) {
        long start = System.nanoTime();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] messages = new long[1];
        try (Store store = Store.open(dataDir); PipedInputStream in = new PipedInputStream(1 << 20)) {
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (out) {
                    messages[0] = generator.writeNdjson(out).messages();
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-generator");
            writer.setDaemon(true); // never outlives a failed import
            writer.start();
            long expected = Math.round(generator.eventsPerUser() * generator.users());
            long[] next = {expected / 10};
            Importer.Result result = new Importer(store.ingestor()).importStream(in, -1, new Importer.Listener() {
                @Override
                public void progress(Importer.Progress p) {
                    if (p.lines() >= next[0]) {
                        next[0] += Math.max(1, expected / 10);
                        log.printf(Locale.ROOT, "  engine: %,d messages stored (%.0f s)%n", p.messagesStored(),
                                (System.nanoTime() - start) / 1e9);
                    }
                }
            });
            writer.join();
            if (failure.get() != null) {
                throw new IllegalStateException("generating the data set failed: " + failure.get(), failure.get());
            }
            if (result.badLines() > 0) {
                throw new IllegalStateException("the store rejected " + result.badLines() + " generated messages, first: "
                        + result.firstBadLines().get(0));
            }
            long[] counts = store.withConnection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT (SELECT count(*) FROM users WHERE merged_into IS NULL), (SELECT count(*) FROM events)")) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2)};
                }
            });
            store.checkpoint();
            return new Loaded(result.messagesStored(), counts[0], counts[1], (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("loading the engine's store in " + dataDir + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the engine's store", e);
        }
    }

    /** The marker values of a load, read back. */
    public static Loaded fromMarker(Properties p) {
        return new Loaded(Long.parseLong(p.getProperty("messages")), Long.parseLong(p.getProperty("users")),
                Long.parseLong(p.getProperty("events")), Double.parseDouble(p.getProperty("seconds")));
    }
}

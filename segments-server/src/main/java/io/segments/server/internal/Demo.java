package io.segments.server.internal;

import io.segments.catalog.ExampleSegments;
import io.segments.catalog.SegmentCatalog;
import io.segments.datagen.GenerationSummary;
import io.segments.datagen.Generator;
import io.segments.server.ServerConfig;
import io.segments.store.Importer;
import io.segments.store.Store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code segments demo}: a data directory holding a generated e-commerce data set ({@value #USERS} users,
 * about {@value #EVENTS} events over the {@value #DAYS} days up to now) and the eight example segments of
 * the segment language ({@link ExampleSegments}), made fresh on every run unless
 * {@code --keep} asks to serve the one already there. The directory is marked with {@value #MARKER}; a
 * directory with other content is never overwritten.
 */
public final class Demo {
    public static final int USERS = 50_000;
    public static final int DAYS = 120;
    public static final long EVENTS = 2_000_000;
    public static final long SEED = 42;

    /** How much to generate: users, days up to now, and about how many events. */
    public record Size(int users, int days, long events) {
        public static final Size DEMO = new Size(USERS, DAYS, EVENTS);
    }
    public static final String MARKER = ".segments-demo";
    private static final String COMPLETE = "complete";

    private Demo() {
    }

    /** Makes {@code config.dataDir()} a demo data directory and answers the configuration to serve it with. */
    public static ServerConfig prepare(ServerConfig config, boolean keep, PrintStream err) {
        return prepare(config, keep, err, Size.DEMO);
    }

    /** {@link #prepare(ServerConfig, boolean, PrintStream)} with another data set size. */
    public static ServerConfig prepare(ServerConfig config, boolean keep, PrintStream err, Size size) {
        Path dir = config.dataDir();
        Path marker = dir.resolve(MARKER);
        try {
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                if (!Files.exists(marker)) {
                    throw new IllegalArgumentException("the directory " + dir.toAbsolutePath().normalize()
                            + " is not empty and holds no demo data set; the demo does not overwrite it:"
                            + " choose another directory with --data-dir");
                }
                if (keep && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(COMPLETE)) {
                    err.println("serving the demo data set already in " + dir.toAbsolutePath().normalize());
                    return config;
                }
                deleteContents(dir);
            }
            Files.createDirectories(dir);
            Files.writeString(marker, "loading\n", StandardCharsets.UTF_8);
            load(dir, err, size);
            Files.writeString(marker, COMPLETE + "\n", StandardCharsets.UTF_8);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo data directory " + dir, e);
        }
    }

    private static void load(Path dir, PrintStream err, Size size) throws IOException {
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Generator generator = Generator.builder()
                .users(size.users()).days(size.days()).totalEvents(size.events()).seed(SEED).end(end).build();
        err.printf(Locale.ROOT, "generating the demo data set: %,d users, about %,d events over %d days, into %s%n",
                size.users(), size.events(), size.days(), dir.toAbsolutePath().normalize());
        AtomicReference<Throwable> generationFailure = new AtomicReference<>();
        AtomicReference<GenerationSummary> summary = new AtomicReference<>();
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream pipe = new PipedOutputStream(in);
        Thread writer = new Thread(() -> {
            try (OutputStream out = pipe) {
                summary.set(generator.writeNdjson(out));
            } catch (Throwable t) {
                generationFailure.set(t);
            }
        }, "segments-demo-generator");
        writer.setDaemon(true);
        writer.start();
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        Importer.Result result;
        int examples;
        try (Store store = Store.open(dir); in) {
            result = new Importer(store.ingestor()).importStream(in, -1, new Importer.Listener() {
                @Override
                public void progress(Importer.Progress p) {
                    bar.update(p.bytesRead(), -1, p.lines(), p.badLines());
                }
            });
            examples = ExampleSegments.createIn(new SegmentCatalog(store)).size();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the demo data set", e);
        }
        if (generationFailure.get() != null) {
            throw new IllegalStateException("generating the demo data set failed", generationFailure.get());
        }
        bar.finish(0, -1, result.lines(), result.badLines());
        if (result.badLines() > 0) {
            throw new IllegalStateException("the generated demo data set had " + result.badLines()
                    + " lines the store rejected, the first: " + result.firstBadLines().get(0));
        }
        err.printf(Locale.ROOT, "loaded %,d messages (%,d users, %,d events) in %.1f s and created the %d example"
                        + " segments%n", result.messagesStored(), summary.get().users(), summary.get().tracks(),
                bar.elapsedSeconds(), examples);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}

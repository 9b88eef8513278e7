package io.segments.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.datagen.Generator;
import io.segments.store.Store;
import io.segments.testing.ExampleSegments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Counts while data arrives, as a user of the server sees them ({@code bin/bench-mixed}). On a generated store
 * (the base, loaded once with the store's importer and reused), the server runs as a child process and the eight
 * example segments are counted over HTTP ({@code GET /api/segments/{id}/count?asOf=}) at the data set's end:
 * <ol>
 *   <li>counts alone: each query client counts every segment {@code rounds} times;</li>
 *   <li>ingestion alone, on another copy of the base: {@value IngestRun#CLIENTS} clients POST {@code /v1/batch}
 *       requests of {@value IngestRun#BATCH} messages, each waiting for the durable 200 before the next;</li>
 *   <li>both at once, on the first copy: the same messages ingested the same way while the query clients count
 *       without pause until the last batch is acknowledged; then counts alone again, on the grown store.</li>
 * </ol>
 * The messages are the next day of the same users (the base data set's generator, one day ending where the base
 * ends, every messageId given a prefix of its own), so they land in every segment's window and the counts grow
 * while they arrive. The store under load grows from the base to the base plus the messages, so "alone" is the
 * counts alone before and after it, pooled: the same range of store sizes. Checked in every run: each count alone
 * answers the same every time, both ingestions store every event, and both grown stores answer the same counts.
 */
public final class MixedLoad {
    /** What the ingested messages' ids start with (the base data set's own ids never do). */
    public static final String MESSAGE_ID_PREFIX = "mixed-";
    /** The message after the last batch that says the writer has done everything before it (see {@link #barrier}). */
    static final String BARRIER = """
            {"batch": [{"type": "identify", "userId": "bench-mixed-barrier", "messageId": "bench-mixed-barrier"}]}""";
    /** Counts of every segment by each query client before the first phase, not measured. */
    static final int WARMUP_ROUNDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MixedLoad() {
    }

    /** Starts a server on a data directory, its output going to {@code log}. */
    @FunctionalInterface
    public interface Servers {
        ServerProcess start(Path dataDir, Path log);
    }

    /**
     * @param data           the base store's data set
     * @param ingestMessages messages ingested in the second and the third phase
     * @param queryClients   clients counting at once, in every phase with counts
     * @param rounds         counts of every segment by each query client, alone before and alone after
     * @param dir            where the base store (and the marker saying it was loaded completely), the copies, the
     *                       servers' logs and {@code samples.csv} live
     * @param fresh          load the base store again even when a complete one exists
     */
    public record Settings(DataSet data, int ingestMessages, int queryClients, int rounds, Path dir, boolean fresh) {
        public Settings {
            requireNonNull(data, "data is null");
            requireNonNull(dir, "dir is null");
            if (ingestMessages < IngestRun.BATCH || queryClients < 1 || rounds < 1) {
                throw new IllegalArgumentException("at least one batch of " + IngestRun.BATCH + " messages, one query"
                        + " client and one round: ingest messages " + ingestMessages + ", query clients " + queryClients
                        + ", rounds " + rounds);
            }
        }
    }

    /** One count: which segment (its index), when it started (epoch ms, to compare with the server's log), how long it took. */
    public record Sample(int segment, long startEpochMillis, long micros) {
    }

    /** One ingestion of the messages: how many messages and events, and the seconds until the last 200. */
    public record Ingestion(long messages, long events, double seconds) {
        public double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** Runs the three phases; the figures and checks are in the result, which is also printed to {@code out}. */
    public static MixedLoadResult run(Settings s, Servers servers, PrintStream out) throws Exception {
        Path dir = s.dir();
        Path base = dir.resolve("base");
        Path marker = dir.resolve("base.loaded");
        if (s.fresh()) {
            Marker.delete(marker);
        }
        long baseEvents = base(s.data(), base, marker, out);
        List<ExampleSegments.Example> examples = ExampleSegments.all();
        Generator traffic = Generator.builder().users(s.data().users()).days(1).totalEvents(s.ingestMessages())
                .seed(DataSet.SEED).end(DataSet.END).build();
        IngestRun.Slice slice = IngestRun.bodies(traffic, s.ingestMessages(), MESSAGE_ID_PREFIX);
        Instant asOf = s.data().now();
        out.printf(Locale.ROOT, "mixed load: base store of %,d users and %,d events; %,d messages (%,d events) to"
                        + " ingest from %d clients in batches of %d; %d segments counted at %s by %d query client(s)%n",
                s.data().users(), baseEvents, slice.messages(), slice.events(), IngestRun.CLIENTS, IngestRun.BATCH,
                examples.size(), asOf, s.queryClients());

        // ingestion alone, on a copy of its own
        Path alone = dir.resolve("copy-ingestion-alone");
        copy(base, alone);
        long[] countsIngestedAlone;
        IngestRun.Elapsed ingestAlone;
        try (ServerProcess server = servers.start(alone, dir.resolve("server-ingestion-alone.log"))) {
            HttpQueries q = new HttpQueries(server.uri());
            List<String> ids = create(q, examples);
            Phase phase = Phase.start("ingestion alone", server, out);
            ingestAlone = IngestRun.post(slice.bodies(), server.uri());
            barrier(server.uri());
            phase.end();
            countsIngestedAlone = alone(q, ids, asOf, 1, 1, new ArrayList<>());
        }
        long storedAlone = storedEvents(alone);
        Dirs.delete(alone);

        // counts alone, both at once, counts alone again
        Path mixed = dir.resolve("copy-mixed");
        copy(base, mixed);
        List<Sample> before = new ArrayList<>();
        List<Sample> underLoad = new ArrayList<>();
        List<Sample> after = new ArrayList<>();
        long[] countsBefore;
        long[] countsAfter;
        IngestRun.Elapsed ingestUnderLoad;
        long mixedFrom;
        long mixedTo;
        Path mixedLog = dir.resolve("server-mixed.log");
        try (ServerProcess server = servers.start(mixed, mixedLog)) {
            HttpQueries q = new HttpQueries(server.uri());
            List<String> ids = create(q, examples);
            alone(q, ids, asOf, s.queryClients(), WARMUP_ROUNDS, new ArrayList<>());
            Phase phase = Phase.start("counts alone", server, out);
            countsBefore = alone(q, ids, asOf, s.queryClients(), s.rounds(), before);
            phase.end();
            phase = Phase.start("ingestion and counts at once", server, out);
            AtomicBoolean done = new AtomicBoolean();
            mixedFrom = System.currentTimeMillis();
            Clients counting = Clients.start(s.queryClients(), ids, asOf, q, done, Integer.MAX_VALUE, underLoad);
            try {
                ingestUnderLoad = IngestRun.post(slice.bodies(), server.uri());
            } finally {
                done.set(true);
                counting.join();
            }
            mixedTo = System.currentTimeMillis();
            barrier(server.uri());
            phase.end();
            phase = Phase.start("counts alone on the grown store", server, out);
            countsAfter = alone(q, ids, asOf, s.queryClients(), s.rounds(), after);
            phase.end();
        }
        long storedMixed = storedEvents(mixed);
        Dirs.delete(mixed);

        long expected = baseEvents + slice.events();
        if (storedAlone != expected || storedMixed != expected) {
            throw new IllegalStateException("the stores should hold " + expected + " events (" + baseEvents
                    + " + " + slice.events() + " ingested) but hold " + storedAlone + " (ingestion alone) and "
                    + storedMixed + " (ingestion under load)");
        }
        if (!Arrays.equals(countsIngestedAlone, countsAfter)) {
            throw new IllegalStateException("the same messages ingested alone and under load gave other counts: "
                    + Arrays.toString(countsIngestedAlone) + " and " + Arrays.toString(countsAfter));
        }
        if (underLoad.isEmpty()) {
            throw new IllegalStateException("the ingestion ended before any count under load finished; ingest more"
                    + " messages");
        }
        List<String> names = examples.stream().map(ExampleSegments.Example::name).toList();
        List<WriterPauses.Pause> pauses = WriterPauses.parse(new String(Files.readAllBytes(mixedLog),
                StandardCharsets.UTF_8).lines().toList()).stream()
                .filter(p -> p.startEpochMillis() < mixedTo && p.endEpochMillis() > mixedFrom).toList();
        MixedLoadResult result = new MixedLoadResult(names, before, underLoad, after,
                new Ingestion(slice.messages(), slice.events(), ingestAlone.seconds()),
                new Ingestion(slice.messages(), slice.events(), ingestUnderLoad.seconds()), countsBefore, countsAfter,
                pauses);
        writeSamples(dir.resolve("samples.csv"), result);
        result.print(out);
        return result;
    }

    /** The base store: reused when its marker says it was loaded completely for this data set; answers its events. */
    private static long base(DataSet data, Path base, Path marker, PrintStream out) {
        Properties loaded = Marker.read(marker, data.settings()).orElse(null);
        if (loaded == null || !Files.isRegularFile(base.resolve(Store.FILE_NAME))) {
            Marker.delete(marker);
            Dirs.delete(base);
            out.printf(Locale.ROOT, "loading the base store: %,d users, about %,d events over %d days ...%n",
                    data.users(), data.events(), data.days());
            EngineData.Loaded load = EngineData.load(data.generator(), base, out);
            loaded = Marker.write(marker, data.settings(), load.marker());
        }
        return EngineData.fromMarker(loaded).events();
    }

    private static List<String> create(HttpQueries q, List<ExampleSegments.Example> examples) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ExampleSegments.Example e : examples) {
            ids.add(q.create(e.name(), "mixed-load benchmark", JSON.readTree(e.json()).path("filter").toString()));
        }
        return ids;
    }

    /**
     * {@code clients} clients count every segment {@code rounds} times each; answers the counts, which must be the
     * same every time (nothing is ingested meanwhile), and adds the samples to {@code samples}.
     */
    private static long[] alone(HttpQueries q, List<String> ids, Instant asOf, int clients, int rounds,
                                List<Sample> samples) throws Exception {
        Clients counting = Clients.start(clients, ids, asOf, q, new AtomicBoolean(), rounds * ids.size(), samples);
        counting.join();
        return counting.stableCounts();
    }

    /**
     * Sends one message after the last batch and waits for its 200: the writer stores batches in order and moves
     * recent events into sorted runs between two commits, so once it is answered, every earlier batch and the
     * work it set off are done. It is an identify of a user of its own, without events: it changes no count.
     */
    static void barrier(URI server) throws IOException, InterruptedException {
        String auth = "Basic " + Base64.getEncoder().encodeToString((ServerProcess.WRITE_KEY + ":")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.resolve("/v1/batch")).timeout(Duration.ofMinutes(5)).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BARRIER)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /v1/batch answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The events stored in the data directory of a stopped server. */
    private static long storedEvents(Path dataDir) throws Exception {
        try (Connection c = BaselineTables.duckdb(dataDir.resolve(Store.FILE_NAME), true)) {
            return Sql.value(c, "SELECT count(*) FROM events");
        }
    }

    private static void copy(Path from, Path to) {
        Dirs.delete(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Every count of the run: phase, segment, start (epoch ms) and latency, one per line. */
    private static void writeSamples(Path file, MixedLoadResult r) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("phase,segment,start_epoch_ms,latency_ms\n");
            writeSamples(w, "alone-before", r.before(), r.segments());
            writeSamples(w, "under-load", r.underLoad(), r.segments());
            writeSamples(w, "alone-after", r.after(), r.segments());
        }
    }

    private static void writeSamples(Writer w, String phase, List<Sample> samples, List<String> segments)
            throws IOException {
        for (Sample sample : samples) {
            w.write(String.format(Locale.ROOT, "%s,%s,%d,%.3f%n", phase, segments.get(sample.segment()).replace(',', ';'),
                    sample.startEpochMillis(), sample.micros() / 1000.0));
        }
    }

    /** Prints a phase's length, the server's CPU use in it (cores busy on average) and the machine's load average. */
    private record Phase(String name, ServerProcess server, PrintStream out, long startNanos, double startCpu) {
        static Phase start(String name, ServerProcess server, PrintStream out) {
            out.printf(Locale.ROOT, "%s ... (load average %s)%n", name, Machine.loadAverage());
            return new Phase(name, server, out, System.nanoTime(), server.cpuSeconds());
        }

        void end() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            out.printf(Locale.ROOT, "  %.1f s; the server busy %.2f cores on average; load average %s%n", seconds,
                    (server.cpuSeconds() - startCpu) / seconds, Machine.loadAverage());
        }
    }

    /** Query clients counting the segments in turn, each starting at another segment, until done or a limit. */
    private static final class Clients {
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final long[] counts;
        private final boolean[] changed;

        private Clients(int segments) {
            counts = new long[segments];
            Arrays.fill(counts, -1);
            changed = new boolean[segments];
        }

        static Clients start(int clients, List<String> ids, Instant asOf, HttpQueries q, AtomicBoolean done,
                             int perClient, List<Sample> samples) {
            Clients c = new Clients(ids.size());
            for (int t = 0; t < clients; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    try {
                        for (int n = 0; n < perClient && !done.get() && c.failure.get() == null; n++) {
                            int segment = (first + n) % ids.size();
                            long at = System.currentTimeMillis();
                            long began = System.nanoTime();
                            long count = q.count(ids.get(segment), asOf);
                            long ended = System.nanoTime();
                            synchronized (c) {
                                samples.add(new Sample(segment, at, (ended - began) / 1000));
                                c.changed[segment] |= c.counts[segment] >= 0 && c.counts[segment] != count;
                                c.counts[segment] = count;
                            }
                        }
                    } catch (Throwable e) {
                        c.failure.compareAndSet(null, e);
                    }
                }, "bench-count-" + t);
                c.threads.add(thread);
                thread.start();
            }
            return c;
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a query client failed: " + failure.get(), failure.get());
            }
        }

        /** The last count of each segment, which must never have changed. */
        synchronized long[] stableCounts() {
            for (int i = 0; i < counts.length; i++) {
                if (changed[i]) {
                    throw new IllegalStateException("segment " + i + " was counted differently while nothing was"
                            + " ingested");
                }
            }
            return counts.clone();
        }
    }
}

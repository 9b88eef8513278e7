package io.segments.bench.internal;

import io.segments.bench.BenchOptions;
import io.segments.bench.postgres.LocalPostgres;
import io.segments.datagen.Generator;
import io.segments.engine.ConnectionSource;
import io.segments.model.Condition;
import io.segments.store.Store;
import org.roaringbitmap.RoaringBitmap;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One benchmark run: loads (or reuses) each system's copy of the data set ({@link Copies}), measures the memory
 * bandwidth and each query workload's physical floor ({@link Floor}), runs every selected workload on every
 * system, checks that all counts agree, and writes {@code results.md} and {@code results.csv}.
 */
public final class Bench {
    /** A baseline formulation is timed only if its warm-up is within this factor of the fastest (or short). */
    static final double CUTOFF_FACTOR = 4;
    static final double CUTOFF_FLOOR_MILLIS = 1_000;
    static final String ENGINE_JAVA = "engine-java";
    static final String ENGINE_HTTP = "engine-http";

    private final BenchOptions options;
    private final PrintStream out;
    private final DataSet data;
    private final Params params;
    private final Path sizeDir;
    private final Map<String, CountCheck> checks = new LinkedHashMap<>();
    private final List<Workload> workloads;
    private Report report;
    private Copies copies;
    private EngineData.Loaded engineLoad;

    public Bench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.data = new DataSet(options.users(), options.events(), options.days());
        this.params = Params.at(data.now(), 90);
        this.sizeDir = options.sizeDir();
        this.workloads = Workloads.all().stream().filter(w -> options.runs(w.id())).toList();
    }

    /** Runs everything; answers the path of results.md. */
    public Path run() throws Exception {
        long start = System.nanoTime();
        Machine machine = Machine.describe();
        report = new Report(options.size(), machine, Machine.loadAverage());
        copies = new Copies(data, sizeDir, out, report);
        Files.createDirectories(sizeDir);
        out.printf(Locale.ROOT, "bench %s: %,d users, %,d events, %d days; data in %s%n", options.size(), data.users(),
                data.events(), data.days(), sizeDir.toAbsolutePath());
        out.println("machine: " + machine.describeText() + "; load average " + Machine.loadAverage());
        if (options.fresh()) {
            out.println("--fresh: rebuilding every copy of the data set");
            copies.deleteAll();
        }
        Generator generator = data.generator();
        engineLoad = copies.engine(generator);
        boolean queries = !workloads.isEmpty();
        boolean postgres = options.postgres() && (queries || options.runs("W6"));
        if (queries || postgres) {
            copies.duckdb();
        }
        report.data(String.format(Locale.ROOT, "data: %s, seed %d, %d days up to %s: %,d messages, %,d users, %,d events",
                options.size(), DataSet.SEED, data.days(), DataSet.END, engineLoad.messages(), engineLoad.users(),
                engineLoad.events()));
        report.data("every system evaluates at now = " + data.now() + " (the data's end minus 1 ms); trends: "
                + params.from() + " to " + params.to() + ", 90 daily points");
        for (Workload w : workloads) {
            checks.put(w.key(), new CountCheck(w.key(), w.labels(params)));
        }
        if (queries) {
            floors();
        }
        LocalPostgres pg = postgres ? copies.postgres() : null;
        try {
            engineJava(generator);
            if (queries) {
                try (Connection c = BaselineTables.duckdb(copies.baselineFile(), true)) {
                    baselines(SqlDialect.DUCKDB, c);
                }
            }
            if (pg != null && queries) {
                try (Connection c = pg.connect()) {
                    baselines(SqlDialect.POSTGRES, c);
                    long bytes = BaselineTables.postgresBytes(c);
                    report.memory(String.format(Locale.ROOT, "PostgreSQL tables incl. indexes: %s, %.1f bytes per event",
                            bytes(bytes), bytes / (double) engineLoad.events()));
                }
            }
            if (options.http() && queries) {
                engineHttp();
            }
            if (options.runs("W6")) {
                ingestion(generator, pg);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        long engineBytes = Dirs.size(copies.engineDir());
        report.memory(String.format(Locale.ROOT, "engine data directory: %s, %.1f bytes per event", bytes(engineBytes),
                engineBytes / (double) engineLoad.events()));
        if (Files.exists(copies.baselineFile())) {
            long duckdbBytes = Dirs.size(copies.baselineFile().getParent());
            report.memory(String.format(Locale.ROOT, "DuckDB baseline file (typed columns): %s, %.1f bytes per event",
                    bytes(duckdbBytes), duckdbBytes / (double) engineLoad.events()));
        }
        report.note("counts agree: every system and every baseline formulation answered the same counts for every "
                + "workload (each of the 20 of the batch, each band, each trend point)");
        report.note(options.jmh() ? "JMH micro-benchmarks: run by bin/bench after this program (bin/bench-jmh)"
                : "JMH micro-benchmarks: skipped (--no-jmh)");
        double total = (System.nanoTime() - start) / 1e9;
        String md = report.markdown(Machine.loadAverage(), total, options.runs());
        Path results = sizeDir.resolve("results.md");
        Files.writeString(results, md, StandardCharsets.UTF_8);
        Files.writeString(sizeDir.resolve("results.csv"), report.table().csv(), StandardCharsets.UTF_8);
        out.println();
        out.println(md);
        out.printf(Locale.ROOT, "results: %s and results.csv (%.0f s)%n", results.toAbsolutePath(), total);
        return results;
    }

    // ---- the floor

    /** The memory bandwidth, measured now, and the floor of each query workload, counted on the typed copy. */
    private void floors() throws SQLException {
        out.println("floor: measuring the memory read bandwidth ...");
        MemoryBandwidth bandwidth = MemoryBandwidth.measure(MemoryBandwidth.ARRAY_BYTES, MemoryBandwidth.PASSES);
        report.bandwidth(bandwidth);
        out.println("floor: " + bandwidth.describe());
        try (Connection c = BaselineTables.duckdb(copies.baselineFile(), true)) {
            for (Workload w : workloads) {
                Floor.Figure f = Floor.count(w, params, c).figure(bandwidth.floorBytesPerSecond());
                report.table().floor(f);
                out.printf(Locale.ROOT, "floor %-7s %s ms: %s%n", w.key(), ResultTable.floorMillis(f.millis()),
                        f.reads());
            }
        }
    }

    // ---- the engine through its Java API (and W5)

    private void engineJava(Generator generator) throws Exception {
        try (Store store = Store.open(copies.engineDir())) {
            EngineQueries engine = new EngineQueries(ConnectionSource.of(store));
            for (Workload w : workloads) {
                List<Condition> filters = EngineQueries.filters(w);
                Timing.Measured m = Timing.measure(w.key() + " " + ENGINE_JAVA, options.runs(),
                        () -> engine.counts(w, filters, params));
                record(w.key(), ENGINE_JAVA, m);
            }
            if (options.runs("W5")) {
                live(generator, store, engine);
            }
        }
    }

    private void live(Generator generator, Store store, EngineQueries engine) {
        Map<String, Integer> uids = LiveReplay.identities(store);
        LiveReplay replay = new LiveReplay(generator, uids, data.now());
        AtomicReference<LiveReplay.Replayed> last = new AtomicReference<>();
        out.println("W5: live replay ...");
        Timing.Measured live = Timing.measure("W5 live-engine", options.runs(), () -> {
            LiveReplay.Replayed r = replay.live();
            last.set(r);
            return LiveReplay.counts(r.members());
        });
        Timing.Measured loop = Timing.measure("W5 loop", options.runs(), () -> new long[]{replay.loop()});
        AtomicReference<List<RoaringBitmap>> batchMembers = new AtomicReference<>();
        Timing.Measured batch = Timing.measure("W5 engine-batch", options.runs(), () -> {
            batchMembers.set(replay.batch(engine.engine()));
            return LiveReplay.counts(batchMembers.get());
        });
        LiveReplay.verify(last.get().members(), batchMembers.get());
        CountCheck check = new CountCheck("W5", LiveReplay.labels());
        check.add("live-engine", live.counts()).add(ENGINE_JAVA + "-batch", batch.counts()).verify();
        LiveReplay.Replayed r = last.get();
        report.table().add(new Figure("W5", "live-engine", live.medianMillis(), live.runs(), Figure.total(live.counts())));
        report.table().add(new Figure("W5", "loop-without-engine", loop.medianMillis(), loop.runs(), r.messages()));
        report.table().add(new Figure("W5", ENGINE_JAVA + "-batch-20", batch.medianMillis(), batch.runs(),
                Figure.total(batch.counts())));
        double liveSeconds = live.medianMillis() / 1000;
        double netSeconds = (live.medianMillis() - loop.medianMillis()) / 1000;
        report.live(String.format(Locale.ROOT, "replay of all %,d messages (%,d track events) in time order with the 20 "
                + "live segments: %.1f s, %,.0f events/s (%,.0f messages/s)", r.messages(), r.events(), liveSeconds,
                r.events() / liveSeconds, r.messages() / liveSeconds));
        report.live(String.format(Locale.ROOT, "the same loop without the engine (generation and user resolution): "
                + "%.1f s; the engine's own time %.1f s, %,.0f events/s", loop.medianMillis() / 1000, netSeconds,
                r.events() / netSeconds));
        report.live(String.format(Locale.ROOT, "one batch evaluation of the same 20 segments at the end "
                + "(SegmentEngine.members): %.2f s; live replay / batch evaluation = %.1f", batch.medianMillis() / 1000,
                live.medianMillis() / batch.medianMillis()));
        report.live("live members at the end equal the batch members for all 20 segments (compared user by user)");
        out.printf(Locale.ROOT, "W5: live %.1f s (%,.0f events/s), loop %.1f s, batch %.2f s%n", liveSeconds,
                r.events() / liveSeconds, loop.medianMillis() / 1000, batch.medianMillis() / 1000);
    }

    // ---- the baselines

    private void baselines(SqlDialect dialect, Connection c) {
        String system = dialect.system();
        for (Workload w : workloads) {
            Map<Workload.Formulation, Timing.Measured> warm = new LinkedHashMap<>();
            double fastestWarmup = Double.MAX_VALUE;
            for (Workload.Formulation f : w.formulations(dialect, params)) {
                String name = w.key() + " " + system + "/" + f.name();
                long start = System.nanoTime();
                Timing.Measured m;
                try {
                    m = Timing.warmup(name, () -> f.counter().counts(c, params));
                } catch (IllegalStateException e) {
                    if (!timedOut(e)) {
                        throw e;
                    }
                    double millis = (System.nanoTime() - start) / 1e6;
                    report.tried(new Report.Tried(w.key(), system, f.name(), millis, 0, 0, "timed out"));
                    out.printf(Locale.ROOT, "  %s timed out after %.0f s%n", name, millis / 1000);
                    continue;
                }
                checks.get(w.key()).add(system + "/" + f.name(), m.counts());
                checks.get(w.key()).verify();
                warm.put(f, m);
                fastestWarmup = Math.min(fastestWarmup, m.warmupMillis());
            }
            if (warm.isEmpty()) {
                throw new IllegalStateException(w.key() + ": every " + system + " formulation timed out");
            }
            Timing.Measured best = null;
            Workload.Formulation bestFormulation = null;
            Map<Workload.Formulation, Timing.Measured> measured = new LinkedHashMap<>();
            for (Map.Entry<Workload.Formulation, Timing.Measured> e : warm.entrySet()) {
                Timing.Measured m = e.getValue();
                if (m.warmupMillis() <= Math.max(CUTOFF_FACTOR * fastestWarmup, CUTOFF_FLOOR_MILLIS)) {
                    Workload.Formulation f = e.getKey();
                    m = Timing.timed(w.key() + " " + system + "/" + f.name(), m, options.runs(),
                            () -> f.counter().counts(c, params));
                    if (best == null || m.medianMillis() < best.medianMillis()) {
                        best = m;
                        bestFormulation = f;
                    }
                }
                measured.put(e.getKey(), m);
            }
            for (Map.Entry<Workload.Formulation, Timing.Measured> e : measured.entrySet()) {
                Timing.Measured m = e.getValue();
                String status = e.getKey() == bestFormulation ? "**fastest**" : m.runs() == 0 ? "slow warm-up" : "";
                report.tried(new Report.Tried(w.key(), system, e.getKey().name(), m.warmupMillis(), m.medianMillis(),
                        m.runs(), status));
            }
            record(w.key(), system, best);
            out.printf(Locale.ROOT, "  (fastest: %s)%n", bestFormulation.name());
        }
    }

    /** Whether a baseline query failed because PostgreSQL's {@code statement_timeout} cancelled it. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    // ---- the engine through its HTTP API

    private void engineHttp() throws Exception {
        String heap = data.events() > 20_000_000 ? "12g" : "4g";
        try (ServerProcess server = ServerProcess.start(options.serverJar(), copies.engineDir(), heap,
                sizeDir.resolve("work").resolve("server.log"))) {
            out.println("engine-http: server pid " + server.pid() + " at " + server.uri() + " (-Xmx" + heap + ")");
            HttpQueries http = new HttpQueries(server.uri());
            for (Workload w : workloads) {
                List<String> ids = http.create(w);
                http.takeServerTimes();
                Timing.Measured m = Timing.measure(w.key() + " " + ENGINE_HTTP, options.runs(),
                        () -> http.counts(w, ids, params));
                record(w.key(), ENGINE_HTTP, m);
                serverTime(w.key(), m, http.takeServerTimes());
                http.delete(ids);
            }
            for (Report.Example e : HttpExamples.count(http, params.nowInstant(), out)) {
                report.example(e);
            }
            ServerProcess.Memory memory = server.memory();
            report.memory(String.format(Locale.ROOT, "server (engine-http, -Xmx%s) after the HTTP workloads: VmHWM %s, "
                    + "VmRSS %s", heap, bytes(memory.peakBytes()), bytes(memory.residentBytes())));
        }
    }

    /**
     * Reports how much of engine-http's median was spent in the server and in its evaluation: the medians of the
     * {@code Server-Timing} durations of the timed runs (one request each, the last of those sent).
     */
    private void serverTime(String workload, Timing.Measured m, HttpQueries.ServerTimes times) {
        int runs = options.runs();
        int sent = times.app().length;
        if (sent < runs) {
            return;
        }
        String line = String.format(Locale.ROOT, "%s: engine-http %.1f ms over HTTP, of which %.1f ms in the server "
                + "and %.1f ms in the query (Server-Timing, medians of the timed runs)", workload, m.medianMillis(),
                Timing.median(Arrays.copyOfRange(times.app(), sent - runs, sent)),
                Timing.median(Arrays.copyOfRange(times.query(), sent - runs, sent)));
        out.println(line);
        report.note(line);
    }

    // ---- W6

    private void ingestion(Generator generator, LocalPostgres pg) throws Exception {
        int messages = (int) Math.min(options.ingestMessages(), engineLoad.messages());
        out.printf(Locale.ROOT, "W6: the first %,d messages ...%n", messages);
        IngestRun.Slice slice = IngestRun.slice(generator, messages);
        CountCheck check = new CountCheck("W6", List.of("events stored"));
        check.add("generated slice", new long[]{slice.events()});
        Path work = sizeDir.resolve("work");
        Map<String, Timing.Measured> results = new LinkedHashMap<>();
        Map<String, double[]> secondHalves = new LinkedHashMap<>();
        int[] run = {0};
        if (options.http()) {
            results.put(ENGINE_HTTP, ingest(ENGINE_HTTP, secondHalves, () -> IngestRun.http(slice, options.serverJar(),
                    work.resolve("ingest-http"), "4g", work.resolve("ingest-server-" + (run[0]++) + ".log"))));
        }
        if (pg != null) {
            results.put(Figure.POSTGRES, ingest(Figure.POSTGRES, secondHalves, () -> IngestRun.postgres(slice, pg)));
        }
        results.put(Figure.DUCKDB, ingest(Figure.DUCKDB, secondHalves,
                () -> IngestRun.duckdb(slice, work.resolve("ingest.duckdb"))));
        for (Map.Entry<String, Timing.Measured> e : results.entrySet()) {
            check.add(e.getKey(), e.getValue().counts());
        }
        check.verify();
        report.ingestion(String.format(Locale.ROOT, "the first %,d messages of the data set (%,d track events) in %,d "
                + "batches of %d, %d concurrent clients, each batch durable before the next is sent by that client; "
                + "every engine run starts a fresh server (a new JVM) on an empty data directory",
                slice.messages(), slice.events(), slice.bodies().size(), IngestRun.BATCH, IngestRun.CLIENTS));
        for (Map.Entry<String, Timing.Measured> e : results.entrySet()) {
            Timing.Measured m = e.getValue();
            double secondHalf = Timing.median(secondHalves.get(e.getKey()));
            report.table().add(new Figure("W6", e.getKey(), m.medianMillis(), m.runs(), m.counts()[0]));
            report.ingestion(String.format(Locale.ROOT, "%s: %.1f s, %,.0f messages/s, %,.0f events/s; the second half "
                    + "of the slice alone (median): %.1f s, %,.0f messages/s", e.getKey(), m.medianMillis() / 1000,
                    slice.messages() / (m.medianMillis() / 1000), slice.events() / (m.medianMillis() / 1000), secondHalf,
                    (slice.messages() - slice.messages() / 2) / secondHalf));
        }
        report.ingestion("every system stored all " + slice.events() + " events");
    }

    private interface Ingestion {
        IngestRun.Ingested run() throws Exception;
    }

    /** W6 on one system: warm-up and timed runs; keeps each timed run's second-half time. */
    private Timing.Measured ingest(String system, Map<String, double[]> secondHalves, Ingestion ingestion) {
        double[] halves = new double[options.runs()];
        int[] call = {-1};
        Timing.Measured m = Timing.measureSelfTimed("W6 " + system, options.runs(), () -> {
            IngestRun.Ingested i = ingestion.run();
            if (call[0] >= 0) {
                halves[call[0]] = i.secondHalfSeconds();
            }
            call[0]++;
            return new Timing.Timed(i.seconds() * 1000, new long[]{i.eventsStored()});
        });
        secondHalves.put(system, halves);
        out.printf(Locale.ROOT, "W6      %-12s %10s ms  (events %,d)%n", system, ResultTable.millis(m.medianMillis()),
                m.counts()[0]);
        return m;
    }

    private void record(String workload, String system, Timing.Measured m) {
        CountCheck check = checks.get(workload);
        check.add(system, m.counts());
        check.verify();
        report.table().add(new Figure(workload, system, m.medianMillis(), m.runs(), Figure.total(m.counts())));
        out.printf(Locale.ROOT, "%-7s %-12s %10s ms  (count %,d)%n", workload, system, ResultTable.millis(m.medianMillis()),
                Figure.total(m.counts()));
    }

    private static String bytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}

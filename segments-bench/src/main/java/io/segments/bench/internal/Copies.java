package io.segments.bench.internal;

import io.segments.bench.postgres.LocalPostgres;
import io.segments.datagen.Generator;
import io.segments.store.Store;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Each system's copy of a data set, under {@code <dir>/<size>/}: the engine's store ({@code engine/}), the typed
 * DuckDB copy ({@code duckdb/baseline.duckdb}) and the PostgreSQL cluster ({@code postgres/}). A copy is loaded
 * once and reused by later runs while its {@link Marker} matches the data set (the typed copies also the engine's
 * event count); every load or reuse is recorded in the report.
 */
final class Copies {
    private static final String ENGINE_LOAD = "generate + bulk import (store Importer)";
    private static final String DUCKDB_LOAD = "typed copy: ATTACH + CREATE TABLE AS, sorted by (name, ts)";
    private static final String POSTGRES_LOAD = "COPY from the typed copy + indexes + VACUUM ANALYZE";

    private final DataSet data;
    private final Path sizeDir;
    private final PrintStream out;
    private final Report report;
    private EngineData.Loaded engine;

    Copies(DataSet data, Path sizeDir, PrintStream out, Report report) {
        this.data = data;
        this.sizeDir = sizeDir;
        this.out = out;
        this.report = report;
    }

    Path engineDir() {
        return sizeDir.resolve("engine");
    }

    Path baselineFile() {
        return sizeDir.resolve("duckdb").resolve("baseline.duckdb");
    }

    private Path pgDir() {
        return sizeDir.resolve("postgres");
    }

    /** What the engine's copy holds; known once {@link #engine} ran. */
    EngineData.Loaded engineLoad() {
        if (engine == null) {
            throw new IllegalStateException("the engine's copy is not loaded yet");
        }
        return engine;
    }

    /** PostgreSQL's settings for the benchmark: memory for a 24 GiB machine, durable commits, no WAL for loads. */
    static Map<String, String> postgresSettings(long events) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("shared_buffers", events > 20_000_000 ? "6GB" : "4GB");
        s.put("effective_cache_size", "16GB");
        s.put("work_mem", "256MB");
        s.put("maintenance_work_mem", "1GB");
        s.put("max_parallel_workers_per_gather", "2");
        s.put("max_parallel_maintenance_workers", "2");
        s.put("random_page_cost", "1.1");
        s.put("wal_level", "minimal");
        s.put("max_wal_senders", "0");
        s.put("max_wal_size", "16GB");
        s.put("fsync", "on");
        s.put("synchronous_commit", "on");
        s.put("jit", "off");
        s.put("statement_timeout", "600s");
        return s;
    }

    /** Deletes every copy and its marker ({@code --fresh}). */
    void deleteAll() {
        for (String marker : List.of("engine.loaded", "duckdb.loaded", "postgres.loaded")) {
            Marker.delete(sizeDir.resolve(marker));
        }
        Dirs.delete(engineDir());
        Dirs.delete(baselineFile().getParent());
        Dirs.delete(pgDir());
    }

    /** The engine's store: reused, or generated and imported (which invalidates the typed copies). */
    EngineData.Loaded engine(Generator generator) {
        Path marker = sizeDir.resolve("engine.loaded");
        Optional<Properties> done = Marker.read(marker, data.settings());
        if (done.isPresent() && Files.exists(engineDir().resolve(Store.FILE_NAME))) {
            engine = EngineData.fromMarker(done.get());
            out.printf(Locale.ROOT, "engine: reusing the store loaded before (%,d events)%n", engine.events());
            EngineData.settle(engineDir(), out);
            report.load(new Report.Load(Bench.ENGINE_JAVA, ENGINE_LOAD, engine.seconds(), true));
            return engine;
        }
        Marker.delete(marker);
        Marker.delete(sizeDir.resolve("duckdb.loaded"));
        Marker.delete(sizeDir.resolve("postgres.loaded"));
        Dirs.delete(engineDir());
        out.println("engine: generating and importing the data set ...");
        engine = EngineData.load(generator, engineDir(), out);
        Marker.write(marker, data.settings(), engine.marker());
        out.printf(Locale.ROOT, "engine: %,d messages, %,d users, %,d events in %.1f s%n", engine.messages(),
                engine.users(), engine.events(), engine.seconds());
        report.load(new Report.Load(Bench.ENGINE_JAVA, ENGINE_LOAD, engine.seconds(), false));
        return engine;
    }

    private String copySettings() {
        return data.settings() + " engine-events=" + engineLoad().events();
    }

    /** The typed DuckDB copy: reused, or built from the engine's store. */
    void duckdb() {
        Path marker = sizeDir.resolve("duckdb.loaded");
        Optional<Properties> done = Marker.read(marker, copySettings());
        if (done.isPresent() && Files.exists(baselineFile())) {
            report.load(new Report.Load(Figure.DUCKDB, DUCKDB_LOAD, Double.parseDouble(done.get().getProperty("seconds")),
                    true));
            return;
        }
        out.println("duckdb: building the typed copy ...");
        long t0 = System.nanoTime();
        BaselineTables.buildDuckDb(engineDir().resolve(Store.FILE_NAME), baselineFile());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Marker.write(marker, copySettings(), Map.of("seconds", String.format(Locale.ROOT, "%.1f", seconds)));
        out.printf(Locale.ROOT, "duckdb: typed copy in %.1f s%n", seconds);
        report.load(new Report.Load(Figure.DUCKDB, DUCKDB_LOAD, seconds, false));
    }

    /** PostgreSQL started on its cluster: reused, or a new cluster loaded from the typed DuckDB copy. */
    LocalPostgres postgres() throws Exception {
        Path marker = sizeDir.resolve("postgres.loaded");
        Optional<Properties> done = Marker.read(marker, copySettings());
        Path cluster = pgDir().resolve("data");
        if (done.isEmpty()) {
            Dirs.delete(pgDir());
        }
        Files.createDirectories(pgDir());
        LocalPostgres pg = LocalPostgres.start(cluster, postgresSettings(data.events()));
        out.println("postgres: listening on 127.0.0.1:" + pg.port() + " (" + cluster + ")");
        if (done.isPresent()) {
            report.load(new Report.Load(Figure.POSTGRES, POSTGRES_LOAD,
                    Double.parseDouble(done.get().getProperty("seconds")), true));
            return pg;
        }
        try (Connection c = pg.connect()) {
            out.println("postgres: loading ...");
            long t0 = System.nanoTime();
            BaselineTables.loadPostgres(c, baselineFile(), sizeDir.resolve("work"), out);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Marker.write(marker, copySettings(), Map.of("seconds", String.format(Locale.ROOT, "%.1f", seconds)));
            report.load(new Report.Load(Figure.POSTGRES, POSTGRES_LOAD, seconds, false));
        } catch (Exception e) {
            pg.close();
            throw e;
        }
        return pg;
    }
}

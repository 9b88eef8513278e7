package io.segments.bench;

import io.segments.bench.internal.BaselineTables;
import io.segments.bench.internal.DataSet;
import io.segments.bench.internal.Dirs;
import io.segments.bench.internal.EngineData;
import io.segments.bench.internal.EngineQueries;
import io.segments.bench.internal.Floor;
import io.segments.bench.internal.Params;
import io.segments.bench.internal.SqlDialect;
import io.segments.bench.internal.Workload;
import io.segments.bench.internal.Workloads;
import io.segments.bench.postgres.LocalPostgres;
import io.segments.engine.ConnectionSource;
import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.model.eval.SegmentLookup;
import io.segments.store.EventDocuments;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every baseline formulation kept in {@link Workloads}, on DuckDB and on PostgreSQL, answers what the engine
 * answers and what the reference evaluator answers, on a small generated data set loaded the way the
 * benchmark loads it (the store's importer, the typed copy, PostgreSQL through COPY); and the floor of every
 * workload counts the rows the store holds in its windows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadAgreementTest {
    private static final DataSet DATA = new DataSet(1_500, 240_000, 60);

    private final Path dir = Path.of("target", "workload-agreement");
    private final Params params = Params.at(DATA.now(), 90);
    private final Map<String, long[]> expected = new LinkedHashMap<>();
    private final Map<Integer, Profile> profiles = new LinkedHashMap<>();
    private final Map<Integer, List<Event>> events = new HashMap<>();
    private Store store;
    private Connection duckdb;
    private Path pgDir;
    private LocalPostgres postgres;
    private Connection pg;

    @BeforeAll
    void load() throws Exception {
        Dirs.delete(dir);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        EngineData.load(DATA.generator(), dir.resolve("engine"), quiet);
        BaselineTables.buildDuckDb(dir.resolve("engine").resolve(Store.FILE_NAME), dir.resolve("baseline.duckdb"));
        pgDir = Files.createTempDirectory("segments-bench-pg");
        postgres = LocalPostgres.start(pgDir, Map.of());
        pg = postgres.connect();
        BaselineTables.loadPostgres(pg, dir.resolve("baseline.duckdb"), dir.resolve("work"), quiet);
        duckdb = BaselineTables.duckdb(dir.resolve("baseline.duckdb"), true);
        store = Store.open(dir.resolve("engine"));
        expected.putAll(reference());
    }

    @AfterAll
    void close() throws Exception {
        if (pg != null) {
            pg.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (duckdb != null) {
            duckdb.close();
        }
        if (store != null) {
            store.close();
        }
        if (pgDir != null) {
            Dirs.delete(pgDir);
        }
    }

    /** What the reference evaluator says, over the users and events the store holds (kept in the fields). */
    private Map<String, long[]> reference() throws Exception {
        store.withConnection(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT uid, user_id FROM users WHERE merged_into IS NULL ORDER BY uid")) {
                while (rs.next()) {
                    profiles.put(rs.getInt(1), store.profile(rs.getString(2)).orElseThrow());
                }
            }
            EventDocuments.query(c, d -> "SELECT e.uid, e.name, e.ts, " + d.columns("e") + " FROM events e", List.of(),
                    (rs, d) -> events.computeIfAbsent(rs.getInt(1), u -> new ArrayList<>()).add(new Event(rs.getString(2),
                            rs.getLong(3), d.properties(rs.getString(2), rs, 4))));
            return null;
        });
        ReferenceEvaluator reference = new ReferenceEvaluator(SegmentLookup.none());
        Map<String, long[]> answers = new LinkedHashMap<>();
        for (Workload w : Workloads.all()) {
            List<Condition> filters = EngineQueries.filters(w);
            long[] at = w.trend() ? params.points() : new long[]{params.now()};
            long[] counts = new long[w.trend() ? at.length : filters.size()];
            for (int i = 0; i < counts.length; i++) {
                Condition filter = filters.get(w.trend() ? 0 : i);
                Instant now = Instant.ofEpochMilli(at[w.trend() ? i : 0]);
                for (Map.Entry<Integer, Profile> user : profiles.entrySet()) {
                    if (reference.matches(filter, user.getValue(), events.getOrDefault(user.getKey(), List.of()), now)) {
                        counts[i]++;
                    }
                }
            }
            answers.put(w.key(), counts);
        }
        return answers;
    }

    @Test
    void theDataSetMakesEveryWorkloadNonTrivial() {
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            assertThat(Stream.of(e.getValue()).flatMapToLong(java.util.Arrays::stream).anyMatch(c -> c > 0))
                    .as("%s has a count above zero", e.getKey()).isTrue();
        }
        // the bands and the batch are not all the same number
        assertThat(expected.get("W4")).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(expected.get("W1x20")).distinct().count()).isGreaterThan(5);
    }

    @Test
    void everyFloorCountsTheRowsOfItsWindowsThatTheStoreHolds() throws Exception {
        for (Workload w : Workloads.all()) {
            List<Floor.Read> reads = Floor.reads(w, params);
            assertThat(reads).as("%s has a floor", w.key()).isNotEmpty();
            long[] rows = new long[reads.size()];
            for (int i = 0; i < rows.length; i++) {
                Floor.Read read = reads.get(i);
                // counted over the current users' events from the store, not on the typed copy
                rows[i] = read.event() == null ? profiles.size() : profiles.keySet().stream()
                        .flatMap(uid -> events.getOrDefault(uid, List.of()).stream())
                        .filter(e -> e.name().equals(read.event()) && e.timestamp() >= read.from()
                                && e.timestamp() <= read.to())
                        .count();
            }
            assertThat(java.util.Arrays.stream(rows).allMatch(n -> n > 0)).as("%s reads rows", w.key()).isTrue();
            assertThat(Floor.count(w, params, duckdb).rows()).as(w.key()).containsExactly(rows);
        }
    }

    @TestFactory
    Stream<DynamicTest> theEngineAnswersWhatTheReferenceAnswers() {
        EngineQueries engine = new EngineQueries(ConnectionSource.of(store));
        return Workloads.all().stream().map(w -> DynamicTest.dynamicTest(w.key(), () ->
                assertThat(engine.counts(w, EngineQueries.filters(w), params)).as(w.key())
                        .containsExactly(expected.get(w.key()))));
    }

    @TestFactory
    Stream<DynamicTest> everyDuckDbFormulationAnswersWhatTheReferenceAnswers() {
        return formulations(SqlDialect.DUCKDB, () -> duckdb);
    }

    @TestFactory
    Stream<DynamicTest> everyPostgresFormulationAnswersWhatTheReferenceAnswers() {
        return formulations(SqlDialect.POSTGRES, () -> pg);
    }

    private Stream<DynamicTest> formulations(SqlDialect dialect, java.util.function.Supplier<Connection> connection) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Workload w : Workloads.all()) {
            List<Workload.Formulation> formulations = w.formulations(dialect, params);
            tests.add(DynamicTest.dynamicTest(w.key() + " has formulations", () ->
                    assertThat(formulations.size()).as(w.key()).isGreaterThanOrEqualTo(2)));
            for (Workload.Formulation f : formulations) {
                tests.add(DynamicTest.dynamicTest(w.key() + " " + f.name(), () ->
                        assertThat(f.counter().counts(connection.get(), params)).as(w.key() + " " + f.name())
                                .containsExactly(expected.get(w.key()))));
            }
        }
        return tests.stream();
    }
}

package io.segments.jmh;

import io.segments.engine.SegmentEngine;
import io.segments.engine.sql.CompiledQuery;
import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.store.TypedColumns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Compiling an example segment to the DuckDB query that finds its members, as every count, member page
 * and reachability request does: validation, lowering to the relational plan and printing with the DuckDB
 * dialect ({@link SegmentEngine#compile}). The baseline is reading the same segment from its JSON text,
 * which a request does before compiling.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class CompileBenchmark {
    /** One example segment, its filter, and an engine that only compiles. */
    @State(Scope.Benchmark)
    public static class Definition {
        @Param
        public Example example;

        String json;
        Condition filter;
        SegmentEngine engine;
        Instant now;
        /** The slots of the store the query is for (none: every field read from the JSON). */
        public TypedColumns typed = TypedColumns.NONE;

        @Setup
        public void setup() {
            json = example.json();
            filter = example.segment().filter().orElseThrow();
            engine = new SegmentEngine(() -> {
                throw new SQLException("this engine only compiles: it has no database");
            });
            now = Instant.parse("2026-12-01T00:00:00Z");
        }
    }

    @Benchmark
    public CompiledQuery compile(Definition d) {
        return d.engine.compile(d.filter, d.now, SegmentLookup.none(), Optional.empty(), d.typed);
    }

    @Benchmark
    public Segment baselineReadJson(Definition d) {
        return SegmentJson.readSegment(d.json);
    }
}

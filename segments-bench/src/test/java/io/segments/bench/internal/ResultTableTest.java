package io.segments.bench.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ResultTableTest {
    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(Timing.median(new double[]{5, 1, 3})).isEqualTo(3);
        assertThat(Timing.median(new double[]{4, 1, 3, 10})).isEqualTo(3.5);
        assertThat(Timing.median(new double[]{7})).isEqualTo(7);
        assertThatThrownBy(() -> Timing.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measuringRunsAWarmUpThenTheTimedRunsAndKeepsTheirCounts() {
        AtomicInteger calls = new AtomicInteger();
        Timing.Measured m = Timing.measure("work", 5, () -> {
            calls.incrementAndGet();
            return new long[]{42, 7};
        });
        assertThat(calls).as("an instant warm-up, the most extra warm-ups (their time is not up), five timed runs")
                .hasValue(1 + Timing.MAX_EXTRA_WARMUPS + 5);
        assertThat(m.runs()).isEqualTo(5);
        assertThat(m.runMillis()).hasSize(5);
        assertThat(m.counts()).containsExactly(42, 7);
        assertThat(m.medianMillis()).isEqualTo(Timing.median(m.runMillis()));
    }

    @Test
    void aShortWorkIsWarmedUpForTheWarmUpTimeAndALongOneOnce() {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        Timing.measure("short", 1, () -> {
            calls.incrementAndGet();
            Thread.sleep(300);
            return new long[]{1};
        });
        double millis = (System.nanoTime() - start) / 1e6;
        assertThat(calls.get()).as("the first warm-up, at least four more, one timed run")
                .isBetween(1 + Timing.EXTRA_WARMUPS + 1, 1 + Timing.MAX_EXTRA_WARMUPS + 1);
        assertThat(millis).as("warmed up for the warm-up time, then one run").isGreaterThanOrEqualTo(Timing.WARMUP_MILLIS + 300);

        AtomicInteger longCalls = new AtomicInteger();
        Timing.measure("long", 1, () -> {
            longCalls.incrementAndGet();
            Thread.sleep((long) Timing.SHORT_MILLIS + 10);
            return new long[]{1};
        });
        assertThat(longCalls).as("a long first warm-up is the only one").hasValue(2);
    }

    @Test
    void aWorkloadThatAnswersDifferentlyFromRunToRunFails() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Timing.measure("flaky", 3, () -> new long[]{calls.incrementAndGet() < 3 ? 1 : 2}))
                .hasMessageContaining("flaky: a warm-up answered [2] but the first answered [1]");
        AtomicInteger later = new AtomicInteger();
        assertThatThrownBy(() -> Timing.measure("flaky", 3,
                () -> new long[]{later.incrementAndGet() < 1 + Timing.MAX_EXTRA_WARMUPS + 2 ? 1 : 2}))
                .hasMessageContaining("flaky: run 2 answered [2] but the warm-up answered [1]");
    }

    @Test
    void selfTimedWorkReportsItsOwnTimes() {
        double[] times = {100, 30, 10, 20, 50, 40};
        AtomicInteger call = new AtomicInteger();
        Timing.Measured m = Timing.measureSelfTimed("ingest", 5, () ->
                new Timing.Timed(times[call.getAndIncrement()], new long[]{9}));
        assertThat(m.warmupMillis()).isEqualTo(100);
        assertThat(m.medianMillis()).isEqualTo(30);
        assertThat(m.counts()).containsExactly(9);
    }

    @Test
    void ratiosAreThisRowsTimeOverTheBaselineOfTheSameWorkload() {
        ResultTable t = new ResultTable()
                .add(new Figure("W1", Figure.POSTGRES, 40, 5, 10))
                .add(new Figure("W1", "engine-java", 20, 5, 10))
                .add(new Figure("W1", Figure.DUCKDB, 10, 5, 10))
                .add(new Figure("W2", "engine-java", 30, 5, 3));
        Figure engine = t.find("W1", "engine-java").orElseThrow();
        assertThat(t.ratio(engine, Figure.DUCKDB).getAsDouble()).isCloseTo(2.0, within(1e-9));
        assertThat(t.ratio(engine, Figure.POSTGRES).getAsDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(t.ratio(t.find("W2", "engine-java").orElseThrow(), Figure.DUCKDB)).isEmpty();
        assertThat(t.figures()).extracting(Figure::system)
                .containsExactly("engine-java", Figure.DUCKDB, Figure.POSTGRES, "engine-java");
    }

    @Test
    void theTablesHaveOneRowPerWorkloadAndSystem() {
        ResultTable t = new ResultTable()
                .add(new Figure("W1", Figure.DUCKDB, 10, 5, 1234))
                .add(new Figure("W1", "engine-java", 250, 5, 1234))
                .add(new Figure("W5", "live-engine", 1.25, 5, 77));
        assertThat(t.csv()).isEqualTo("""
                workload,system,median_ms,runs,ratio_to_duckdb,ratio_to_postgres,count,floor_bytes,floor_ms,ratio_to_floor
                W1,engine-java,250.000,5,25.0000,,1234,,,
                W1,duckdb,10.000,5,1.0000,,1234,,,
                W5,live-engine,1.250,5,,,77,,,
                """);
        assertThat(t.markdown()).isEqualTo("""
                | workload | system | median ms | runs | / DuckDB | / PostgreSQL | count |
                |---|---|---:|---:|---:|---:|---:|
                | W1 | engine-java | 250 | 5 | 25.00 |  | 1,234 |
                | W1 | duckdb | 10.0 | 5 | 1.00 |  | 1,234 |
                | W5 | live-engine | 1.3 | 5 |  |  | 77 |
                """);
    }

    @Test
    void eachWorkloadWithAFloorGetsItsBytesItsFloorAndEachSystemsRatioToIt() {
        ResultTable t = new ResultTable()
                .add(new Figure("W1", "engine-java", 25, 5, 3748))
                .add(new Figure("W1", Figure.DUCKDB, 1.7, 5, 3748))
                .add(new Figure("W6", "engine-http", 11_000, 5, 916_982))
                .floor(new Floor.Figure("W1", "96,794 Charged events in [now - 30d, now] × 20 B (uid, ts, amount)",
                        1_935_880, 0.2));
        assertThat(t.ratioToFloor(t.find("W1", "engine-java").orElseThrow()).getAsDouble()).isCloseTo(125, within(1e-9));
        assertThat(t.ratioToFloor(t.find("W6", "engine-http").orElseThrow())).isEmpty();
        assertThat(t.csv()).isEqualTo("""
                workload,system,median_ms,runs,ratio_to_duckdb,ratio_to_postgres,count,floor_bytes,floor_ms,ratio_to_floor
                W1,engine-java,25.000,5,14.7059,,3748,1935880,0.200000,125.0000
                W1,duckdb,1.700,5,1.0000,,3748,1935880,0.200000,8.5000
                W6,engine-http,11000.000,5,,,916982,,,
                """);
        // a column for each system that ran a workload with a floor (W6 has none, so no engine-http column)
        assertThat(t.floorMarkdown()).isEqualTo("""
                | workload | what a perfect engine reads | bytes | floor ms | engine-java / floor | DuckDB / floor |
                |---|---|---:|---:|---:|---:|
                | W1 | 96,794 Charged events in [now - 30d, now] × 20 B (uid, ts, amount) | 1,935,880 | 0.200 | 125 | 8.50 |
                """);
    }

    @Test
    void floorsAndTheirRatiosAreShownWithTheDigitsThatMatter() {
        assertThat(ResultTable.floorMillis(0.000_040)).isEqualTo("0.0000400");
        assertThat(ResultTable.floorMillis(0.194_3)).isEqualTo("0.194");
        assertThat(ResultTable.floorMillis(41.27)).isEqualTo("41.3");
        assertThat(ResultTable.floorMillis(1_234.5)).isEqualTo("1,235");
        assertThat(ResultTable.floorRatio(0.87)).isEqualTo("0.87");
        assertThat(ResultTable.floorRatio(12.34)).isEqualTo("12.3");
        assertThat(ResultTable.floorRatio(1_234.4)).isEqualTo("1,234");
    }
}

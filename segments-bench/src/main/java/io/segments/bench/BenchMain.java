package io.segments.bench;

import io.segments.bench.internal.Bench;
import io.segments.bench.internal.CountCheck;

/**
 * The benchmark suite's entry point ({@code bin/bench}): this engine, through its Java API, its HTTP API and its
 * live engine, beside the best hand-written SQL on DuckDB and on PostgreSQL, on the same generated data in the
 * same run. Every figure is the median of timed runs after a warm-up, reported with its ratio to each baseline;
 * every system must answer the same counts, or the run fails. See {@link BenchOptions#USAGE} for the options;
 * results go to {@code target/bench/<size>/results.md} and {@code results.csv}.
 *
 * <p>Exit status: 0 done, 1 failed (a count differs, or a system failed), 2 bad arguments.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status = 0;
        try {
            new Bench(options, System.out).run();
        } catch (CountCheck.CountMismatchException e) {
            System.err.println("bench: FAILED, the systems disagree: " + e.getMessage());
            status = 1;
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}

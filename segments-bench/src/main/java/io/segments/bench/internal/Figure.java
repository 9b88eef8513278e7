package io.segments.bench.internal;

import static java.util.Objects.requireNonNull;

/**
 * One row of the results: a workload run by a system, the median of its timed runs in milliseconds, how many
 * timed runs, and the count it answered (for a batch, bands or a trend: the sum of its counts, each of which the
 * correctness check compared).
 */
public record Figure(String workload, String system, double medianMillis, int runs, long count) {
    /** The DuckDB baseline's system name. */
    public static final String DUCKDB = "duckdb";
    /** The PostgreSQL baseline's system name. */
    public static final String POSTGRES = "postgres";

    public Figure {
        requireNonNull(workload, "workload is null");
        requireNonNull(system, "system is null");
        if (!(medianMillis >= 0) || runs < 0) {
            throw new IllegalArgumentException(workload + "/" + system + ": bad figure " + medianMillis + " ms, "
                    + runs + " runs");
        }
    }

    /** The sum of counts, as the {@code count} column shows it. */
    public static long total(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }
}

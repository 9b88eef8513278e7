package io.segments.bench.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Request latencies of one phase, in microseconds, with the percentiles the mixed-load benchmark reports. A
 * percentile is the nearest rank: the {@code p}-th percentile of {@code n} sorted values is the
 * {@code ceil(p / 100 × n)}-th of them, so it is always a latency that was measured.
 */
public final class Latencies {
    private final long[] sorted;

    private Latencies(long[] sorted) {
        this.sorted = sorted;
    }

    /** The latencies {@code micros}, in any order. */
    public static Latencies of(long... micros) {
        long[] sorted = micros.clone();
        for (long m : sorted) {
            if (m < 0) {
                throw new IllegalArgumentException("a latency cannot be negative: " + m + " µs");
            }
        }
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    /** Every latency of {@code parts} together. */
    public static Latencies pooled(List<Latencies> parts) {
        return of(parts.stream().flatMapToLong(l -> Arrays.stream(l.sorted)).toArray());
    }

    /** How many latencies. */
    public int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in milliseconds, by nearest rank. */
    public double percentileMillis(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile is above 0 and at most 100, not " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no latencies were measured");
        }
        int rank = (int) Math.ceil(p * sorted.length / 100); // p × n first: 99 / 100 × 100 is not 99 in doubles
        return sorted[Math.max(1, rank) - 1] / 1000.0;
    }

    public double p50Millis() {
        return percentileMillis(50);
    }

    public double p99Millis() {
        return percentileMillis(99);
    }

    public double maxMillis() {
        return percentileMillis(100);
    }
}

package io.segments.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * The machine's memory read bandwidth, measured in the run that uses it: a {@code long[]} many times the size of
 * the CPU's caches is summed by one thread, then by one thread per core each summing its own slice at the same
 * time. Each figure is the best of several passes after a warm-up pass (the least disturbed pass on a shared
 * machine; the floor is a bound, so the fastest read seen is the one to use). The floor uses the higher of the
 * two rates: all cores on an idle machine, one thread when other work holds the other cores.
 *
 * @param singleThread bytes per second summed by one thread
 * @param allCores     bytes per second summed by {@code threads} threads together
 * @param threads      the threads of the second figure (the cores the JVM sees)
 * @param arrayBytes   the size of the array summed
 * @param passes       timed passes per figure
 */
public record MemoryBandwidth(double singleThread, double allCores, int threads, long arrayBytes, int passes) {
    /** The array the benchmark sums: 16 times the 32 MiB last-level cache of the machine it runs on. */
    public static final long ARRAY_BYTES = 512L << 20;
    public static final int PASSES = 20;
    private static final long MIN_BYTES = 1L << 20;

    public MemoryBandwidth {
        if (!(singleThread > 0) || !(allCores > 0) || Double.isInfinite(singleThread) || Double.isInfinite(allCores)
                || threads < 1 || arrayBytes < 1 || passes < 1) {
            throw new IllegalArgumentException("not a measured bandwidth: " + singleThread + " and " + allCores
                    + " bytes/s, " + threads + " threads, " + arrayBytes + " bytes, " + passes + " passes");
        }
    }

    /** Measures both rates on an array of {@code arrayBytes}, {@code passes} timed passes each. */
    public static MemoryBandwidth measure(long arrayBytes, int passes) {
        if (arrayBytes < MIN_BYTES || arrayBytes / Long.BYTES > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the bandwidth needs an array of 1 MiB to 16 GiB, not an array of "
                    + arrayBytes + " bytes");
        }
        if (passes < 1) {
            throw new IllegalArgumentException("the bandwidth needs at least 1 timed pass, was " + passes + " passes");
        }
        long[] values = new long[(int) (arrayBytes / Long.BYTES)];
        for (int i = 0; i < values.length; i++) {
            values[i] = i; // touches every page before anything is timed
        }
        long expected = (long) values.length * (values.length - 1) / 2;
        warmUp();
        int threads = Runtime.getRuntime().availableProcessors();
        double single = best(values, 1, passes, expected);
        double all = best(values, threads, passes, expected);
        return new MemoryBandwidth(single, all, threads, values.length * (long) Long.BYTES, passes);
    }

    /** The rate the floor uses: the higher of the two. */
    public double floorBytesPerSecond() {
        return Math.max(singleThread, allCores);
    }

    /** How it was measured and what it gave, as the results state it. */
    public String describe() {
        return String.format(Locale.ROOT, "memory read bandwidth, measured in this run by summing a long[] of %d MiB "
                + "(best of %d passes after a warm-up): one thread %.2f GB/s, %d threads (a slice each) %.2f GB/s; "
                + "the floor uses the higher, %.2f GB/s", arrayBytes >> 20, passes, singleThread / 1e9, threads,
                allCores / 1e9, floorBytesPerSecond() / 1e9);
    }

    /** The sum of {@code values[from, to)}, in four independent chains so that adds do not wait on each other. */
    static long sum(long[] values, int from, int to) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < to; i++) {
            s0 += values[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** Compiles the kernel before a large array is timed (else the first passes run interpreted). */
    private static void warmUp() {
        long[] small = new long[1 << 14];
        long total = 0;
        for (int r = 0; r < 20_000; r++) {
            total += sum(small, r & 7, small.length);
        }
        if (total != 0) {
            throw new IllegalStateException("the sum of zeros was " + total);
        }
    }

    /** The best bytes per second of {@code passes} passes over {@code values} by {@code threads} threads. */
    private static double best(long[] values, int threads, int passes, long expected) {
        double best = 0;
        for (int pass = 0; pass <= passes; pass++) { // pass 0 is the warm-up
            double seconds = pass(values, threads, expected);
            if (pass > 0) {
                best = Math.max(best, values.length * (double) Long.BYTES / seconds);
            }
        }
        return best;
    }

    /** One pass: every thread sums its slice; the time from the common start to the last thread's end. */
    private static double pass(long[] values, int threads, long expected) {
        long[] sums = new long[threads];
        long[] ends = new long[threads];
        long[] start = new long[1];
        CyclicBarrier ready = new CyclicBarrier(threads, () -> start[0] = System.nanoTime());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slice = t;
            int from = (int) ((long) values.length * slice / threads);
            int to = (int) ((long) values.length * (slice + 1) / threads);
            Thread worker = new Thread(() -> {
                try {
                    ready.await();
                } catch (InterruptedException | BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sums[slice] = sum(values, from, to);
                ends[slice] = System.nanoTime();
            }, "bandwidth-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the memory bandwidth", e);
            }
        }
        long total = 0;
        long end = 0;
        for (int t = 0; t < threads; t++) {
            total += sums[t];
            end = Math.max(end, ends[t]);
        }
        if (total != expected || end == 0) {
            throw new IllegalStateException("the bandwidth pass summed " + total + ", expected " + expected);
        }
        return Math.max(end - start[0], 1) / 1e9;
    }
}

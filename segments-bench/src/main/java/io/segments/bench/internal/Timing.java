package io.segments.bench.internal;

import java.util.Arrays;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/**
 * Times a piece of work the way every figure of the benchmark is taken: one warm-up run, then {@code runs}
 * timed runs; the figure is their median. Every run must answer the same counts (a workload that answers
 * differently from run to run is broken, not slow).
 */
public final class Timing {
    private Timing() {
    }

    /** Work that answers counts. */
    @FunctionalInterface
    public interface Work {
        long[] run() throws Exception;
    }

    /**
     * What was measured: the warm-up's time, each timed run's time (empty when only the warm-up ran), and the
     * counts every run answered.
     */
    public record Measured(double warmupMillis, double[] runMillis, long[] counts) {
        public Measured {
            runMillis = runMillis.clone();
            counts = counts.clone();
        }

        /** The median of the timed runs, or the warm-up's time when only it ran. */
        public double medianMillis() {
            return runMillis.length == 0 ? warmupMillis : median(runMillis);
        }

        /** Timed runs (0 when only the warm-up ran). */
        public int runs() {
            return runMillis.length;
        }

        @Override
        public double[] runMillis() {
            return runMillis.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }
    }

    /** Work that times itself (leaving out its own setup) and answers counts. */
    @FunctionalInterface
    public interface SelfTimedWork {
        Timed run() throws Exception;
    }

    /** What one run of {@link SelfTimedWork} took and answered. */
    public record Timed(double millis, long[] counts) {
        public Timed {
            counts = counts.clone();
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }
    }

    /**
     * The warm-up run and {@code runs} timed runs of work that reports its own time, each checked to answer the
     * warm-up's counts.
     */
    public static Measured measureSelfTimed(String what, int runs, SelfTimedWork work) {
        requireNonNull(work, "work is null");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        Timed warm = call(what, work::run);
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            Timed t = call(what, work::run);
            times[r] = t.millis();
            if (!Arrays.equals(t.counts(), warm.counts())) {
                throw new IllegalStateException(what + ": run " + (r + 1) + " answered " + Arrays.toString(t.counts())
                        + " but the warm-up answered " + Arrays.toString(warm.counts()));
            }
        }
        return new Measured(warm.millis(), times, warm.counts());
    }

    /** A warm-up shorter than this is followed by more before the timed runs (see {@link #timed}). */
    static final double SHORT_MILLIS = 1_000;
    /** At least this many more warm-up runs after a short first one. */
    static final int EXTRA_WARMUPS = 4;
    /** ... and more until this long has passed since the first began (the JIT compiles the hot code by then). */
    static final double WARMUP_MILLIS = 2_000;
    /** ... but never more than this many. */
    static final int MAX_EXTRA_WARMUPS = 400;

    /** The warm-up run and {@code runs} timed runs of {@code work}. */

    public static Measured measure(String what, int runs, Work work) {
        Measured warm = warmup(what, work);
        return timed(what, warm, runs, work);
    }

    /** Only the warm-up run of {@code work}; {@link #timed} adds timed runs to it. */
    public static Measured warmup(String what, Work work) {
        requireNonNull(work, "work is null");
        long start = System.nanoTime();
        long[] counts = call(what, work::run);
        return new Measured((System.nanoTime() - start) / 1e6, new double[0], counts);
    }

    /**
     * {@code runs} timed runs after {@code warm}, each checked to answer the warm-up's counts; when the warm-up
     * took less than {@value #SHORT_MILLIS} ms, more untimed runs come first: at least {@value #EXTRA_WARMUPS}, and
     * more until {@value #WARMUP_MILLIS} ms have passed since the first began (at most {@value #MAX_EXTRA_WARMUPS}).
     * A query of a few milliseconds is otherwise timed while the JVMs still compile the code around it (in a
     * server, the HTTP stack's too), which a server that has answered for a while has long done; the same for
     * every system.
     */
    public static Measured timed(String what, Measured warm, int runs, Work work) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        if (warm.warmupMillis() < SHORT_MILLIS) {
            long until = System.nanoTime() + (long) ((WARMUP_MILLIS - warm.warmupMillis()) * 1e6);
            for (int r = 0; r < MAX_EXTRA_WARMUPS && (r < EXTRA_WARMUPS || System.nanoTime() - until < 0); r++) {
                long[] counts = call(what, work::run);
                if (!Arrays.equals(counts, warm.counts())) {
                    throw new IllegalStateException(what + ": a warm-up answered " + Arrays.toString(counts)
                            + " but the first answered " + Arrays.toString(warm.counts()));
                }
            }
        }
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            long[] counts = call(what, work::run);
            times[r] = (System.nanoTime() - start) / 1e6;
            if (!Arrays.equals(counts, warm.counts())) {
                throw new IllegalStateException(what + ": run " + (r + 1) + " answered " + Arrays.toString(counts)
                        + " but the warm-up answered " + Arrays.toString(warm.counts()));
            }
        }
        return new Measured(warm.warmupMillis(), times, warm.counts());
    }

    /** The median: the middle value, or the mean of the two middle values of an even number of values. */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@code work}'s answer; a checked exception becomes an {@link IllegalStateException} naming {@code what}. */
    private static <T> T call(String what, Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}

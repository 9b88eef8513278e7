package io.segments.datagen.internal;

/**
 * A small, fast, reseedable SplitMix64 generator. Every random stream of the generator is a pure
 * function of a 64-bit key (dataset seed, user, day, purpose), so any part of the data set can be
 * regenerated on its own and the output does not depend on generation order.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    public Rng() {
    }

    public Rng(long seed) {
        this.state = seed;
    }

    public Rng reseed(long seed) {
        this.state = seed;
        return this;
    }

    /** The SplitMix64 / murmur3 finalizer: a bijective avalanche of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A stream key for one purpose of one entity. */
    public static long key(long seedHash, long salt, long a) {
        return mix(mix(seedHash ^ salt) + (a + 1) * GOLDEN);
    }

    /** A stream key for one purpose of one entity on one day. */
    public static long key(long seedHash, long salt, long a, long b) {
        return mix(key(seedHash, salt, a) + (b + 1) * 0xC2B2AE3D27D4EB4FL);
    }

    public long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in {@code [0, bound)} for a positive bound (multiply-shift, negligible bias). */
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in {@code [lo, hi]}. */
    public int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Number of failures before the first success, with the given mean (0 for a mean of 0). */
    public int geometric(double mean) {
        double continueP = mean / (1 + mean);
        int n = 0;
        while (n < 1000 && nextDouble() < continueP) {
            n++;
        }
        return n;
    }

    /** A Poisson draw by inversion, large means split into a sum of draws of at most 100. */
    public int poisson(double lambda) {
        int k = 0;
        while (lambda > 100) {
            k += poissonSmall(100);
            lambda -= 100;
        }
        return k + poissonSmall(lambda);
    }

    private int poissonSmall(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        double u = nextDouble();
        double p = StrictMath.exp(-lambda);
        double cumulative = p;
        int k = 0;
        while (u > cumulative && k < 10_000) {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return k;
    }

    /** Index into a cumulative weight table whose last entry is the total. */
    public int pick(int[] cumulative) {
        int x = nextInt(cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= x) {
            i++;
        }
        return i;
    }

    /** Turns weights into the cumulative table that {@link #pick(int[])} reads. */
    public static int[] cumulative(int... weights) {
        int[] c = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("negative weight at index " + i);
            }
            sum += weights[i];
            c[i] = sum;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("weights sum to zero");
        }
        return c;
    }
}

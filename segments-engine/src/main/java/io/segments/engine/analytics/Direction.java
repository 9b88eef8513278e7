package io.segments.engine.analytics;

import java.math.BigInteger;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Which way a trend goes, by the least-squares line through its points: the change that line
 * makes from the first point to the last, compared with the mean count. Within
 * {@link #TOLERANCE_PERCENT} percent of the mean either way (or fewer than two points, or a mean
 * of zero) the trend is {@link #CONSTANT}.
 *
 * <p>Why the fitted line: every point has its say, so a single odd day at either end does not
 * decide the direction (comparing the last point with the first would let it), while a steady
 * drift is recognised however noisy the days around it. Why relative to the mean: a change of
 * 50 members is noise for a segment of 100,000 and a trend for one of 200. The change is taken
 * over the whole range, so the rule does not depend on how many points it has. The comparison is
 * exact (integer arithmetic), so the boundary itself is {@code CONSTANT}.
 */
public enum Direction {
    INCREASING("increasing"),
    DECREASING("decreasing"),
    CONSTANT("constant");

    /** The tolerance, in percent of the mean count. */
    public static final int TOLERANCE_PERCENT = 5;

    private final String json;

    Direction(String json) {
        this.json = json;
    }

    /** The name in responses. */
    public String json() {
        return json;
    }

    /** The direction of {@code counts}, taken at equally spaced points. */
    public static Direction of(List<Long> counts) {
        requireNonNull(counts, "counts is null");
        int n = counts.size();
        if (n < 2) {
            return CONSTANT;
        }
        // x = 0 .. n-1; slope = (n Sxy - Sx Sy) / (n Sxx - Sx^2); change = slope * (n - 1); mean = Sy / n
        BigInteger size = BigInteger.valueOf(n);
        BigInteger sx = BigInteger.ZERO;
        BigInteger sy = BigInteger.ZERO;
        BigInteger sxx = BigInteger.ZERO;
        BigInteger sxy = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger x = BigInteger.valueOf(i);
            BigInteger y = BigInteger.valueOf(requireNonNull(counts.get(i), "a count is null"));
            sx = sx.add(x);
            sy = sy.add(y);
            sxx = sxx.add(x.multiply(x));
            sxy = sxy.add(x.multiply(y));
        }
        if (sy.signum() == 0) {
            return CONSTANT;
        }
        BigInteger numerator = size.multiply(sxy).subtract(sx.multiply(sy));
        BigInteger denominator = size.multiply(sxx).subtract(sx.multiply(sx));
        // |numerator / denominator * (n - 1)| <= TOLERANCE / 100 * sy / n
        // <=> |numerator| * (n - 1) * n * 100 <= TOLERANCE * sy * denominator   (denominator > 0, sy > 0)
        BigInteger change = numerator.abs().multiply(BigInteger.valueOf(n - 1L)).multiply(size)
                .multiply(BigInteger.valueOf(100));
        BigInteger allowed = BigInteger.valueOf(TOLERANCE_PERCENT).multiply(sy.abs()).multiply(denominator);
        if (change.compareTo(allowed) <= 0) {
            return CONSTANT;
        }
        return numerator.signum() > 0 ? INCREASING : DECREASING;
    }
}

package io.segments.engine.internal;

/**
 * Evaluation points {@code p_0 < p_1 < ... < p_{size-1}} (epoch milliseconds): regularly spaced,
 * {@code p_i = first + i * step}, except that the last one, {@code last}, may come early (a trend's
 * last point is {@code now} when its interval has not ended yet). Any one or two instants form a
 * grid too. Being regular, the points that admit an event are found by arithmetic.
 */
public record PointGrid(long first, long step, int size, long last) {
    public PointGrid {
        if (size < 1) {
            throw new IllegalArgumentException("a grid has at least one point, not " + size);
        }
        if (step <= 0) {
            throw new IllegalArgumentException("the step between points must be positive, not " + step);
        }
        if (size == 1 && last != first) {
            throw new IllegalArgumentException("a grid of one point ends where it starts");
        }
        if (size > 1) {
            long regularLast = Math.addExact(first, Math.multiplyExact(step, (long) (size - 1)));
            if (last > regularLast || last <= regularLast - step) {
                throw new IllegalArgumentException("the last point " + last + " must lie in ("
                        + (regularLast - step) + ", " + regularLast + "]");
            }
        }
    }

    /** The one point {@code at}. */
    public static PointGrid single(long at) {
        return new PointGrid(at, 1, 1, at);
    }

    /** The two points {@code from < to}. */
    public static PointGrid pair(long from, long to) {
        if (from >= to) {
            throw new IllegalArgumentException("the first point must come before the second: " + from + ", " + to);
        }
        return new PointGrid(from, Math.subtractExact(to, from), 2, to);
    }

    /** Point {@code i}. */
    public long point(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("point " + i + " of " + size);
        }
        return i == size - 1 ? last : first + step * i;
    }
}

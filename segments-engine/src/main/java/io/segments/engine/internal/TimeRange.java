package io.segments.engine.internal;

import io.segments.model.Window;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The timestamps an event may have, as a function of the evaluation point {@code p} (the
 * {@code now} a definition is evaluated at): the closed interval
 * {@code [max(p + fromShift, fromFloor), min(p + toShift, toCeiling)]} in epoch milliseconds,
 * where an absent shift bounds nothing. Every window of the language has this form (a bound is
 * either fixed or moves with {@code now}), and so has any intersection of such ranges. A plan
 * keeps its ranges in this form so that it can be printed for one point or for many at once.
 */
public record TimeRange(OptionalLong fromShift, long fromFloor, OptionalLong toShift, long toCeiling) {
    /** Every timestamp. */
    public static final TimeRange ALL = new TimeRange(OptionalLong.empty(), Long.MIN_VALUE, OptionalLong.empty(),
            Long.MAX_VALUE);

    public TimeRange {
        requireNonNull(fromShift, "fromShift is null");
        requireNonNull(toShift, "toShift is null");
    }

    /** {@code [floor, p]}: the visible events of a segment whose events count from {@code floor}. */
    public static TimeRange visible(long floor) {
        return new TimeRange(OptionalLong.empty(), floor, OptionalLong.of(0), Long.MAX_VALUE);
    }

    /** The interval {@code window} admits, as {@link Window#interval} gives it at every point. */
    public static TimeRange of(Window window) {
        requireNonNull(window, "window is null");
        if (window instanceof Window.Last last) {
            return new TimeRange(OptionalLong.of(-last.span().toMillis()), Long.MIN_VALUE, OptionalLong.of(0),
                    Long.MAX_VALUE);
        }
        if (window instanceof Window.Relative relative) {
            return new TimeRange(OptionalLong.of(-relative.from().toMillis()), Long.MIN_VALUE,
                    OptionalLong.of(-relative.to().toMillis()), Long.MAX_VALUE);
        }
        if (window instanceof Window.Between between) {
            return new TimeRange(OptionalLong.empty(), between.start().asStartMillis(), OptionalLong.empty(),
                    between.end().asEndMillis());
        }
        if (window instanceof Window.Since since) {
            return new TimeRange(OptionalLong.empty(), since.start().asStartMillis(), OptionalLong.of(0),
                    Long.MAX_VALUE);
        }
        throw new IllegalStateException("window without a time range: " + window);
    }

    /** The timestamps in both ranges. */
    public TimeRange intersect(TimeRange other) {
        return new TimeRange(maxShift(fromShift, other.fromShift), Math.max(fromFloor, other.fromFloor),
                minShift(toShift, other.toShift), Math.min(toCeiling, other.toCeiling));
    }

    /** The first timestamp in the range at {@code point} (saturating at the long range). */
    public long from(long point) {
        return fromShift.isPresent() ? Math.max(plus(point, fromShift.getAsLong()), fromFloor) : fromFloor;
    }

    /** The last timestamp in the range at {@code point} (saturating at the long range). */
    public long to(long point) {
        return toShift.isPresent() ? Math.min(plus(point, toShift.getAsLong()), toCeiling) : toCeiling;
    }

    /** Whether the range is the same at every point. */
    public boolean isFixed() {
        return fromShift.isEmpty() && toShift.isEmpty();
    }

    /** {@code a + b}, saturated to {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE} instead of overflowing. */
    public static long plus(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    private static OptionalLong maxShift(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.max(a.getAsLong(), b.getAsLong()));
    }

    private static OptionalLong minShift(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }
}

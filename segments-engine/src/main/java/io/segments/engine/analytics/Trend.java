package io.segments.engine.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A segment's size over time: one point per interval, the count as of the interval's last
 * millisecond (or {@code now} for the interval that contains it), and the direction of the
 * whole ({@link Direction#of}).
 */
public record Trend(Granularity granularity, List<Point> points, Direction direction) {
    public Trend {
        requireNonNull(granularity, "granularity is null");
        points = List.copyOf(requireNonNull(points, "points is null"));
        requireNonNull(direction, "direction is null");
    }

    /** The interval starting on {@code start} had {@code count} members at {@code at}. */
    public record Point(LocalDate start, Instant at, long count) {
        public Point {
            requireNonNull(start, "start is null");
            requireNonNull(at, "at is null");
            if (count < 0) {
                throw new IllegalArgumentException("a count is not negative: " + count);
            }
        }
    }
}

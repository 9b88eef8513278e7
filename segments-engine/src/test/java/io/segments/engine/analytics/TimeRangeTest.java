package io.segments.engine.analytics;

import io.segments.engine.internal.TimeRange;
import io.segments.model.Window;
import io.segments.testing.Definitions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window's range relative to the evaluation point is, at every point, the interval the
 * language gives it ({@link Window#interval}); ranges intersect as intervals do.
 */
class TimeRangeTest {

    @Property(tries = 2000)
    void aWindowsRangeIsItsIntervalAtEveryPoint(@ForAll("windows") Window window, @ForAll("points") long point) {
        TimeRange range = TimeRange.of(window);
        Window.Interval interval = window.interval(point);
        assertThat(range.from(point)).isEqualTo(interval.from());
        assertThat(range.to(point)).isEqualTo(interval.to());
    }

    @Property(tries = 2000)
    void rangesIntersectAsIntervals(@ForAll("windows") Window a, @ForAll("windows") Window b,
                                    @ForAll("points") long floor, @ForAll("points") long point) {
        TimeRange both = TimeRange.of(a).intersect(TimeRange.of(b)).intersect(TimeRange.visible(floor));
        assertThat(both.from(point)).isEqualTo(Math.max(Math.max(a.interval(point).from(), b.interval(point).from()),
                floor));
        assertThat(both.to(point)).isEqualTo(Math.min(Math.min(a.interval(point).to(), b.interval(point).to()),
                point));
    }

    @Provide
    Arbitrary<Window> windows() {
        return Definitions.windows();
    }

    @Provide
    Arbitrary<Long> points() {
        return Arbitraries.longs().between(1_780_000_000_000L, 1_800_000_000_000L);
    }
}

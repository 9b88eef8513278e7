package io.segments.model;

import static java.util.Objects.requireNonNull;

/**
 * Bounds on event timestamps. All bounds are inclusive and in UTC; events after
 * {@code now} are ignored whatever the window says.
 */
public sealed interface Window permits Window.Last, Window.Relative, Window.Between, Window.Since {

    /** The closed interval of epoch milliseconds this window admits at {@code nowMillis}. */
    Interval interval(long nowMillis);

    /** {@code {"last": "10d"}}: {@code [now - 10d, now]}. */
    record Last(Span span) implements Window {
        public Last {
            requireNonNull(span, "span is null");
        }

        @Override
        public Interval interval(long nowMillis) {
            return new Interval(nowMillis - span.toMillis(), nowMillis);
        }
    }

    /** {@code {"from": "30d", "to": "7d"}}: {@code [now - 30d, now - 7d]}; {@code from} is the longer one. */
    record Relative(Span from, Span to) implements Window {
        public Relative {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }

        @Override
        public Interval interval(long nowMillis) {
            return new Interval(nowMillis - from.toMillis(), nowMillis - to.toMillis());
        }
    }

    /** {@code {"between": [start, end]}}: absolute. */
    record Between(TimePoint start, TimePoint end) implements Window {
        public Between {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
        }

        @Override
        public Interval interval(long nowMillis) {
            return new Interval(start.asStartMillis(), end.asEndMillis());
        }
    }

    /** {@code {"since": "2026-11-01"}}: {@code [start, now]}. */
    record Since(TimePoint start) implements Window {
        public Since {
            requireNonNull(start, "start is null");
        }

        @Override
        public Interval interval(long nowMillis) {
            return new Interval(start.asStartMillis(), nowMillis);
        }
    }

    /** A closed interval {@code [from, to]} of epoch milliseconds (empty when {@code from > to}). */
    record Interval(long from, long to) {
        public boolean contains(long t) {
            return from <= t && t <= to;
        }
    }
}

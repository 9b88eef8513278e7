package io.segments.engine.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer to an {@link EventQuery}: the intervals' first days ({@code starts}), and per
 * queried event a {@link Series}.
 */
public record EventReport(Granularity granularity, List<LocalDate> starts, List<Series> series) {
    public EventReport {
        requireNonNull(granularity, "granularity is null");
        starts = List.copyOf(requireNonNull(starts, "starts is null"));
        series = List.copyOf(requireNonNull(series, "series is null"));
    }

    /** Events and distinct users. */
    public record Counts(long events, long users) {
        public static final Counts NONE = new Counts(0, 0);

        public Counts {
            if (events < 0 || users < 0 || users > events) {
                throw new IllegalArgumentException("not counts of events and their users: " + events + ", " + users);
            }
        }
    }

    /**
     * One queried event: over the whole range ({@code total}), per interval ({@code intervals},
     * in the order of {@code starts}), and per breakdown group ({@code groups}: the top values by
     * events, then "other" if any event is left; empty without a breakdown).
     */
    public record Series(EventMatch event, Counts total, List<Counts> intervals, List<Group> groups) {
        public Series {
            requireNonNull(event, "event is null");
            requireNonNull(total, "total is null");
            intervals = List.copyOf(requireNonNull(intervals, "intervals is null"));
            groups = List.copyOf(requireNonNull(groups, "groups is null"));
        }
    }

    /**
     * The events whose breakdown property has {@code value} (its JSON text; empty: no value), or
     * with {@code other}, every event whose value is not among the top ones (value empty).
     */
    public record Group(Optional<String> value, boolean other, Counts total, List<Counts> intervals) {
        public Group {
            requireNonNull(value, "value is null");
            requireNonNull(total, "total is null");
            intervals = List.copyOf(requireNonNull(intervals, "intervals is null"));
            if (other && value.isPresent()) {
                throw new IllegalArgumentException("the other group has no value");
            }
        }
    }
}

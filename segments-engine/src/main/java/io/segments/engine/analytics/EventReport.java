package io.segments.engine.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer to an {@link EventQuery}: its intervals ({@code buckets}, each cut to the days asked
 * for), and per queried event a {@link Series}.
 */
public record EventReport(Granularity granularity, List<Bucket> buckets, List<Series> series) {
    public EventReport {
        requireNonNull(granularity, "granularity is null");
        buckets = List.copyOf(requireNonNull(buckets, "buckets is null"));
        series = List.copyOf(requireNonNull(series, "series is null"));
    }

    /** The buckets' first days. */
    public List<LocalDate> starts() {
        return buckets.stream().map(Bucket::first).toList();
    }

    /**
     * An interval of the report, the days {@code first} to {@code last} (UTC, inclusive): a whole day or week, or
     * at either end of the range the part of a week inside it.
     */
    public record Bucket(LocalDate first, LocalDate last) {
        public Bucket {
            requireNonNull(first, "first is null");
            requireNonNull(last, "last is null");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("a bucket ends (" + last + ") before it starts (" + first + ")");
            }
        }

        /** How many days it covers. */
        public int days() {
            return (int) (last.toEpochDay() - first.toEpochDay()) + 1;
        }
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

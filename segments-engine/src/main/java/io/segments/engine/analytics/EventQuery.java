package io.segments.engine.analytics;

import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An event report: for each of {@code events}, the events and the distinct users that did them
 * per {@code granularity} interval, from the interval containing {@code from} to the one
 * containing {@code to} (whole UTC days, or weeks from Monday); optionally split by an event
 * property ({@code breakdown}: its {@code top} values by number of events, the rest as one
 * "other" group) and restricted to {@code members} (dense user ids, e.g. a segment's members).
 */
public record EventQuery(List<EventMatch> events, Granularity granularity, LocalDate from, LocalDate to,
                         Optional<String> breakdown, int top, Optional<RoaringBitmap> members) {
    /** The number of values a breakdown keeps when not told otherwise. */
    public static final int DEFAULT_TOP = 10;

    public EventQuery {
        events = List.copyOf(requireNonNull(events, "events is null"));
        requireNonNull(granularity, "granularity is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(breakdown, "breakdown is null");
        requireNonNull(members, "members is null");
    }

    /** Every user's events, without breakdown. */
    public static EventQuery of(List<EventMatch> events, Granularity granularity, LocalDate from, LocalDate to) {
        return new EventQuery(events, granularity, from, to, Optional.empty(), DEFAULT_TOP, Optional.empty());
    }
}

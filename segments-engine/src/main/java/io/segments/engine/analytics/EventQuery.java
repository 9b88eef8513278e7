package io.segments.engine.analytics;

import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An event report: for each of {@code events}, the events and the distinct users that did them
 * per {@code granularity} interval over the days {@code from} to {@code to} (UTC days, or weeks
 * from Monday, the first and last cut to the range); optionally split by an event
 * property ({@code breakdown}: its {@code top} values by number of events, the rest as one
 * "other" group), restricted to {@code members} (dense user ids, e.g. a segment's members) and to
 * the events up to {@code asOf} (a server passes now, so that a report reads the events a segment
 * reads; the days after it are left out).
 */
public record EventQuery(List<EventMatch> events, Granularity granularity, LocalDate from, LocalDate to,
                         Optional<String> breakdown, int top, Optional<RoaringBitmap> members,
                         Optional<Instant> asOf) {
    /** The number of values a breakdown keeps when not told otherwise. */
    public static final int DEFAULT_TOP = 10;

    public EventQuery {
        events = List.copyOf(requireNonNull(events, "events is null"));
        requireNonNull(granularity, "granularity is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(breakdown, "breakdown is null");
        requireNonNull(members, "members is null");
        requireNonNull(asOf, "asOf is null");
    }

    /** A report over every event, whenever it is stamped. */
    public EventQuery(List<EventMatch> events, Granularity granularity, LocalDate from, LocalDate to,
                      Optional<String> breakdown, int top, Optional<RoaringBitmap> members) {
        this(events, granularity, from, to, breakdown, top, members, Optional.empty());
    }

    /** Every user's events, without breakdown. */
    public static EventQuery of(List<EventMatch> events, Granularity granularity, LocalDate from, LocalDate to) {
        return new EventQuery(events, granularity, from, to, Optional.empty(), DEFAULT_TOP, Optional.empty());
    }
}

package io.segments.engine.analytics;

import io.segments.model.Span;
import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A funnel: ordered {@code steps}, the {@code window} a user has from entering to finish, the
 * entry range {@code [from, to]} (both inclusive), an optional {@code breakdown} (a property of
 * the entering event or a trait), an optional restriction to {@code members} (dense user ids,
 * e.g. a segment's members) and an optional {@code asOf}: no event after it counts, to enter or to
 * convert (a server passes now, so that a funnel reads the events a segment reads). See
 * {@link SegmentAnalytics#funnel} for what counts as reaching a step.
 */
public record FunnelQuery(List<EventMatch> steps, Span window, Instant from, Instant to,
                          Optional<Breakdown> breakdown, Optional<RoaringBitmap> members, Optional<Instant> asOf) {
    public FunnelQuery {
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        requireNonNull(window, "window is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(breakdown, "breakdown is null");
        requireNonNull(members, "members is null");
        requireNonNull(asOf, "asOf is null");
    }

    /** A funnel over every event, whenever it is stamped. */
    public FunnelQuery(List<EventMatch> steps, Span window, Instant from, Instant to, Optional<Breakdown> breakdown,
                       Optional<RoaringBitmap> members) {
        this(steps, window, from, to, breakdown, members, Optional.empty());
    }

    /** A funnel of every user, without breakdown. */
    public static FunnelQuery of(List<EventMatch> steps, Span window, Instant from, Instant to) {
        return new FunnelQuery(steps, window, from, to, Optional.empty(), Optional.empty());
    }
}

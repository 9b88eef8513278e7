package io.segments.live;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A user entering or leaving a live segment.
 *
 * <ul>
 *   <li>{@code at} is the instant the membership changes in event time, by the segment language's meaning
 *       over the events' own timestamps and the windows' timers (for example exactly {@code cart + 10m} for
 *       "cart, no purchase in 10 minutes"), not the moment the engine noticed;</li>
 *   <li>{@code observedAt} is the engine's clock when it found the change: the arrival of the input that
 *       caused it, or the timer's instant. For an input that arrives on time and for a timer the two are
 *       equal; a late event's change has {@code at} before {@code observedAt}.</li>
 * </ul>
 */
public record Change(String segmentId, String userId, Kind kind, Instant at, Instant observedAt) {
    public Change {
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(at, "at is null");
        requireNonNull(observedAt, "observedAt is null");
        if (observedAt.isBefore(at)) {
            throw new IllegalArgumentException("a change is observed (" + observedAt + ") before it happens (" + at + ")");
        }
    }

    /** A change observed when it happens ({@code observedAt} is {@code at}). */
    public Change(String segmentId, String userId, Kind kind, Instant at) {
        this(segmentId, userId, kind, at, at);
    }

    /** The direction of a change. */
    public enum Kind {
        ENTERED, EXITED;

        /** {@code ENTERED} for a user who is now a member, else {@code EXITED}. */
        public static Kind of(boolean member) {
            return member ? ENTERED : EXITED;
        }
    }
}

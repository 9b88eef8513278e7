package io.segments.live;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A user entering or leaving a live segment. {@code at} is the instant the membership changes by the
 * segment language's meaning (for example exactly {@code cart + 10m} for "cart, no purchase in 10
 * minutes"), not the moment the engine noticed.
 */
public record Change(String segmentId, String userId, Kind kind, Instant at) {
    public Change {
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(at, "at is null");
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

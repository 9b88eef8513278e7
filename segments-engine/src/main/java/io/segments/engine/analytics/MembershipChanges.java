package io.segments.engine.analytics;

import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Who joined and who left a segment between two instants, as bitmaps of dense user ids:
 * {@code entered = members(to) \ members(from)}, {@code left = members(from) \ members(to)}.
 * {@code SegmentEngine.userIds} pages either set as external ids.
 */
public record MembershipChanges(Instant from, Instant to, RoaringBitmap entered, RoaringBitmap left) {
    public MembershipChanges {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(entered, "entered is null");
        requireNonNull(left, "left is null");
    }
}

package io.segments.model.eval;

import io.segments.model.Segment;

import java.util.Optional;

/** Finds the segments that {@code inSegment} conditions name. */
@FunctionalInterface
public interface SegmentLookup {
    Optional<Segment> find(String segmentId);

    static SegmentLookup none() {
        return id -> Optional.empty();
    }
}

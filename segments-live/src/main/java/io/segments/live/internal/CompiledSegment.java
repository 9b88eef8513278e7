package io.segments.live.internal;

import io.segments.live.LiveSegment;
import io.segments.model.Segment;

import java.util.List;
import java.util.Set;

/**
 * A live segment ready to run: its condition as a tree of {@link Node}s, its event leaves (numbered
 * by their slot in the per-user leaf array), the traits it reads, and the segments its
 * {@code inSegment} conditions named as they were at registration.
 */
final class CompiledSegment {
    final LiveSegment segment;
    final Node root;
    final List<EventLeaf> leaves;
    final Set<String> traits;
    final List<Segment> references;
    /** Where the segment's leaf states start in a user's leaf array; assigned at registration. */
    int base;

    CompiledSegment(LiveSegment segment, Node root, List<EventLeaf> leaves, Set<String> traits,
                    List<Segment> references) {
        this.segment = segment;
        this.root = root;
        this.leaves = List.copyOf(leaves);
        this.traits = Set.copyOf(traits);
        this.references = List.copyOf(references);
    }

    String id() {
        return segment.id();
    }
}

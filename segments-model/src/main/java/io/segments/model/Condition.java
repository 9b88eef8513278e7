package io.segments.model;

import io.segments.model.internal.Rules;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A segment filter: one node of the segment definition language
 * ({@code shared/spec/segment-definition.md}). Every kind is an immutable record;
 * a backend handles all of them through {@link Visitor}, so adding a kind breaks
 * every backend that forgot it at compile time.
 */
public sealed interface Condition
        permits Condition.And, Condition.Or, Condition.Not, Condition.Attribute, Condition.Did,
        Condition.DidNot, Condition.Sequence, Condition.InSegment, Condition.Reachable {

    <R> R accept(Visitor<R> visitor);

    /**
     * The ids that {@code inSegment} conditions of this tree name, directly (not through the
     * segments they name), in document order without repeats.
     */
    default Set<String> referencedSegmentIds() {
        Set<String> ids = new LinkedHashSet<>();
        Rules.forEachInSegment(this, "$", (id, path) -> ids.add(id));
        return Collections.unmodifiableSet(ids);
    }

    interface Visitor<R> {
        R visitAnd(And and);

        R visitOr(Or or);

        R visitNot(Not not);

        R visitAttribute(Attribute attribute);

        R visitDid(Did did);

        R visitDidNot(DidNot didNot);

        R visitSequence(Sequence sequence);

        R visitInSegment(InSegment inSegment);

        R visitReachable(Reachable reachable);
    }

    /** All of {@code conditions} hold (at least one). */
    record And(List<Condition> conditions) implements Condition {
        public And {
            conditions = List.copyOf(requireNonNull(conditions, "conditions is null"));
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("and needs at least one condition");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAnd(this);
        }
    }

    /** Any of {@code conditions} holds (at least one). */
    record Or(List<Condition> conditions) implements Condition {
        public Or {
            conditions = List.copyOf(requireNonNull(conditions, "conditions is null"));
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("or needs at least one condition");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitOr(this);
        }
    }

    /** {@code condition} does not hold. */
    record Not(Condition condition) implements Condition {
        public Not {
            requireNonNull(condition, "condition is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNot(this);
        }
    }

    /** A profile trait test: {@code {"attribute": NAME, "op": OP, "value": V}}. */
    record Attribute(FieldTest test) implements Condition {
        public Attribute {
            requireNonNull(test, "test is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAttribute(this);
        }
    }

    /**
     * The user did {@code event} in {@code when}, matching every {@code where} filter,
     * at least once, and optionally with a count, an aggregate and the first-time rule.
     */
    record Did(String event, Optional<Window> when, List<FieldTest> where, Optional<NumberTest> count,
               Optional<Aggregate> aggregate, boolean firstTime) implements Condition {
        public Did {
            requireNonNull(event, "event is null");
            requireNonNull(when, "when is null");
            where = List.copyOf(requireNonNull(where, "where is null"));
            requireNonNull(count, "count is null");
            requireNonNull(aggregate, "aggregate is null");
        }

        /** {@code did EVENT} at least once over all history. */
        public static Did of(String event) {
            return new Did(event, Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDid(this);
        }
    }

    /** Exactly {@code not(did(event, when, where))}. */
    record DidNot(String event, Optional<Window> when, List<FieldTest> where) implements Condition {
        public DidNot {
            requireNonNull(event, "event is null");
            requireNonNull(when, "when is null");
            where = List.copyOf(requireNonNull(where, "where is null"));
        }

        /** The {@code did} this condition negates. */
        public Did asDid() {
            return new Did(event, when, where, Optional.empty(), Optional.empty(), false);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDidNot(this);
        }
    }

    /** Ordered steps with time gaps; {@code when} bounds the first step's event. */
    record Sequence(List<Step> steps, Optional<Window> when, Occurrence occurrence) implements Condition {
        public Sequence {
            steps = List.copyOf(requireNonNull(steps, "steps is null"));
            requireNonNull(when, "when is null");
            requireNonNull(occurrence, "occurrence is null");
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("sequence needs at least one step");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSequence(this);
        }
    }

    /** Member of another segment. */
    record InSegment(String segmentId) implements Condition {
        public InSegment {
            requireNonNull(segmentId, "segmentId is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInSegment(this);
        }
    }

    /** Reachable on a channel by the spec's rules (see {@link Channel}). */
    record Reachable(Channel channel) implements Condition {
        public Reachable {
            requireNonNull(channel, "channel is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitReachable(this);
        }
    }
}

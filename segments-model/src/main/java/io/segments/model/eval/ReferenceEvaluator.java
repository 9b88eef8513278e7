package io.segments.model.eval;

import io.segments.model.Aggregate;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Occurrence;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.Step;
import io.segments.model.Window;
import io.segments.model.internal.JsonPaths;
import io.segments.model.internal.Rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The meaning of the segment language: decides whether one user is a member, straight from the
 * contract, written to be obviously right rather than fast. Every other evaluator is tested
 * against this one.
 *
 * <ul>
 *   <li>Only <em>visible</em> events count, everywhere (windows, {@code firstTime}, sequences):
 *       those with {@code timestamp <= now} and, when a lower bound is given (live segments:
 *       their {@code createdAt}), {@code timestamp >= eventsVisibleFrom}. {@code now} is taken
 *       to the millisecond.</li>
 *   <li>{@code inSegment} evaluates the named segment for the same user and {@code now} by its own
 *       type: a static segment's member list, a dynamic segment's filter over all history, a live
 *       segment's filter over the events from its {@code createdAt} on, whatever the bound of the
 *       segment that refers to it.</li>
 * </ul>
 */
public final class ReferenceEvaluator {
    private final SegmentLookup lookup;

    /** {@code lookup} finds the segments that {@code inSegment} names. */
    public ReferenceEvaluator(SegmentLookup lookup) {
        this.lookup = requireNonNull(lookup, "lookup is null");
    }

    /** Whether the user matches {@code filter} over all history up to {@code now}. */
    public boolean matches(Condition filter, Profile profile, Collection<Event> events, Instant now) {
        return evaluate(filter, profile, events, now.toEpochMilli(), Long.MIN_VALUE, new ArrayList<>());
    }

    /** Whether the user matches {@code filter} seeing only events in {@code [eventsVisibleFrom, now]}. */
    public boolean matches(Condition filter, Profile profile, Collection<Event> events, Instant now,
                           Instant eventsVisibleFrom) {
        return evaluate(filter, profile, events, now.toEpochMilli(), eventsVisibleFrom.toEpochMilli(),
                new ArrayList<>());
    }

    /** Whether the user is a member of {@code segment} at {@code now}, by the segment's type. */
    public boolean isMember(Segment segment, Profile profile, Collection<Event> events, Instant now) {
        return isMember(segment, profile, events, now.toEpochMilli(), new ArrayList<>());
    }

    private boolean isMember(Segment segment, Profile profile, Collection<Event> events, long now,
                             List<String> inProgress) {
        if (segment.type() == SegmentType.STATIC) {
            return segment.members().contains(profile.userId());
        }
        Condition filter = segment.filter().orElseThrow(() -> new IllegalArgumentException(
                "a " + segment.type().json() + " segment without a filter: " + segment.id().orElse(segment.name())));
        long visibleFrom = Long.MIN_VALUE;
        if (segment.type() == SegmentType.LIVE) {
            visibleFrom = segment.createdAt().orElseThrow(() -> new IllegalArgumentException(
                    "a live segment needs createdAt to know which events it sees: "
                            + segment.id().orElse(segment.name()))).toEpochMilli();
        }
        return evaluate(filter, profile, events, now, visibleFrom, inProgress);
    }

    private boolean evaluate(Condition filter, Profile profile, Collection<Event> events, long now,
                             long visibleFrom, List<String> inProgress) {
        Rules.condition(filter, JsonPaths.ROOT);
        List<Event> visible = new ArrayList<>();
        for (Event e : events) {
            if (e.timestamp() <= now && e.timestamp() >= visibleFrom) {
                visible.add(e);
            }
        }
        return filter.accept(new Evaluation(profile, events, visible, now, inProgress));
    }

    /** One user at one {@code now}: every condition kind, as the contract words it. */
    private final class Evaluation implements Condition.Visitor<Boolean> {
        private final Profile profile;
        private final Collection<Event> allEvents;
        private final List<Event> visible;
        private final long now;
        private final List<String> inProgress;

        Evaluation(Profile profile, Collection<Event> allEvents, List<Event> visible, long now,
                   List<String> inProgress) {
            this.profile = profile;
            this.allEvents = allEvents;
            this.visible = visible;
            this.now = now;
            this.inProgress = inProgress;
        }

        @Override
        public Boolean visitAnd(Condition.And and) {
            return and.conditions().stream().allMatch(c -> c.accept(this));
        }

        @Override
        public Boolean visitOr(Condition.Or or) {
            return or.conditions().stream().anyMatch(c -> c.accept(this));
        }

        @Override
        public Boolean visitNot(Condition.Not not) {
            return !not.condition().accept(this);
        }

        @Override
        public Boolean visitAttribute(Condition.Attribute attribute) {
            return Values.test(attribute.test(), profile.traits());
        }

        @Override
        public Boolean visitDid(Condition.Did did) {
            Window.Interval window = interval(did.when());
            List<Event> matching = new ArrayList<>();
            for (Event e : named(did.event(), did.where())) {
                if (window.contains(e.timestamp())) {
                    matching.add(e);
                }
            }
            // 1. at least one matching event
            if (matching.isEmpty()) {
                return false;
            }
            // 2. count
            if (did.count().isPresent() && !did.count().get().test(BigDecimal.valueOf(matching.size()))) {
                return false;
            }
            // 3. aggregate over the numeric values; none at all: false
            if (did.aggregate().isPresent()) {
                Optional<BigDecimal> value = aggregate(did.aggregate().get(), matching);
                if (value.isEmpty() || !did.aggregate().get().test().test(value.get())) {
                    return false;
                }
            }
            // 4. first time: the earliest such event over all (visible) history lies in the window
            if (did.firstTime()) {
                long earliest = Long.MAX_VALUE;
                for (Event e : named(did.event(), did.where())) {
                    earliest = Math.min(earliest, e.timestamp());
                }
                return window.contains(earliest);
            }
            return true;
        }

        @Override
        public Boolean visitDidNot(Condition.DidNot didNot) {
            return !visitDid(didNot.asDid());
        }

        /**
         * Step by step, the timestamps of the events that can end a chain of the steps so far.
         * A chain only depends on timestamps, so events at the same instant are interchangeable.
         */
        @Override
        public Boolean visitSequence(Condition.Sequence sequence) {
            List<Step> steps = sequence.steps();
            Window.Interval window = interval(sequence.when());
            Step first = steps.get(0);
            List<Long> reached = new ArrayList<>();
            for (Event e : named(first.event(), first.where())) {
                if (window.contains(e.timestamp())) {
                    reached.add(e.timestamp());
                }
            }
            if (sequence.occurrence() == Occurrence.LAST && !reached.isEmpty()) {
                reached = List.of(reached.stream().max(Long::compare).orElseThrow());
            }
            for (int k = 1; k < steps.size(); k++) {
                Step step = steps.get(k);
                List<Long> candidates = new ArrayList<>();
                for (Event e : named(step.event(), step.where())) {
                    candidates.add(e.timestamp());
                }
                if (step.negated()) {
                    // the last step: no such event in (p, p + within], and the wait is over
                    long within = step.within().orElseThrow().toMillis();
                    for (long p : reached) {
                        long end = plus(p, within);
                        boolean waitOver = end <= now;
                        boolean none = candidates.stream().noneMatch(t -> p < t && t <= end);
                        if (waitOver && none) {
                            return true;
                        }
                    }
                    return false;
                }
                List<Long> next = new ArrayList<>();
                for (long t : candidates) {
                    for (long p : reached) {
                        long end = step.within().map(w -> plus(p, w.toMillis())).orElse(now);
                        if (p < t && t <= end) {
                            next.add(t);
                            break;
                        }
                    }
                }
                reached = next;
            }
            return !reached.isEmpty();
        }

        @Override
        public Boolean visitInSegment(Condition.InSegment inSegment) {
            String id = inSegment.segmentId();
            if (inProgress.contains(id)) {
                throw new IllegalStateException("inSegment cycle among stored segments: "
                        + String.join(" -> ", inProgress) + " -> " + id);
            }
            Segment segment = lookup.find(id).orElseThrow(() -> new SegmentsException(SegmentsException.Code.NOT_FOUND,
                    "segment \"" + id + "\" named by inSegment does not exist"));
            inProgress.add(id);
            try {
                return isMember(segment, profile, allEvents, now, inProgress);
            } finally {
                inProgress.remove(inProgress.size() - 1);
            }
        }

        @Override
        public Boolean visitReachable(Condition.Reachable reachable) {
            return Reachability.isReachable(profile, reachable.channel());
        }

        /** Visible events with this name that pass every filter. */
        private List<Event> named(String name, List<FieldTest> where) {
            List<Event> result = new ArrayList<>();
            for (Event e : visible) {
                if (e.name().equals(name) && where.stream().allMatch(f -> Values.test(f, e.properties()))) {
                    result.add(e);
                }
            }
            return result;
        }

        /** The window's interval; without one, all history (events after now are not visible anyway). */
        private Window.Interval interval(Optional<Window> when) {
            return when.map(w -> w.interval(now)).orElse(new Window.Interval(Long.MIN_VALUE, now));
        }
    }

    /**
     * {@code fn} over the numeric values of the property; empty when no event has one. {@code avg}
     * is exact when the quotient has a finite decimal expansion, else rounded to 34 digits.
     */
    private static Optional<BigDecimal> aggregate(Aggregate aggregate, List<Event> events) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (Event e : events) {
            Values.lookup(e.properties(), aggregate.property()).flatMap(Values::number).ifPresent(numbers::add);
        }
        if (numbers.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal sum = numbers.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        switch (aggregate.fn()) {
            case SUM:
                return Optional.of(sum);
            case AVG: {
                BigDecimal n = BigDecimal.valueOf(numbers.size());
                try {
                    return Optional.of(sum.divide(n));
                } catch (ArithmeticException nonTerminating) {
                    return Optional.of(sum.divide(n, MathContext.DECIMAL128));
                }
            }
            case MIN:
                return numbers.stream().min(BigDecimal::compareTo);
            case MAX:
                return numbers.stream().max(BigDecimal::compareTo);
            default:
                throw new IllegalStateException("aggregate without a meaning: " + aggregate.fn());
        }
    }

    private static long plus(long t, long millis) {
        long sum = t + millis;
        return ((t ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}

package io.segments.engine.internal;

import io.segments.engine.internal.JsonField.Document;
import io.segments.model.Aggregate;
import io.segments.model.Channel;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.NumberTest;
import io.segments.model.Segment;
import io.segments.model.SegmentsException;
import io.segments.model.Step;
import io.segments.model.Window;
import io.segments.model.eval.Reachability;
import io.segments.model.eval.SegmentLookup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Decides what a definition means: windows become millisecond ranges relative to the evaluation
 * point {@code now} ({@link TimeRange}, cut to the visible events: at most {@code now}, at least
 * {@code visibleFrom}),
 * filters become typed {@link RowPredicate}s, {@code did}/{@code didNot} become columns of one
 * events pass plus tests of them, sequences become {@link SequencePlan}s and
 * {@code inSegment} is replaced by what the referenced segment means. A definition that cannot
 * be lowered is an {@code invalid_segment} error naming the place; never an empty result.
 */
public final class Lowering {
    private final SegmentLookup segments;
    private final Map<ScanColumn, Integer> columns = new LinkedHashMap<>();
    private final Set<String> scannedNames = new LinkedHashSet<>();
    private long scanFrom = Long.MAX_VALUE;
    private final List<SequencePlan> sequences = new ArrayList<>();
    private final Deque<String> inlined = new ArrayDeque<>();

    private Lowering(SegmentLookup segments) {
        this.segments = requireNonNull(segments, "segments is null");
    }

    /**
     * Lowers {@code filter}; event conditions see only events with
     * {@code visibleFrom <= ts <= now}, {@code now} being the point the plan is printed for.
     * {@code path} is the JSON path of the filter, for errors.
     */
    public static Plan lower(Condition filter, SegmentLookup segments, Optional<Instant> visibleFrom, String path) {
        requireNonNull(filter, "filter is null");
        requireNonNull(visibleFrom, "visibleFrom is null");
        requireNonNull(path, "path is null");
        Lowering lowering = new Lowering(segments);
        long from = visibleFrom.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
        UserPredicate predicate = lowering.condition(filter, from, path);
        return lowering.plan(predicate);
    }

    /** Several definitions lowered together: one plan whose scan and sequences they share, and each one's test. */
    public record Batch(Plan plan, List<UserPredicate> filters) {
        public Batch {
            requireNonNull(plan, "plan is null");
            filters = List.copyOf(requireNonNull(filters, "filters is null"));
        }
    }

    /**
     * Lowers every one of {@code filters} into one plan, so that conditions on the same events share one pass
     * (identical figures are computed once); {@code path + "[i]"} is the JSON path of the i-th, for errors.
     */
    public static Batch lowerAll(List<Condition> filters, SegmentLookup segments, Optional<Instant> visibleFrom,
                                 String path) {
        requireNonNull(filters, "filters is null");
        requireNonNull(visibleFrom, "visibleFrom is null");
        requireNonNull(path, "path is null");
        Lowering lowering = new Lowering(segments);
        long from = visibleFrom.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
        List<UserPredicate> predicates = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            predicates.add(lowering.condition(requireNonNull(filters.get(i), "a filter is null"), from,
                    path + "[" + i + "]"));
        }
        return new Batch(lowering.plan(UserPredicate.all(predicates)), predicates);
    }

    /**
     * The events named {@code event} that pass every filter of {@code where} (the {@code where}
     * of a {@code did}), without a window; {@code path} is where the filters sit, for errors.
     */
    public static RowPredicate eventMatch(String event, List<FieldTest> where, String path) {
        requireNonNull(event, "event is null");
        return RowPredicate.all(List.of(new RowPredicate.NameIs(event), new Lowering(SegmentLookup.none())
                .where(where, event, path)));
    }

    /** The event property a possibly dotted name addresses; {@code path} names it for errors. */
    public static JsonField eventProperty(String name, String path) {
        return FieldTests.field(Document.EVENT_PROPERTIES, null, name, path);
    }

    /** The user trait a possibly dotted name addresses; {@code path} names it for errors. */
    public static JsonField userTrait(String name, String path) {
        return FieldTests.field(Document.USER_TRAITS, null, name, path);
    }

    /** The reachability rule of {@code channel} as a test of a users row (see {@link Reachability}). */
    public static RowPredicate reachable(Channel channel) {
        switch (channel) {
            case EMAIL:
                return RowPredicate.all(List.of(
                        new RowPredicate.TextMatches(trait("email"), Reachability.EMAIL_REGEX),
                        new RowPredicate.Negation(new RowPredicate.BooleanIs(trait("emailOptOut"), true))));
            case SMS:
                return RowPredicate.all(List.of(
                        new RowPredicate.TextMatches(trait("phone"), Reachability.PHONE_REGEX),
                        new RowPredicate.Negation(new RowPredicate.BooleanIs(trait("smsOptOut"), true))));
            case PUSH:
                return RowPredicate.all(List.of(
                        RowPredicate.any(List.of(new RowPredicate.HasPushToken(),
                                new RowPredicate.TextCompare(trait("pushToken"), Comparison.GT, ""))),
                        new RowPredicate.Negation(new RowPredicate.BooleanIs(trait("pushOptOut"), true))));
            default:
                throw new IllegalStateException("channel without a reachability rule: " + channel);
        }
    }

    /** A top-level trait (reachability rules name their traits exactly, without dots). */
    private static JsonField trait(String name) {
        return new JsonField(Document.USER_TRAITS, List.of(name));
    }

    private Plan plan(UserPredicate predicate) {
        RowPredicate scope;
        if (columns.isEmpty()) {
            scope = RowPredicate.FALSE;
        } else {
            List<RowPredicate> names = new ArrayList<>();
            scannedNames.forEach(name -> names.add(new RowPredicate.NameIs(name)));
            scope = RowPredicate.all(List.of(new RowPredicate.TimeIn(TimeRange.visible(scanFrom)),
                    RowPredicate.any(names)));
        }
        return new Plan(scope, List.copyOf(columns.keySet()), sequences, predicate);
    }

    private UserPredicate condition(Condition condition, long visibleFrom, String path) {
        return condition.accept(new Condition.Visitor<>() {
            @Override
            public UserPredicate visitAnd(Condition.And and) {
                return UserPredicate.all(children(and.conditions(), visibleFrom, path + ".and"));
            }

            @Override
            public UserPredicate visitOr(Condition.Or or) {
                return UserPredicate.any(children(or.conditions(), visibleFrom, path + ".or"));
            }

            @Override
            public UserPredicate visitNot(Condition.Not not) {
                return new UserPredicate.Negation(condition(not.condition(), visibleFrom, path + ".not"));
            }

            @Override
            public UserPredicate visitAttribute(Condition.Attribute attribute) {
                return new UserPredicate.Row(FieldTests.of(attribute.test(), Document.USER_TRAITS, null, path));
            }

            @Override
            public UserPredicate visitDid(Condition.Did did) {
                return did(did, visibleFrom, path);
            }

            @Override
            public UserPredicate visitDidNot(Condition.DidNot didNot) {
                return new UserPredicate.Negation(did(didNot.asDid(), visibleFrom, path));
            }

            @Override
            public UserPredicate visitSequence(Condition.Sequence sequence) {
                return sequence(sequence, visibleFrom, path);
            }

            @Override
            public UserPredicate visitInSegment(Condition.InSegment inSegment) {
                return inSegment(inSegment.segmentId(), path + ".inSegment");
            }

            @Override
            public UserPredicate visitReachable(Condition.Reachable reachable) {
                return new UserPredicate.Row(reachable(reachable.channel()));
            }
        });
    }

    private List<UserPredicate> children(List<Condition> conditions, long visibleFrom, String path) {
        List<UserPredicate> lowered = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            lowered.add(condition(conditions.get(i), visibleFrom, path + "[" + i + "]"));
        }
        return lowered;
    }

    // ---- did

    private UserPredicate did(Condition.Did did, long visibleFrom, String path) {
        RowPredicate filters = where(did.where(), did.event(), path);
        RowPredicate inWindow = RowPredicate.all(List.of(new RowPredicate.NameIs(did.event()),
                window(did.when(), visibleFrom), filters));
        int count = column(new ScanColumn.CountIf(inWindow), did.event(), visibleFrom);
        List<UserPredicate> parts = new ArrayList<>();
        if (did.count().map(test -> !impliesOnce(test)).orElse(true)) {
            parts.add(new UserPredicate.CountCompare(count, Comparison.GTE, BigDecimal.ONE));
        }
        did.count().ifPresent(test -> parts.add(numberTest(test,
                (comparison, value) -> new UserPredicate.CountCompare(count, comparison, value))));
        if (did.aggregate().isPresent()) {
            Aggregate aggregate = did.aggregate().get();
            JsonField field = FieldTests.field(Document.EVENT_PROPERTIES, did.event(), aggregate.property(),
                    path + ".aggregate.property");
            int numbers = column(new ScanColumn.NumbersIf(field, inWindow), did.event(), visibleFrom);
            parts.add(numberTest(aggregate.test(),
                    (comparison, value) -> new UserPredicate.AggregateCompare(numbers, aggregate.fn(), comparison,
                            value)));
        }
        if (did.firstTime()) {
            RowPredicate ever = RowPredicate.all(List.of(new RowPredicate.NameIs(did.event()),
                    new RowPredicate.TimeIn(TimeRange.visible(visibleFrom)), filters));
            int earliest = column(new ScanColumn.EarliestIf(ever), did.event(), visibleFrom);
            TimeRange window = did.when().map(TimeRange::of).orElse(TimeRange.visible(Long.MIN_VALUE));
            parts.add(new UserPredicate.EarliestIn(earliest, window));
        }
        return UserPredicate.all(parts);
    }

    /**
     * Whether every count passing {@code test} is at least one, so that the test alone says the user did
     * it (a trend then keeps one figure per point instead of two).
     */
    private static boolean impliesOnce(NumberTest test) {
        return switch (test.op()) {
            case GTE, EQ, BETWEEN -> test.value().compareTo(BigDecimal.ONE) >= 0;
            case GT -> test.value().signum() >= 0;
            default -> false;
        };
    }

    private int column(ScanColumn column, String event, long visibleFrom) {
        scannedNames.add(event);
        scanFrom = Math.min(scanFrom, visibleFrom);
        return columns.computeIfAbsent(column, c -> columns.size());
    }

    private interface CompareFactory {
        UserPredicate compare(Comparison comparison, BigDecimal value);
    }

    private static UserPredicate numberTest(NumberTest test, CompareFactory factory) {
        switch (test.op()) {
            case EQ:
                return factory.compare(Comparison.EQ, test.value());
            case NEQ:
                return factory.compare(Comparison.NE, test.value());
            case GT:
                return factory.compare(Comparison.GT, test.value());
            case GTE:
                return factory.compare(Comparison.GTE, test.value());
            case LT:
                return factory.compare(Comparison.LT, test.value());
            case LTE:
                return factory.compare(Comparison.LTE, test.value());
            case BETWEEN:
                return UserPredicate.all(List.of(factory.compare(Comparison.GTE, test.value()),
                        factory.compare(Comparison.LTE, test.upper().orElseThrow())));
            default:
                throw new IllegalStateException("not a numeric comparison: " + test.op());
        }
    }

    /** The visible part of a window: {@code when}, cut to {@code [visibleFrom, now]}. */
    private static RowPredicate window(Optional<Window> when, long visibleFrom) {
        TimeRange visible = TimeRange.visible(visibleFrom);
        return new RowPredicate.TimeIn(when.map(w -> TimeRange.of(w).intersect(visible)).orElse(visible));
    }

    // ---- sequence

    private UserPredicate sequence(Condition.Sequence sequence, long visibleFrom, String path) {
        List<Step> steps = sequence.steps();
        List<SequencePlan.Step> lowered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String stepPath = path + ".sequence[" + i + "]";
            if (step.negated() && i == 0) {
                throw SegmentsException.invalidSegment(
                        "a sequence cannot start with didNot: its first step is something the user did",
                        stepPath + ".didNot");
            }
            if (step.negated() && i != steps.size() - 1) {
                throw SegmentsException.invalidSegment("a didNot step must be the last step of a sequence",
                        stepPath + ".didNot");
            }
            if (step.negated() && step.within().isEmpty()) {
                throw SegmentsException.invalidSegment("a didNot step needs within: how long to wait for the event",
                        stepPath + ".within");
            }
            RowPredicate time = i == 0 ? window(sequence.when(), visibleFrom)
                    : new RowPredicate.TimeIn(TimeRange.visible(visibleFrom));
            RowPredicate match = RowPredicate.all(List.of(new RowPredicate.NameIs(step.event()), time,
                    where(step.where(), step.event(), stepPath)));
            OptionalLong within = i == 0 || step.within().isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(step.within().get().toMillis());
            lowered.add(new SequencePlan.Step(match, within, step.negated()));
        }
        SequencePlan plan = new SequencePlan(lowered, sequence.occurrence());
        int index = sequences.indexOf(plan);
        if (index < 0) {
            index = sequences.size();
            sequences.add(plan);
        }
        return new UserPredicate.InSequence(index);
    }

    // ---- inSegment

    private UserPredicate inSegment(String segmentId, String path) {
        Segment segment = segments.find(segmentId).orElseThrow(
                () -> SegmentsException.invalidSegment("no segment with id \"" + segmentId + "\"", path));
        if (inlined.contains(segmentId)) {
            throw SegmentsException.invalidSegment("segment \"" + segmentId + "\" includes itself through inSegment: "
                    + String.join(" -> ", inlinedChain(segmentId)), path);
        }
        switch (segment.type()) {
            case STATIC:
                return new UserPredicate.Row(new RowPredicate.UserIdIn(segment.members()));
            case DYNAMIC:
                return inline(segmentId, segment, Long.MIN_VALUE, path);
            case LIVE: {
                Instant createdAt = segment.createdAt().orElseThrow(() -> SegmentsException.invalidSegment(
                        "live segment \"" + segmentId + "\" has no createdAt: its events cannot be told apart",
                        path));
                return inline(segmentId, segment, createdAt.toEpochMilli(), path);
            }
            default:
                throw new IllegalStateException("segment type without a meaning: " + segment.type());
        }
    }

    private List<String> inlinedChain(String segmentId) {
        List<String> chain = new ArrayList<>();
        inlined.descendingIterator().forEachRemaining(chain::add);
        chain.add(segmentId);
        return chain;
    }

    private UserPredicate inline(String segmentId, Segment segment, long visibleFrom, String path) {
        Condition filter = segment.filter().orElseThrow(() -> SegmentsException.invalidSegment(
                "segment \"" + segmentId + "\" is " + segment.type().json() + " but has no filter", path));
        inlined.push(segmentId);
        try {
            return condition(filter, visibleFrom, "$.filter");
        } catch (SegmentsException e) {
            if (e.code() != SegmentsException.Code.INVALID_SEGMENT) {
                throw e;
            }
            throw SegmentsException.invalidSegment("segment \"" + segmentId + "\" used here is invalid: "
                    + e.getMessage() + e.path().map(p -> " (at " + p + " of its filter)").orElse(""), path);
        } finally {
            inlined.pop();
        }
    }

    // ---- filters

    /** The filters {@code where} of events named {@code event}. */
    private RowPredicate where(List<FieldTest> where, String event, String path) {
        List<RowPredicate> tests = new ArrayList<>();
        for (int i = 0; i < where.size(); i++) {
            tests.add(FieldTests.of(where.get(i), Document.EVENT_PROPERTIES, event, path + ".where[" + i + "]"));
        }
        return tests.isEmpty() ? RowPredicate.TRUE : RowPredicate.all(tests);
    }
}

package io.segments.model.internal;

import io.segments.model.Aggregate;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.NumberTest;
import io.segments.model.Operator;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.TimePoint;
import io.segments.model.Window;
import io.segments.model.eval.Values;

import java.math.BigDecimal;
import java.util.List;

import static io.segments.model.internal.JsonPaths.index;
import static io.segments.model.internal.JsonPaths.key;

/**
 * The rules of the segment language that an AST can break although its records accept it
 * (reversed bounds, a value of the wrong kind for its operator, a {@code didNot} step in the
 * middle, ...). Each check takes the JSON path of the node it checks and throws
 * {@code invalid_segment} naming the offending place. The JSON reader runs each check as soon
 * as it has built the node, so the first problem in reading order is the one reported;
 * {@link #condition(Condition, String)} runs them all over a tree built in code.
 */
public final class Rules {
    /** Longest segment name, in Unicode code points. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Long.MAX_VALUE);

    private Rules() {
    }

    public static SegmentsException invalid(String message, String path) {
        return SegmentsException.invalidSegment(message, path);
    }

    // ---- the segment resource

    public static void segmentName(String name, String path) {
        if (name.isBlank()) {
            throw invalid("name must not be empty", path);
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME_LENGTH) {
            throw invalid("name is " + length + " characters long; at most " + MAX_NAME_LENGTH + " are allowed",
                    path);
        }
    }

    /** The rules on a whole segment, in the canonical key order; the filter is checked recursively. */
    public static void segment(Segment segment) {
        String root = JsonPaths.ROOT;
        segmentName(segment.name(), key(root, "name"));
        SegmentType type = segment.type();
        if (type == SegmentType.STATIC) {
            if (segment.filter().isPresent()) {
                throw invalid("a static segment has a member list, not a filter", key(root, "filter"));
            }
        } else {
            Condition filter = segment.filter().orElseThrow(
                    () -> invalid("a " + type.json() + " segment needs a filter", key(root, "filter")));
            condition(filter, key(root, "filter"));
            if (!segment.members().isEmpty()) {
                throw invalid("only a static segment has members; this one is " + type.json(),
                        key(root, "members"));
            }
        }
        members(segment.members(), key(root, "members"));
    }

    public static void members(List<String> members, String path) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).isEmpty()) {
                throw invalid("a member id must not be empty", index(path, i));
            }
        }
    }

    // ---- names

    /** An event name: any non-empty text, matched exactly. */
    public static void eventName(String event, String path) {
        if (event.isEmpty()) {
            throw invalid("event name must not be empty", path);
        }
    }

    /** A trait or property name: non-empty, and when dotted, no empty part. */
    public static void fieldName(String name, String path) {
        if (name.isEmpty()) {
            throw invalid("name must not be empty", path);
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw invalid("\"" + name + "\" has an empty part: a dotted name is like product.category", path);
        }
    }

    public static void segmentId(String id, String path) {
        if (id.isEmpty()) {
            throw invalid("segment id must not be empty", path);
        }
    }

    // ---- field tests (attribute, property)

    /**
     * {@code nameKey} is {@code attribute} or {@code property}: the key that holds the name.
     * Checks the name, then that a value is present exactly when the operator takes one, then
     * that the value is of a kind the operator accepts.
     */
    public static void fieldTest(FieldTest test, String path, String nameKey) {
        fieldName(test.name(), key(path, nameKey));
        Operator op = test.op();
        String valuePath = key(path, "value");
        if (op.takesNoValue()) {
            if (test.value().isPresent()) {
                throw invalid(op.json() + " takes no value", valuePath);
            }
            return;
        }
        Literal value = test.value().orElseThrow(() -> invalid(op.json() + " needs a value", valuePath));
        switch (op) {
            case EQ:
            case NEQ:
                if (!isScalar(value)) {
                    throw invalid(op.json() + " takes a string, a number or a boolean, not " + describe(value),
                            valuePath);
                }
                break;
            case GT:
            case GTE:
            case LT:
            case LTE:
                if (!(value instanceof Literal.Num || value instanceof Literal.Text)) {
                    throw invalid(op.json() + " takes a number or a string, not " + describe(value), valuePath);
                }
                break;
            case BETWEEN:
                between(value, valuePath);
                break;
            case IN:
            case NOT_IN:
                if (!(value instanceof Literal.Array array)) {
                    throw invalid(op.json() + " takes an array of values, not " + describe(value), valuePath);
                }
                if (array.elements().isEmpty()) {
                    throw invalid(op.json() + " needs at least one value", valuePath);
                }
                for (int i = 0; i < array.elements().size(); i++) {
                    Literal element = array.elements().get(i);
                    if (!isScalar(element)) {
                        throw invalid("the values of " + op.json() + " are strings, numbers or booleans, not "
                                + describe(element), index(valuePath, i));
                    }
                }
                break;
            case CONTAINS:
            case NOT_CONTAINS:
            case STARTS_WITH:
                if (!(value instanceof Literal.Text)) {
                    throw invalid(op.json() + " takes a string, not " + describe(value), valuePath);
                }
                break;
            default:
                throw new IllegalStateException("operator without a rule: " + op);
        }
    }

    private static void between(Literal value, String path) {
        if (!(value instanceof Literal.Array array) || array.elements().size() != 2) {
            throw invalid("between takes [low, high]: an array of two numbers or two strings, not "
                    + describe(value), path);
        }
        Literal low = array.elements().get(0);
        Literal high = array.elements().get(1);
        if (low instanceof Literal.Num l && high instanceof Literal.Num h) {
            if (l.value().compareTo(h.value()) > 0) {
                throw invalid("between bounds are reversed: " + l.value() + " is greater than " + h.value(), path);
            }
        } else if (low instanceof Literal.Text l && high instanceof Literal.Text h) {
            if (Values.compareStrings(l.value(), h.value()) > 0) {
                throw invalid("between bounds are reversed: \"" + l.value() + "\" sorts after \"" + h.value() + "\"",
                        path);
            }
        } else {
            throw invalid("between takes two numbers or two strings, not " + describe(low) + " and "
                    + describe(high), path);
        }
    }

    private static boolean isScalar(Literal value) {
        return value instanceof Literal.Text || value instanceof Literal.Num || value instanceof Literal.Bool;
    }

    public static String describe(Literal value) {
        if (value instanceof Literal.Text) {
            return "a string";
        } else if (value instanceof Literal.Num) {
            return "a number";
        } else if (value instanceof Literal.Bool) {
            return "a boolean";
        }
        return "an array";
    }

    // ---- count and aggregate

    /** {@code count}: an operator with a non-negative integer (or two), low not above high. */
    public static void count(NumberTest count, String path) {
        String valuePath = key(path, "value");
        if (count.upper().isPresent()) {
            countValue(count.value(), index(valuePath, 0));
            countValue(count.upper().get(), index(valuePath, 1));
        } else {
            countValue(count.value(), valuePath);
        }
        bounds(count, valuePath);
    }

    private static void countValue(BigDecimal value, String path) {
        if (value.signum() < 0 || !isInteger(value) || value.compareTo(MAX_COUNT) > 0) {
            throw invalid("count takes a non-negative integer, not " + value.toString(), path);
        }
    }

    private static boolean isInteger(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static void bounds(NumberTest test, String valuePath) {
        if (test.upper().isPresent() && test.value().compareTo(test.upper().get()) > 0) {
            throw invalid("between bounds are reversed: " + test.value() + " is greater than " + test.upper().get(),
                    valuePath);
        }
    }

    public static void aggregate(Aggregate aggregate, String path) {
        fieldName(aggregate.property(), key(path, "property"));
        bounds(aggregate.test(), key(path, "value"));
    }

    // ---- windows and time

    /** A window's bounds; a reversed one is reported in words: "the window starts 7 days ago and ends 30 days ago". */
    public static void window(Window window, String path) {
        if (window instanceof Window.Relative relative) {
            if (relative.from().toMillis() <= relative.to().toMillis()) {
                throw invalid("the window starts " + words(relative.from()) + " ago and ends " + words(relative.to())
                        + " ago: its start must be before its end (from is how long ago it starts, to how long ago"
                        + " it ends: {\"from\": \"30d\", \"to\": \"7d\"} is from 30 to 7 days ago)", key(path, "from"));
            }
        } else if (window instanceof Window.Between between) {
            String bounds = key(path, "between");
            timePoint(between.start(), index(bounds, 0));
            timePoint(between.end(), index(bounds, 1));
            if (between.start().asStartMillis() > between.end().asEndMillis()) {
                throw invalid("the window starts " + words(between.start()) + " and ends " + words(between.end())
                        + ": its start must be before its end", bounds);
            }
        } else if (window instanceof Window.Since since) {
            timePoint(since.start(), key(path, "since"));
        }
    }

    /** A duration in words: {@code 7d} is "7 days", {@code 1h} "1 hour". */
    public static String words(Span span) {
        String unit = switch (span.unit()) {
            case SECONDS -> "second";
            case MINUTES -> "minute";
            case HOURS -> "hour";
            case DAYS -> "day";
            case WEEKS -> "week";
        };
        return span.amount() + " " + unit + (span.amount() == 1 ? "" : "s");
    }

    /** A time point in words: a date is "on 2026-11-10", an instant "at 2026-11-10T10:00:00Z". */
    public static String words(TimePoint point) {
        return (point.date().isPresent() ? "on " : "at ") + point.text();
    }

    /** A time point must lie where epoch milliseconds can count it. */
    public static void timePoint(TimePoint point, String path) {
        try {
            point.asStartMillis();
            point.asEndMillis();
        } catch (ArithmeticException e) {
            throw invalid("time " + point + " is out of range", path);
        }
    }

    // ---- sequences

    /** The rules on one step, given its place: the first step is what the user did; didNot only last. */
    public static void step(Step step, int position, int count, String path) {
        String kindKey = step.negated() ? "didNot" : "did";
        eventName(step.event(), key(path, kindKey));
        if (position == 0 && step.negated()) {
            throw invalid("a sequence cannot start with didNot: its first step is something the user did",
                    key(path, kindKey));
        }
        if (step.negated() && position != count - 1) {
            throw invalid("a didNot step must be the last step of a sequence", key(path, kindKey));
        }
        for (int i = 0; i < step.where().size(); i++) {
            fieldTest(step.where().get(i), index(key(path, "where"), i), "property");
        }
        if (position == 0 && step.within().isPresent()) {
            throw invalid("the first step has no previous step to be within of", key(path, "within"));
        }
        if (step.negated() && step.within().isEmpty()) {
            throw invalid("a didNot step needs within: how long to wait for the event", key(path, "within"));
        }
    }

    // ---- the whole tree

    /** Runs every rule over a condition tree built in code, in the order the reader would. */
    public static void condition(Condition condition, String path) {
        condition.accept(new Condition.Visitor<Void>() {
            @Override
            public Void visitAnd(Condition.And and) {
                children(and.conditions(), key(path, "and"));
                return null;
            }

            @Override
            public Void visitOr(Condition.Or or) {
                children(or.conditions(), key(path, "or"));
                return null;
            }

            @Override
            public Void visitNot(Condition.Not not) {
                condition(not.condition(), key(path, "not"));
                return null;
            }

            @Override
            public Void visitAttribute(Condition.Attribute attribute) {
                fieldTest(attribute.test(), path, "attribute");
                return null;
            }

            @Override
            public Void visitDid(Condition.Did did) {
                eventName(did.event(), key(path, "did"));
                did.when().ifPresent(w -> window(w, key(path, "when")));
                where(did.where(), path);
                did.count().ifPresent(c -> count(c, key(path, "count")));
                did.aggregate().ifPresent(a -> aggregate(a, key(path, "aggregate")));
                return null;
            }

            @Override
            public Void visitDidNot(Condition.DidNot didNot) {
                eventName(didNot.event(), key(path, "didNot"));
                didNot.when().ifPresent(w -> window(w, key(path, "when")));
                where(didNot.where(), path);
                return null;
            }

            @Override
            public Void visitSequence(Condition.Sequence sequence) {
                List<Step> steps = sequence.steps();
                for (int i = 0; i < steps.size(); i++) {
                    step(steps.get(i), i, steps.size(), index(key(path, "sequence"), i));
                }
                sequence.when().ifPresent(w -> window(w, key(path, "when")));
                return null;
            }

            @Override
            public Void visitInSegment(Condition.InSegment inSegment) {
                segmentId(inSegment.segmentId(), key(path, "inSegment"));
                return null;
            }

            @Override
            public Void visitReachable(Condition.Reachable reachable) {
                return null;
            }
        });
    }

    private static void children(List<Condition> conditions, String path) {
        for (int i = 0; i < conditions.size(); i++) {
            condition(conditions.get(i), index(path, i));
        }
    }

    private static void where(List<FieldTest> where, String path) {
        for (int i = 0; i < where.size(); i++) {
            fieldTest(where.get(i), index(key(path, "where"), i), "property");
        }
    }

    /** Calls {@code action} for every {@code inSegment} of the tree with its path, in document order. */
    public static void forEachInSegment(Condition condition, String path, InSegmentAction action) {
        condition.accept(new Condition.Visitor<Void>() {
            @Override
            public Void visitAnd(Condition.And and) {
                for (int i = 0; i < and.conditions().size(); i++) {
                    forEachInSegment(and.conditions().get(i), index(key(path, "and"), i), action);
                }
                return null;
            }

            @Override
            public Void visitOr(Condition.Or or) {
                for (int i = 0; i < or.conditions().size(); i++) {
                    forEachInSegment(or.conditions().get(i), index(key(path, "or"), i), action);
                }
                return null;
            }

            @Override
            public Void visitNot(Condition.Not not) {
                forEachInSegment(not.condition(), key(path, "not"), action);
                return null;
            }

            @Override
            public Void visitInSegment(Condition.InSegment inSegment) {
                action.accept(inSegment.segmentId(), key(path, "inSegment"));
                return null;
            }

            @Override
            public Void visitAttribute(Condition.Attribute attribute) {
                return null;
            }

            @Override
            public Void visitDid(Condition.Did did) {
                return null;
            }

            @Override
            public Void visitDidNot(Condition.DidNot didNot) {
                return null;
            }

            @Override
            public Void visitSequence(Condition.Sequence sequence) {
                return null;
            }

            @Override
            public Void visitReachable(Condition.Reachable reachable) {
                return null;
            }
        });
    }

    /** Receives an {@code inSegment} id and the path of its key. */
    @FunctionalInterface
    public interface InSegmentAction {
        void accept(String segmentId, String path);
    }
}

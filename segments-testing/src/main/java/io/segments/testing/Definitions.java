package io.segments.testing;

import io.segments.model.Aggregate;
import io.segments.model.Channel;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.NumberTest;
import io.segments.model.Occurrence;
import io.segments.model.Operator;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.TimePoint;
import io.segments.model.Window;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.eval.Values;
import io.segments.model.json.SegmentJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Random valid segment definitions (jqwik arbitraries) for property and differential tests.
 * Names and values come from small vocabularies shared with {@link Histories}, so random
 * definitions often match random users: events {@code A}, {@code B}, {@code C}; properties
 * {@code amount}, {@code category}, {@code color}, {@code product.category}; traits
 * {@code country}, {@code age}, {@code os}, {@code email}, {@code phone} and the opt-outs;
 * durations and dates around {@link Histories}' times. {@code inSegment} names one of
 * {@link #SEGMENTS}, found by {@link #lookup()}. jqwik's own edge cases (the first word of each
 * vocabulary) are left out: they would crowd out the variety that differential tests need.
 */
public final class Definitions {
    public static final List<String> EVENTS = List.of("A", "B", "C");
    public static final List<String> PROPERTIES = List.of("amount", "category", "color", "product.category");
    public static final List<String> TRAITS = List.of("country", "age", "os", "email", "phone",
            "emailOptOut", "smsOptOut", "pushOptOut", "address.city");
    /** Window and within durations. */
    public static final List<String> SPANS = List.of("10m", "1h", "1d", "7d", "1w", "30d");
    /** Dates and instants of absolute windows, around the times {@link Histories} picks for now. */
    public static final List<String> TIME_POINTS = List.of("2026-11-01", "2026-11-10", "2026-11-20", "2026-11-28",
            "2026-12-01", "2026-11-01T10:00:00Z", "2026-11-15T00:00:00Z", "2026-11-28T12:00:00Z");
    static final List<String> NUMBERS = List.of("0", "5", "18", "100", "500", "500.0", "500.5", "700", "1000", "-1");
    static final List<String> STRINGS = List.of("TV", "tv", "Phones", "Books", "red", "blue", "green", "IN", "US",
            "in", "Android", "iOS", "30", "500", "Pune", "");
    static final List<String> FRAGMENTS = List.of("t", "re", "IN", "and", "e", "5", "");

    /** The segments that generated {@code inSegment} conditions name. */
    public static final List<Segment> SEGMENTS = List.of(
            SegmentJson.readSegment("{\"id\": \"sgm_static\", \"name\": \"Listed\", \"type\": \"static\", "
                    + "\"members\": [\"u1\", \"u3\", \"u9\"]}"),
            SegmentJson.readSegment("{\"id\": \"sgm_indians\", \"name\": \"Indians\", \"type\": \"dynamic\", "
                    + "\"filter\": {\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"IN\"}}"),
            SegmentJson.readSegment("{\"id\": \"sgm_recent_a\", \"name\": \"Recent A\", \"type\": \"dynamic\", "
                    + "\"filter\": {\"and\": [{\"did\": \"A\", \"when\": {\"last\": \"7d\"}}, "
                    + "{\"not\": {\"inSegment\": \"sgm_static\"}}]}}"),
            SegmentJson.readSegment("{\"id\": \"sgm_live_b\", \"name\": \"Live B\", \"type\": \"live\", "
                    + "\"filter\": {\"did\": \"B\"}, \"createdAt\": \"2026-11-25T00:00:00Z\"}"));

    private Definitions() {
    }

    /** Finds {@link #SEGMENTS} by id. */
    public static SegmentLookup lookup() {
        Map<String, Segment> byId = new LinkedHashMap<>();
        SEGMENTS.forEach(s -> byId.put(s.id().orElseThrow(), s));
        return id -> Optional.ofNullable(byId.get(id));
    }

    // ---- conditions

    /** Conditions of every kind, nested up to {@code depth} levels of and, or and not. */
    public static Arbitrary<Condition> conditions(int depth) {
        if (depth <= 0) {
            return leaves();
        }
        Arbitrary<Condition> children = Arbitraries.lazy(() -> conditions(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaves()),
                Tuple.of(1, children.list().ofMinSize(1).ofMaxSize(3).map(Condition.And::new)),
                Tuple.of(1, children.list().ofMinSize(1).ofMaxSize(3).map(Condition.Or::new)),
                Tuple.of(1, children.map(Condition.Not::new)))
                .withoutEdgeCases();
    }

    /** The conditions without children. */
    public static Arbitrary<Condition> leaves() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, attributes()),
                Tuple.of(4, dids()),
                Tuple.of(2, didNots()),
                Tuple.of(3, sequences()),
                Tuple.of(1, inSegments()),
                Tuple.of(1, reachables()))
                .withoutEdgeCases();
    }

    public static Arbitrary<Condition> attributes() {
        return fieldTests(TRAITS).<Condition>map(Condition.Attribute::new).withoutEdgeCases();
    }

    public static Arbitrary<Condition> dids() {
        return Combinators.combine(events(), windows().optional(0.6), wheres(), counts().optional(0.3),
                aggregates().optional(0.25), Arbitraries.of(false, false, false, true))
                .<Condition>as(Condition.Did::new).withoutEdgeCases();
    }

    public static Arbitrary<Condition> didNots() {
        return Combinators.combine(events(), windows().optional(0.6), wheres()).<Condition>as(Condition.DidNot::new)
                .withoutEdgeCases();
    }

    public static Arbitrary<Condition> sequences() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), stepDrafts().list().ofSize(3),
                windows().optional(0.5), Arbitraries.of(Occurrence.class))
                .<Condition>as((size, drafts, when, occurrence) -> {
                    List<Step> steps = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        StepDraft d = drafts.get(i);
                        boolean last = i == size - 1;
                        if (i == 0) {
                            steps.add(new Step(false, d.event, d.where, Optional.empty()));
                        } else if (last && size > 1 && d.negate) {
                            steps.add(new Step(true, d.event, d.where, Optional.of(d.within.orElse(d.fallback))));
                        } else {
                            steps.add(new Step(false, d.event, d.where, d.within));
                        }
                    }
                    return new Condition.Sequence(steps, when, occurrence);
                }).withoutEdgeCases();
    }

    private record StepDraft(String event, List<FieldTest> where, Optional<Span> within, Span fallback,
                             boolean negate) {
    }

    private static Arbitrary<StepDraft> stepDrafts() {
        return Combinators.combine(events(), fieldTests(PROPERTIES).list().ofMaxSize(1), spans().optional(0.6),
                spans(), Arbitraries.of(true, false)).as(StepDraft::new);
    }

    public static Arbitrary<Condition> inSegments() {
        return Arbitraries.of(SEGMENTS).map(s -> new Condition.InSegment(s.id().orElseThrow()));
    }

    public static Arbitrary<Condition> reachables() {
        return Arbitraries.of(Channel.class).map(Condition.Reachable::new);
    }

    // ---- parts

    public static Arbitrary<String> events() {
        return Arbitraries.of(EVENTS);
    }

    private static Arbitrary<List<FieldTest>> wheres() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<FieldTest>of())),
                Tuple.of(2, fieldTests(PROPERTIES).list().ofMinSize(1).ofMaxSize(2)));
    }

    /** Filters on the given names with an operator and a value of a kind that operator takes. */
    public static Arbitrary<FieldTest> fieldTests(List<String> names) {
        return Combinators.combine(Arbitraries.of(names), Arbitraries.of(Operator.class), valueDrafts())
                .as((name, op, draft) -> new FieldTest(name, op, draft.valueFor(op))).withoutEdgeCases();
    }

    /** Enough random material to make a value for any operator. */
    private record ValueDraft(Literal scalar, Literal ordered, List<Literal> scalars, Literal.Text fragment,
                              boolean numericRange, List<BigDecimal> numbers, List<String> strings) {
        Optional<Literal> valueFor(Operator op) {
            switch (op) {
                case EQ:
                case NEQ:
                    return Optional.of(scalar);
                case GT:
                case GTE:
                case LT:
                case LTE:
                    return Optional.of(ordered);
                case BETWEEN:
                    if (numericRange) {
                        List<BigDecimal> sorted = numbers.stream().sorted().toList();
                        return Optional.of(new Literal.Array(List.of(new Literal.Num(sorted.get(0)),
                                new Literal.Num(sorted.get(1)))));
                    } else {
                        List<String> sorted = strings.stream().sorted(Values::compareStrings).toList();
                        return Optional.of(new Literal.Array(List.of(new Literal.Text(sorted.get(0)),
                                new Literal.Text(sorted.get(1)))));
                    }
                case IN:
                case NOT_IN:
                    return Optional.of(new Literal.Array(scalars));
                case CONTAINS:
                case NOT_CONTAINS:
                case STARTS_WITH:
                    return Optional.of(fragment);
                case EXISTS:
                case NOT_EXISTS:
                    return Optional.empty();
                default:
                    throw new IllegalStateException("operator without a generator: " + op);
            }
        }
    }

    private static Arbitrary<ValueDraft> valueDrafts() {
        Arbitrary<Literal> scalars = Arbitraries.frequencyOf(
                Tuple.of(3, numbers().map(Literal.Num::new)),
                Tuple.of(4, Arbitraries.of(STRINGS).map(Literal.Text::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(Literal.Bool::new)));
        Arbitrary<Literal> ordered = Arbitraries.oneOf(numbers().map(Literal.Num::new),
                Arbitraries.of(STRINGS).map(Literal.Text::new));
        Arbitrary<Literal.Text> fragments = Arbitraries.oneOf(Arbitraries.of(FRAGMENTS), Arbitraries.of(STRINGS))
                .map(Literal.Text::new);
        return Combinators.combine(scalars, ordered, scalars.list().ofMinSize(1).ofMaxSize(3), fragments,
                Arbitraries.of(true, false),
                Combinators.combine(numbers().list().ofSize(2), Arbitraries.of(STRINGS).list().ofSize(2))
                        .as(Tuple::of))
                .as((scalar, order, list, fragment, numeric, ranges) -> new ValueDraft(scalar, order, list, fragment,
                        numeric, ranges.get1(), ranges.get2()));
    }

    private static Arbitrary<BigDecimal> numbers() {
        return Arbitraries.of(NUMBERS).map(BigDecimal::new);
    }

    public static Arbitrary<Span> spans() {
        return Arbitraries.of(SPANS).map(s -> Span.parse(s).orElseThrow());
    }

    /** Windows of every form; relative windows with from longer than to, absolute ones in order. */
    public static Arbitrary<Window> windows() {
        Arbitrary<Window> last = spans().map(Window.Last::new);
        Arbitrary<Window> relative = spans().list().ofSize(2)
                .filter(pair -> pair.get(0).toMillis() != pair.get(1).toMillis())
                .map(pair -> {
                    List<Span> sorted = pair.stream().sorted(Comparator.comparingLong(Span::toMillis).reversed())
                            .toList();
                    return new Window.Relative(sorted.get(0), sorted.get(1));
                });
        Arbitrary<TimePoint> points = Arbitraries.of(TIME_POINTS).map(t -> TimePoint.parse(t).orElseThrow());
        Arbitrary<Window> between = points.list().ofSize(2).map(pair -> {
            TimePoint a = pair.get(0);
            TimePoint b = pair.get(1);
            return a.asStartMillis() <= b.asEndMillis() ? new Window.Between(a, b) : new Window.Between(b, a);
        });
        Arbitrary<Window> since = points.map(Window.Since::new);
        return Arbitraries.frequencyOf(Tuple.of(3, last), Tuple.of(2, relative), Tuple.of(2, between),
                Tuple.of(1, since)).withoutEdgeCases();
    }

    /** Counts with a non-negative integer, or two in order for between. */
    public static Arbitrary<NumberTest> counts() {
        Arbitrary<NumberTest> single = Combinators.combine(numericOps(), Arbitraries.integers().between(0, 4))
                .as((op, n) -> NumberTest.of(op, n));
        Arbitrary<NumberTest> range = Arbitraries.integers().between(0, 4).list().ofSize(2)
                .map(pair -> NumberTest.between(Math.min(pair.get(0), pair.get(1)), Math.max(pair.get(0), pair.get(1))));
        return Arbitraries.frequencyOf(Tuple.of(4, single), Tuple.of(1, range)).withoutEdgeCases();
    }

    public static Arbitrary<Aggregate> aggregates() {
        Arbitrary<NumberTest> single = Combinators.combine(numericOps(), numbers())
                .as((op, n) -> new NumberTest(op, n, Optional.empty()));
        Arbitrary<NumberTest> range = numbers().list().ofSize(2).map(pair -> {
            List<BigDecimal> sorted = pair.stream().sorted().toList();
            return new NumberTest(Operator.BETWEEN, sorted.get(0), Optional.of(sorted.get(1)));
        });
        return Combinators.combine(Arbitraries.of(Aggregate.Fn.class),
                Arbitraries.of("amount", "amount", "amount", "category"),
                Arbitraries.frequencyOf(Tuple.of(4, single), Tuple.of(1, range)))
                .as(Aggregate::new).withoutEdgeCases();
    }

    private static Arbitrary<Operator> numericOps() {
        return Arbitraries.of(Operator.EQ, Operator.NEQ, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE);
    }

    // ---- whole segments

    /** Segment resources of every type, with and without the server-assigned fields. */
    public static Arbitrary<Segment> segments() {
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().withChars(" ,.'\"\\/-&é中")
                .withCharRange('\u00c0', '\u00ff').ofMinLength(1).ofMaxLength(200).filter(n -> !n.isBlank());
        Arbitrary<Optional<String>> ids = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
                .map(s -> "sgm_" + s).optional(0.5);
        Arbitrary<Optional<String>> descriptions = Arbitraries.strings().ofMaxLength(50).optional(0.3);
        Arbitrary<Optional<Instant>> times = Arbitraries.longs()
                .between(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2027-01-01T00:00:00Z")
                        .toEpochMilli())
                .map(Instant::ofEpochMilli).optional(0.5);
        Arbitrary<List<String>> members = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8)
                .list().ofMaxSize(5);
        return Combinators.combine(ids, names, descriptions, Arbitraries.of(SegmentType.class), conditions(2),
                members, times, times)
                .as((id, name, description, type, filter, memberList, created, updated) -> type == SegmentType.STATIC
                        ? new Segment(id, name, description, type, Optional.empty(), memberList, created, updated)
                        : new Segment(id, name, description, type, Optional.of(filter), List.of(), created, updated))
                .withoutEdgeCases();
    }
}

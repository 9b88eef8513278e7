package io.segments.model.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import io.segments.model.SegmentsException;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.TimePoint;
import io.segments.model.Window;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.segments.model.internal.JsonPaths.index;
import static io.segments.model.internal.JsonPaths.key;
import static io.segments.model.internal.Rules.invalid;

/**
 * Reads the segment language from JSON, rejecting every form the contract does not allow with
 * {@code invalid_segment} and the path of the first offending place. In each object the key
 * names are checked first (in document order), then the values in the canonical key order,
 * and each part is checked against {@link Rules} as soon as it is built.
 */
public final class JsonReader {
    /** Exact numbers (500.0 keeps its scale), duplicate keys and trailing content rejected. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private static final List<String> CONDITION_KINDS = List.of(
            "and", "or", "not", "attribute", "did", "didNot", "sequence", "inSegment", "reachable");
    private static final Map<String, List<String>> CONDITION_KEYS = Map.of(
            "and", List.of("and"),
            "or", List.of("or"),
            "not", List.of("not"),
            "attribute", List.of("attribute", "op", "value"),
            "did", List.of("did", "when", "where", "count", "aggregate", "firstTime"),
            "didNot", List.of("didNot", "when", "where"),
            "sequence", List.of("sequence", "when", "occurrence"),
            "inSegment", List.of("inSegment"),
            "reachable", List.of("reachable"));
    private static final List<String> SEGMENT_KEYS = List.of(
            "id", "name", "description", "type", "filter", "members", "createdAt", "updatedAt");
    private static final List<String> WINDOW_FORMS = List.of("last", "from", "between", "since");
    private static final Map<String, List<String>> WINDOW_KEYS = Map.of(
            "last", List.of("last"),
            "from", List.of("from", "to"),
            "between", List.of("between"),
            "since", List.of("since"));
    private static final List<String> STEP_KINDS = List.of("did", "didNot");
    private static final List<String> STEP_KEYS = List.of("did", "didNot", "where", "within");
    private static final List<String> FILTER_KEYS = List.of("property", "op", "value");
    private static final List<String> COUNT_KEYS = List.of("op", "value");
    private static final List<String> AGGREGATE_KEYS = List.of("fn", "property", "op", "value");

    private JsonReader() {
    }

    // ---- text to tree

    public static JsonNode tree(String json) {
        return tree(json, JsonPaths.ROOT);
    }

    /** Parses text whose root is at {@code basePath}; a malformed place is reported under it. */
    public static JsonNode tree(String json, String basePath) {
        try {
            return nonEmpty(MAPPER.readTree(json), basePath);
        } catch (JacksonException e) {
            throw malformed(e, basePath);
        }
    }

    public static JsonNode tree(byte[] json) {
        try {
            return nonEmpty(MAPPER.readTree(json), JsonPaths.ROOT);
        } catch (JacksonException e) {
            throw malformed(e, JsonPaths.ROOT);
        } catch (IOException e) {
            throw invalid("malformed JSON: " + e.getMessage(), JsonPaths.ROOT);
        }
    }

    private static JsonNode nonEmpty(JsonNode node, String basePath) {
        if (node == null || node.isMissingNode()) {
            throw invalid("no JSON value: the input is empty", basePath);
        }
        return node;
    }

    private static SegmentsException malformed(JacksonException e, String basePath) {
        String path = basePath;
        if (e.getProcessor() instanceof JsonParser parser) {
            path = path(parser.getParsingContext(), basePath);
        }
        String message = e.getOriginalMessage();
        return invalid("malformed JSON: " + (message == null ? e.getClass().getSimpleName() : message), path);
    }

    private static String path(JsonStreamContext context, String basePath) {
        if (context == null || context.inRoot()) {
            return basePath;
        }
        String parent = path(context.getParent(), basePath);
        if (context.inArray()) {
            return context.getCurrentIndex() >= 0 ? index(parent, context.getCurrentIndex()) : parent;
        }
        String name = context.getCurrentName();
        return name == null ? parent : key(parent, name);
    }

    // ---- the segment resource

    public static Segment segment(JsonNode node) {
        String root = JsonPaths.ROOT;
        JsonNode o = object(node, root, "a segment");
        checkKeys(o, root, SEGMENT_KEYS, "a segment");
        Optional<String> id = optional(o, "id").map(n -> text(n, key(root, "id"), "id"));
        id.ifPresent(i -> Rules.segmentId(i, key(root, "id")));
        String name = text(required(o, "name", root, "a segment needs a name"), key(root, "name"), "name");
        Rules.segmentName(name, key(root, "name"));
        Optional<String> description = optional(o, "description")
                .map(n -> text(n, key(root, "description"), "description"));
        SegmentType type = optional(o, "type").map(n -> {
            String text = text(n, key(root, "type"), "type");
            return SegmentType.fromJson(text).orElseThrow(() -> invalid(
                    "unknown segment type \"" + text + "\": expected dynamic, live or static", key(root, "type")));
        }).orElse(SegmentType.DYNAMIC);
        Optional<Condition> filter = Optional.empty();
        if (type == SegmentType.STATIC) {
            if (o.has("filter")) {
                throw invalid("a static segment has a member list, not a filter", key(root, "filter"));
            }
        } else {
            JsonNode f = required(o, "filter", root, "a " + type.json() + " segment needs a filter");
            filter = Optional.of(condition(f, key(root, "filter")));
        }
        List<String> members = List.of();
        if (o.has("members")) {
            if (type != SegmentType.STATIC) {
                throw invalid("only a static segment has members; this one is " + type.json(), key(root, "members"));
            }
            members = members(o.get("members"), key(root, "members"));
        }
        Optional<Instant> createdAt = optional(o, "createdAt").map(n -> instant(n, key(root, "createdAt")));
        Optional<Instant> updatedAt = optional(o, "updatedAt").map(n -> instant(n, key(root, "updatedAt")));
        return new Segment(id, name, description, type, filter, members, createdAt, updatedAt);
    }

    private static List<String> members(JsonNode node, String path) {
        JsonNode array = array(node, path, "members");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            members.add(text(array.get(i), index(path, i), "a member id"));
        }
        Rules.members(members, path);
        return members;
    }

    private static Instant instant(JsonNode node, String path) {
        String text = text(node, path, "a time");
        try {
            Instant instant = Instant.parse(text);
            instant.toEpochMilli();
            return instant;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid("\"" + text + "\" is not an ISO-8601 instant such as 2026-11-28T10:00:00Z", path);
        }
    }

    // ---- conditions

    public static Condition condition(JsonNode node, String path) {
        JsonNode o = object(node, path, "a condition");
        String kind = discriminator(o, path, CONDITION_KINDS, "a condition");
        checkKeys(o, path, CONDITION_KEYS.get(kind), describeKind(kind));
        String kindPath = key(path, kind);
        JsonNode value = o.get(kind);
        switch (kind) {
            case "and":
                return new Condition.And(conditions(value, kindPath, kind));
            case "or":
                return new Condition.Or(conditions(value, kindPath, kind));
            case "not":
                return new Condition.Not(condition(value, kindPath));
            case "attribute": {
                FieldTest test = fieldTest(o, path, "attribute");
                return new Condition.Attribute(test);
            }
            case "did":
                return did(o, path);
            case "didNot": {
                String event = text(value, kindPath, "an event name");
                Rules.eventName(event, kindPath);
                Optional<Window> when = optional(o, "when").map(w -> window(w, key(path, "when")));
                List<FieldTest> where = where(o, path);
                return new Condition.DidNot(event, when, where);
            }
            case "sequence":
                return sequence(o, path);
            case "inSegment": {
                String id = text(value, kindPath, "a segment id");
                Rules.segmentId(id, kindPath);
                return new Condition.InSegment(id);
            }
            case "reachable": {
                String channel = text(value, kindPath, "a channel");
                return new Condition.Reachable(Channel.fromJson(channel).orElseThrow(() -> invalid(
                        "unknown channel \"" + channel + "\": expected email, sms or push", kindPath)));
            }
            default:
                throw new IllegalStateException("condition kind without a reader: " + kind);
        }
    }

    private static String describeKind(String kind) {
        return "a \"" + kind + "\" condition";
    }

    private static List<Condition> conditions(JsonNode node, String path, String kind) {
        JsonNode array = array(node, path, kind);
        if (array.isEmpty()) {
            throw invalid(kind + " needs at least one condition", path);
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            conditions.add(condition(array.get(i), index(path, i)));
        }
        return conditions;
    }

    private static Condition did(JsonNode o, String path) {
        String kindPath = key(path, "did");
        String event = text(o.get("did"), kindPath, "an event name");
        Rules.eventName(event, kindPath);
        Optional<Window> when = optional(o, "when").map(w -> window(w, key(path, "when")));
        List<FieldTest> where = where(o, path);
        Optional<NumberTest> count = optional(o, "count").map(c -> count(c, key(path, "count")));
        Optional<Aggregate> aggregate = optional(o, "aggregate")
                .map(a -> aggregate(a, key(path, "aggregate")));
        boolean firstTime = optional(o, "firstTime").map(f -> {
            if (!f.isBoolean()) {
                throw wrongType(f, key(path, "firstTime"), "firstTime", "true or false");
            }
            return f.booleanValue();
        }).orElse(false);
        return new Condition.Did(event, when, where, count, aggregate, firstTime);
    }

    private static List<FieldTest> where(JsonNode o, String path) {
        if (!o.has("where")) {
            return List.of();
        }
        String wherePath = key(path, "where");
        JsonNode array = array(o.get("where"), wherePath, "where");
        List<FieldTest> filters = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String filterPath = index(wherePath, i);
            JsonNode filter = object(array.get(i), filterPath, "a property filter");
            checkKeys(filter, filterPath, FILTER_KEYS, "a property filter");
            filters.add(fieldTest(filter, filterPath, "property"));
        }
        return filters;
    }

    /** {@code {NAMEKEY: name, "op": op, "value": v}}; keys were checked by the caller. */
    private static FieldTest fieldTest(JsonNode o, String path, String nameKey) {
        String name = text(required(o, nameKey, path, "a filter needs " + nameKey), key(path, nameKey), nameKey);
        Rules.fieldName(name, key(path, nameKey));
        Operator op = operator(required(o, "op", path, "a filter needs op"), key(path, "op"));
        Optional<Literal> value = Optional.empty();
        if (o.has("value")) {
            if (op.takesNoValue()) {
                throw invalid(op.json() + " takes no value", key(path, "value"));
            }
            value = Optional.of(literal(o.get("value"), key(path, "value")));
        }
        FieldTest test = new FieldTest(name, op, value);
        Rules.fieldTest(test, path, nameKey);
        return test;
    }

    private static Operator operator(JsonNode node, String path) {
        String text = text(node, path, "op");
        return Operator.fromJson(text).orElseThrow(() -> invalid("unknown op \"" + text + "\": expected one of "
                + String.join(", ", opNames()), path));
    }

    private static List<String> opNames() {
        List<String> names = new ArrayList<>();
        for (Operator op : Operator.values()) {
            names.add(op.json());
        }
        return names;
    }

    private static Literal literal(JsonNode node, String path) {
        if (node.isTextual()) {
            return new Literal.Text(node.textValue());
        }
        if (node.isNumber()) {
            return new Literal.Num(decimal(node, path));
        }
        if (node.isBoolean()) {
            return new Literal.Bool(node.booleanValue());
        }
        if (node.isArray()) {
            List<Literal> elements = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                elements.add(literal(node.get(i), index(path, i)));
            }
            return new Literal.Array(elements);
        }
        if (node.isNull()) {
            throw invalid("a value must not be null: to test for a missing value use exists or notExists", path);
        }
        throw wrongType(node, path, "a value", "a string, a number, a boolean or an array");
    }

    private static BigDecimal decimal(JsonNode number, String path) {
        if (number.isFloat() || number.isDouble()) {
            // a tree built elsewhere, with doubles: take their shortest decimal form
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw invalid("a number must be finite, not " + d, path);
            }
            return new BigDecimal(Double.toString(d));
        }
        return number.decimalValue();
    }

    private static NumberTest count(JsonNode node, String path) {
        JsonNode o = object(node, path, "count");
        checkKeys(o, path, COUNT_KEYS, "count");
        NumberTest count = numberTest(o, path, "count");
        Rules.count(count, path);
        return count;
    }

    private static Aggregate aggregate(JsonNode node, String path) {
        JsonNode o = object(node, path, "aggregate");
        checkKeys(o, path, AGGREGATE_KEYS, "aggregate");
        String fnText = text(required(o, "fn", path, "aggregate needs fn"), key(path, "fn"), "fn");
        Aggregate.Fn fn = null;
        for (Aggregate.Fn f : Aggregate.Fn.values()) {
            if (f.json().equals(fnText)) {
                fn = f;
            }
        }
        if (fn == null) {
            throw invalid("unknown aggregate fn \"" + fnText + "\": expected sum, avg, min or max", key(path, "fn"));
        }
        String property = text(required(o, "property", path, "aggregate needs property"), key(path, "property"),
                "property");
        Rules.fieldName(property, key(path, "property"));
        NumberTest test = numberTest(o, path, "aggregate");
        Aggregate aggregate = new Aggregate(fn, property, test);
        Rules.aggregate(aggregate, path);
        return aggregate;
    }

    /** {@code "op"} and {@code "value"} of count or aggregate: a number, or two for between. */
    private static NumberTest numberTest(JsonNode o, String path, String what) {
        String opPath = key(path, "op");
        Operator op = operator(required(o, "op", path, what + " needs op"), opPath);
        if (!op.isNumericComparison()) {
            throw invalid(what + " takes eq, neq, gt, gte, lt, lte or between, not " + op.json(), opPath);
        }
        String valuePath = key(path, "value");
        JsonNode value = required(o, "value", path, what + " needs a value");
        if (op == Operator.BETWEEN) {
            if (!value.isArray() || value.size() != 2) {
                throw invalid("between takes [low, high]: an array of two numbers", valuePath);
            }
            BigDecimal low = number(value.get(0), index(valuePath, 0), what);
            BigDecimal high = number(value.get(1), index(valuePath, 1), what);
            return new NumberTest(op, low, Optional.of(high));
        }
        return new NumberTest(op, number(value, valuePath, what), Optional.empty());
    }

    private static BigDecimal number(JsonNode node, String path, String what) {
        if (!node.isNumber()) {
            throw wrongType(node, path, "the value of " + what, "a number");
        }
        return decimal(node, path);
    }

    // ---- sequences

    private static Condition sequence(JsonNode o, String path) {
        String stepsPath = key(path, "sequence");
        JsonNode array = array(o.get("sequence"), stepsPath, "sequence");
        if (array.isEmpty()) {
            throw invalid("sequence needs at least one step", stepsPath);
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            steps.add(step(array.get(i), index(stepsPath, i), i, array.size()));
        }
        Optional<Window> when = optional(o, "when").map(w -> window(w, key(path, "when")));
        Occurrence occurrence = optional(o, "occurrence").map(n -> {
            String text = text(n, key(path, "occurrence"), "occurrence");
            for (Occurrence candidate : Occurrence.values()) {
                if (candidate.json().equals(text)) {
                    return candidate;
                }
            }
            throw invalid("unknown occurrence \"" + text + "\": expected any or last", key(path, "occurrence"));
        }).orElse(Occurrence.ANY);
        return new Condition.Sequence(steps, when, occurrence);
    }

    private static Step step(JsonNode node, String path, int position, int count) {
        JsonNode o = object(node, path, "a sequence step");
        String kind = discriminator(o, path, STEP_KINDS, "a sequence step");
        checkKeys(o, path, STEP_KEYS, "a sequence step");
        String event = text(o.get(kind), key(path, kind), "an event name");
        List<FieldTest> where = where(o, path);
        Optional<Span> within = optional(o, "within").map(w -> span(w, key(path, "within")));
        Step step = new Step(kind.equals("didNot"), event, where, within);
        Rules.step(step, position, count, path);
        return step;
    }

    // ---- windows

    private static Window window(JsonNode node, String path) {
        JsonNode o = object(node, path, "a window");
        if (o.has("to") && !o.has("from") && !o.has("last") && !o.has("between") && !o.has("since")) {
            throw invalid("a window with to needs from: {\"from\": \"30d\", \"to\": \"7d\"}", key(path, "from"));
        }
        String form = discriminator(o, path, WINDOW_FORMS, "a window");
        checkKeys(o, path, WINDOW_KEYS.get(form), "a " + form + " window");
        Window window;
        switch (form) {
            case "last":
                window = new Window.Last(span(o.get("last"), key(path, "last")));
                break;
            case "from": {
                Span from = span(o.get("from"), key(path, "from"));
                Span to = span(required(o, "to", path, "a window with from needs to: {\"from\": \"30d\", \"to\": \"7d\"}"),
                        key(path, "to"));
                window = new Window.Relative(from, to);
                break;
            }
            case "between": {
                String boundsPath = key(path, "between");
                JsonNode bounds = o.get("between");
                if (!bounds.isArray() || bounds.size() != 2) {
                    throw invalid("between takes [start, end]: two dates or instants such as "
                            + "[\"2026-11-01\", \"2026-11-10\"]", boundsPath);
                }
                window = new Window.Between(timePoint(bounds.get(0), index(boundsPath, 0)),
                        timePoint(bounds.get(1), index(boundsPath, 1)));
                break;
            }
            case "since":
                window = new Window.Since(timePoint(o.get("since"), key(path, "since")));
                break;
            default:
                throw new IllegalStateException("window form without a reader: " + form);
        }
        Rules.window(window, path);
        return window;
    }

    private static Span span(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw wrongType(node, path, "a duration", "a string such as \"10m\" or \"7d\"");
        }
        String text = node.textValue();
        return Span.parse(text).orElseThrow(() -> invalid("bad duration \"" + text
                + "\": expected a positive whole number and a unit s, m, h, d or w, such as \"10m\" or \"7d\"",
                path));
    }

    private static TimePoint timePoint(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw wrongType(node, path, "a time", "a date such as \"2026-11-01\" or an instant such as "
                    + "\"2026-11-01T10:00:00Z\"");
        }
        String text = node.textValue();
        TimePoint point = TimePoint.parse(text).orElseThrow(() -> invalid("\"" + text
                + "\" is neither a date such as 2026-11-01 nor an ISO instant such as 2026-11-01T10:00:00Z", path));
        Rules.timePoint(point, path);
        return point;
    }

    // ---- shapes

    private static JsonNode object(JsonNode node, String path, String what) {
        if (!node.isObject()) {
            throw wrongType(node, path, what, "a JSON object");
        }
        return node;
    }

    private static JsonNode array(JsonNode node, String path, String what) {
        if (!node.isArray()) {
            throw wrongType(node, path, what, "an array");
        }
        return node;
    }

    private static String text(JsonNode node, String path, String what) {
        if (!node.isTextual()) {
            throw wrongType(node, path, what, "a string");
        }
        return node.textValue();
    }

    private static SegmentsException wrongType(JsonNode node, String path, String what, String expected) {
        return invalid(what + " must be " + expected + ", not " + describe(node), path);
    }

    private static String describe(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return "a string";
            case NUMBER:
                return "a number";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            default:
                return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The one key among {@code kinds} that the object has; zero or two or more is an error (for two,
     * at the second one in document order).
     */
    private static String discriminator(JsonNode o, String path, List<String> kinds, String what) {
        String found = null;
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (kinds.contains(name)) {
                if (found != null) {
                    throw invalid(what + " has exactly one of " + String.join(", ", kinds) + "; this one has both "
                            + found + " and " + name, key(path, name));
                }
                found = name;
            }
        }
        if (found == null) {
            throw invalid(what + " needs exactly one of " + String.join(", ", kinds), path);
        }
        return found;
    }

    private static void checkKeys(JsonNode o, String path, List<String> allowed, String what) {
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("unknown key \"" + name + "\" in " + what + "; allowed: "
                        + String.join(", ", allowed), key(path, name));
            }
        }
    }

    private static Optional<JsonNode> optional(JsonNode o, String name) {
        return Optional.ofNullable(o.get(name));
    }

    private static JsonNode required(JsonNode o, String name, String path, String message) {
        JsonNode value = o.get(name);
        if (value == null) {
            throw invalid(message, key(path, name));
        }
        return value;
    }
}

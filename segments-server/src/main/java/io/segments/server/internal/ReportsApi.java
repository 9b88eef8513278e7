package io.segments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.segments.catalog.SegmentQueries;
import io.segments.engine.analytics.Breakdown;
import io.segments.engine.analytics.EventMatch;
import io.segments.engine.analytics.EventQuery;
import io.segments.engine.analytics.EventReport;
import io.segments.engine.analytics.FunnelQuery;
import io.segments.engine.analytics.FunnelReport;
import io.segments.engine.analytics.Granularity;
import io.segments.engine.analytics.SegmentAnalytics;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.SegmentsException;
import io.segments.model.Span;
import io.segments.model.json.SegmentJson;
import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The reports: {@code POST /api/reports/funnel} and {@code POST /api/reports/events}, each optionally restricted
 * to the members of a segment now ({@code segmentId}), through {@link SegmentAnalytics}.
 *
 * <pre>
 * funnel: {"steps": [{"event", "where"?}, ...], "conversionWindow": "7d", "from"?, "to"?, "segmentId"?, "breakdown"?}
 * events: {"events": [{"event", "where"?}, ...], "interval"?: "day"|"week", "from"?, "to"?, "segmentId"?,
 *          "breakdown"?, "top"?}
 * </pre>
 * {@code where} is a list of property filters as in a segment's {@code did}. A funnel's {@code from} and
 * {@code to} bound when users enter it (do the first step): ISO dates (from the start of {@code from} to the end
 * of {@code to}) or instants; an event report's are dates (whole days or weeks). Without them: the 30 days up to
 * today. Neither reads an event stamped after now, as segments do not: a {@code to} after now is now (today for
 * an event report), and the answer's {@code to} says so. {@code breakdown} is a property name ({@code "category"}, dotted for nested objects) or
 * {@code {"property": NAME}}, and for a funnel also {@code {"trait": NAME}}. Unknown keys and bad values are
 * {@code invalid_request} with the JSON path; bad filters {@code invalid_segment}.
 */
public final class ReportsApi {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int DEFAULT_DAYS = 30;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SegmentQueries queries;
    private final SegmentAnalytics analytics;
    private final Clock clock;

    public ReportsApi(SegmentQueries queries, SegmentAnalytics analytics, Clock clock) {
        this.queries = requireNonNull(queries, "queries is null");
        this.analytics = requireNonNull(analytics, "analytics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(Javalin app) {
        app.post("/api/reports/funnel", this::funnel);
        app.post("/api/reports/events", this::events);
    }

    private void funnel(Context ctx) throws IOException {
        JsonNode body = body(ctx, "a funnel request");
        checkKeys(body, Set.of("steps", "conversionWindow", "from", "to", "segmentId", "breakdown"), "a funnel request");
        List<EventMatch> steps = matches(body, "steps");
        JsonNode window = body.get("conversionWindow");
        if (window == null || !window.isTextual() || Span.parse(window.textValue()).isEmpty()) {
            throw invalid("conversionWindow is the time from the first step to the last: a positive whole number and"
                    + " a unit s, m, h, d or w, such as \"7d\"", "$.conversionWindow");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant from = time(body, "from", false).orElse(today.minusDays(DEFAULT_DAYS - 1L).atStartOfDay()
                .toInstant(ZoneOffset.UTC));
        Instant to = time(body, "to", true).filter(t -> t.isBefore(now)).orElse(now); // nothing after now is known
        FunnelReport report = analytics.funnel(new FunnelQuery(steps, Span.parse(window.textValue()).orElseThrow(),
                from, to, breakdown(body, true), members(body), Optional.of(now)));
        ObjectNode out = NODES.objectNode();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.set("steps", funnelSteps(report.steps()));
        if (body.has("breakdown")) {
            var groups = out.putArray("breakdown");
            for (FunnelReport.Group group : report.groups()) {
                ObjectNode g = groups.addObject();
                g.set("value", value(group.value()));
                g.set("steps", funnelSteps(group.steps()));
            }
        }
        ctx.json(out);
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode funnelSteps(List<FunnelReport.Step> steps) {
        var array = NODES.arrayNode();
        for (FunnelReport.Step step : steps) {
            ObjectNode s = array.addObject();
            s.put("event", step.step().event());
            s.put("count", step.users());
            s.put("fromFirst", step.fromFirst());
            s.put("fromPrevious", step.fromPrevious());
            if (step.medianFromPrevious().isPresent()) {
                s.put("medianFromPrevious", step.medianFromPrevious().get().toString());
            } else {
                s.putNull("medianFromPrevious");
            }
        }
        return array;
    }

    private void events(Context ctx) throws IOException {
        JsonNode body = body(ctx, "an event report request");
        checkKeys(body, Set.of("events", "interval", "from", "to", "segmentId", "breakdown", "top"),
                "an event report request");
        List<EventMatch> events = matches(body, "events");
        Granularity granularity = granularity(body.get("interval"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate to = date(body, "to").filter(t -> t.isBefore(today)).orElse(today); // nothing after now is known
        LocalDate from = date(body, "from").orElse(to.minusDays(DEFAULT_DAYS - 1L));
        Optional<String> breakdown = breakdown(body, false).map(Breakdown::name);
        int top = EventQuery.DEFAULT_TOP;
        if (body.has("top")) {
            JsonNode t = body.get("top");
            if (!t.canConvertToInt() || !t.isIntegralNumber()) {
                throw invalid("top is a whole number: how many breakdown values to keep", "$.top");
            }
            top = t.intValue();
        }
        EventReport report = analytics.events(new EventQuery(events, granularity, from, to, breakdown, top,
                members(body), Optional.of(now)));
        ObjectNode out = NODES.objectNode();
        out.put("interval", granularity.json());
        out.put("from", from.toString());
        out.put("to", to.toString());
        var series = out.putArray("series");
        for (EventReport.Series s : report.series()) {
            if (breakdown.isEmpty()) {
                ObjectNode o = series.addObject();
                o.put("event", s.event().event());
                o.put("events", s.total().events());
                o.put("users", s.total().users());
                o.set("points", points(report, today, s.intervals()));
                continue;
            }
            for (EventReport.Group group : s.groups()) {
                ObjectNode o = series.addObject();
                o.put("event", s.event().event());
                if (group.other()) {
                    o.put("value", "(other)");
                    o.put("other", true);
                } else {
                    o.set("value", value(group.value()));
                }
                o.put("events", group.total().events());
                o.put("users", group.total().users());
                o.set("points", points(report, today, group.intervals()));
            }
        }
        ctx.json(out);
    }

    /**
     * The points of a series: {@code t} the first day of the interval as cut to the range, {@code days} how many
     * days it covers, {@code partial: true} when that is fewer than a whole interval or when it holds today (still
     * filling); absent otherwise.
     */
    private static com.fasterxml.jackson.databind.node.ArrayNode points(EventReport report, LocalDate today,
                                                                     List<EventReport.Counts> counts) {
        var array = NODES.arrayNode();
        for (int i = 0; i < report.buckets().size(); i++) {
            EventReport.Bucket bucket = report.buckets().get(i);
            ObjectNode p = array.addObject();
            p.put("t", bucket.first().toString());
            p.put("days", bucket.days());
            if (bucket.days() < report.granularity().days()
                    || !today.isBefore(bucket.first()) && !today.isAfter(bucket.last())) {
                p.put("partial", true);
            }
            p.put("count", counts.get(i).events());
            p.put("users", counts.get(i).users());
        }
        return array;
    }

    /** The members of {@code segmentId} now, when the request names a segment. */
    private Optional<RoaringBitmap> members(JsonNode body) {
        JsonNode id = body.get("segmentId");
        if (id == null || id.isNull()) {
            return Optional.empty();
        }
        if (!id.isTextual()) {
            throw invalid("segmentId is the id of a segment, a string", "$.segmentId");
        }
        try {
            return Optional.of(queries.memberUids(id.textValue(), Optional.empty()));
        } catch (SegmentsException e) {
            throw new SegmentsException(e.code(), e.getMessage(), "$.segmentId");
        }
    }

    /** The event matches of the list {@code key}: {@code [{"event": NAME, "where"?: [filters]}]}, at least one. */
    private static List<EventMatch> matches(JsonNode body, String key) {
        String path = "$." + key;
        JsonNode list = body.get(key);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw invalid(key + " is a list of one or more {\"event\": NAME, \"where\"?: [filters]}", path);
        }
        List<EventMatch> matches = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                throw invalid("each of " + key + " is {\"event\": NAME, \"where\"?: [filters]}", itemPath);
            }
            checkKeys(item, itemPath, Set.of("event", "where"), "an event of " + key);
            JsonNode event = item.get("event");
            if (event == null || !event.isTextual() || event.textValue().isEmpty()) {
                throw invalid("event is the name of an event, a non-empty string", itemPath + ".event");
            }
            List<FieldTest> where = List.of();
            if (item.has("where")) {
                // read as the where of a did, so that filters mean and fail exactly as in a segment
                ObjectNode did = NODES.objectNode();
                did.put("did", event.textValue());
                did.set("where", item.get("where"));
                where = ((Condition.Did) SegmentJson.readCondition(did, itemPath)).where();
            }
            matches.add(new EventMatch(event.textValue(), where));
        }
        return matches;
    }

    /** {@code "name"} or {@code {"property": name}}, and when {@code traits} also {@code {"trait": name}}. */
    private static Optional<Breakdown> breakdown(JsonNode body, boolean traits) {
        JsonNode b = body.get("breakdown");
        if (b == null || b.isNull()) {
            return Optional.empty();
        }
        String shape = traits ? "a property name, {\"property\": NAME} or {\"trait\": NAME}"
                : "a property name or {\"property\": NAME}";
        if (b.isTextual() && !b.textValue().isEmpty()) {
            return Optional.of(new Breakdown.Property(b.textValue()));
        }
        if (b.isObject() && b.size() == 1) {
            JsonNode property = b.get("property");
            if (property != null && property.isTextual() && !property.textValue().isEmpty()) {
                return Optional.of(new Breakdown.Property(property.textValue()));
            }
            JsonNode trait = b.get("trait");
            if (traits && trait != null && trait.isTextual() && !trait.textValue().isEmpty()) {
                return Optional.of(new Breakdown.Trait(trait.textValue()));
            }
        }
        throw invalid("breakdown is " + shape, "$.breakdown");
    }

    private static Granularity granularity(JsonNode interval) {
        if (interval == null || interval.isNull() || interval.isTextual() && interval.textValue().equals("day")) {
            return Granularity.DAY;
        }
        if (interval.isTextual() && interval.textValue().equals("week")) {
            return Granularity.WEEK;
        }
        throw invalid("interval is day or week", "$.interval");
    }

    private static Optional<LocalDate> date(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            if (value.isTextual()) {
                return Optional.of(LocalDate.parse(value.textValue()));
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw invalid(key + " is an ISO date such as 2026-11-01", "$." + key);
    }

    /** A date (its first millisecond, or its last when {@code end}) or an instant. */
    private static Optional<Instant> time(JsonNode body, String key, boolean end) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            String text = value.textValue();
            try {
                LocalDate date = LocalDate.parse(text);
                return Optional.of((end ? date.atTime(LocalTime.of(23, 59, 59, 999_000_000)) : date.atStartOfDay())
                        .toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                try {
                    return Optional.of(Instant.parse(text));
                } catch (DateTimeParseException e2) {
                    // reported below
                }
            }
        }
        throw invalid(key + " is an ISO date (2026-11-01) or instant (2026-11-01T10:00:00Z)", "$." + key);
    }

    /** A breakdown value (its JSON text) as that JSON value; no value is null. */
    private static JsonNode value(Optional<String> json) {
        if (json.isEmpty()) {
            return NODES.nullNode();
        }
        try {
            return Json.MAPPER.readTree(json.get());
        } catch (IOException e) {
            throw new IllegalStateException("a breakdown value is not JSON: " + json.get(), e);
        }
    }

    private static JsonNode body(Context ctx, String what) throws IOException {
        byte[] bytes = Bodies.readLimited(ctx, MAX_BODY_BYTES);
        Json.parseObject(bytes, what + " is a JSON object"); // malformed: invalid_request
        return SegmentJson.readTree(bytes); // exact numbers for the filters, as in segments
    }

    private static void checkKeys(JsonNode object, Set<String> allowed, String what) {
        checkKeys(object, "$", allowed, what);
    }

    private static void checkKeys(JsonNode object, String path, Set<String> allowed, String what) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!allowed.contains(field.getKey())) {
                throw invalid("unknown key \"" + field.getKey() + "\" in " + what + ": expected "
                        + String.join(", ", new java.util.TreeSet<>(allowed)), keyPath(path, field.getKey()));
            }
        }
    }

    private static String keyPath(String base, String key) {
        return PLAIN_KEY.matcher(key).matches() ? base + "." + key
                : base + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static SegmentsException invalid(String message, String path) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
    }
}

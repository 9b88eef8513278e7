package io.segments.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.segments.catalog.QueryParameters;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.engine.ConnectionSource;
import io.segments.engine.SegmentEngine;
import io.segments.engine.analytics.Direction;
import io.segments.engine.analytics.Granularity;
import io.segments.engine.analytics.MembershipChanges;
import io.segments.engine.analytics.SegmentAnalytics;
import io.segments.engine.analytics.Trend;
import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.server.live.LiveApi;
import io.segments.store.Store;
import org.roaringbitmap.RoaringBitmap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A segment over time: {@code GET /api/segments/{id}/trend} (its count at the end of each day or week) and
 * {@code GET /api/segments/{id}/changes?from=T&to=T} (who entered and who left between two times), through
 * {@link SegmentAnalytics}. Both evaluate exactly as a count {@code asOf} each time does: a dynamic segment
 * over all events up to that time, a live one over the events from its creation, a static one as its list
 * (the same at every time, so its trend is flat and it has no changes). {@code /changes} without {@code from}
 * is a stream of changes as they happen: for a live segment the live engine's change records ({@link LiveApi}),
 * for the others the differences seen by looking every few seconds ({@link PolledChangeStreams}).
 */
public final class AnalyticsApi implements AutoCloseable {
    /** Days of a trend without {@code from}: the 30 days up to {@code to}. */
    static final int DEFAULT_DAYS = 30;
    /** Weeks of a trend without {@code from}: the 12 weeks up to {@code to}. */
    static final int DEFAULT_WEEKS = 12;
    /** User ids listed per direction of a change when {@code limit} is not given, and the most allowed. */
    static final int DEFAULT_CHANGE_IDS = 1000;
    static final int MAX_CHANGE_IDS = QueryParameters.MAX_LIMIT;

    private final SegmentCatalog catalog;
    private final SegmentQueries queries;
    private final SegmentAnalytics analytics;
    private final SegmentEngine engine;
    private final Clock clock;
    private final PolledChangeStreams streams;
    private final LiveApi liveApi;

    /**
     * @param liveApi        serves the change streams of live segments (their recorded entries and exits)
     * @param streamInterval how often an open change stream of another segment looks for changes
     */
    public AnalyticsApi(Store store, SegmentCatalog catalog, SegmentQueries queries, LiveApi liveApi, Clock clock,
                        Duration streamInterval) {
        requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.liveApi = requireNonNull(liveApi, "liveApi is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.analytics = new SegmentAnalytics(ConnectionSource.of(store));
        this.engine = new SegmentEngine(ConnectionSource.of(store));
        this.streams = new PolledChangeStreams(catalog, analytics, engine, clock, streamInterval);
    }

    public void register(Javalin app) {
        app.get("/api/segments/{id}/trend", this::trend);
        app.get("/api/segments/{id}/changes", this::changes);
    }

    private void trend(Context ctx) {
        Segment segment = catalog.get(ctx.pathParam("id"));
        Granularity granularity = granularity(ctx.queryParam("interval"));
        Instant now = now();
        LocalDate to = QueryParameters.date(ctx.queryParam("to"), "to").orElse(LocalDate.ofInstant(now, ZoneOffset.UTC));
        LocalDate from = QueryParameters.date(ctx.queryParam("from"), "from").orElse(granularity == Granularity.DAY
                ? to.minusDays(DEFAULT_DAYS - 1L) : granularity.start(to).minusWeeks(DEFAULT_WEEKS - 1L));
        Trend trend = segment.type() == SegmentType.STATIC
                ? staticTrend(segment, granularity, from, to, now)
                : ServerTiming.time(ctx, "query", () -> analytics.trend(filter(segment), catalog.lookup(),
                        visibleFrom(segment), granularity, from, to, now));
        List<Map<String, Object>> points = new ArrayList<>(trend.points().size());
        for (Trend.Point point : trend.points()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", point.start().toString());
            p.put("at", point.at().toString());
            p.put("count", point.count());
            points.add(p);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("interval", granularity.json());
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("points", points);
        body.put("direction", trend.direction().json());
        ctx.json(body);
    }

    /** A static segment's members do not depend on time: every point is its count now. */
    private Trend staticTrend(Segment segment, Granularity granularity, LocalDate from, LocalDate to, Instant now) {
        if (from.isAfter(to)) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "from (" + from + ") is after to (" + to + ")", "$.from");
        }
        long count = queries.count(segment.id().orElseThrow(), Optional.of(now)).count();
        List<Trend.Point> points = new ArrayList<>();
        for (LocalDate start = granularity.start(from); !start.isAfter(to)
                && !granularity.startInstant(start).isAfter(now); start = granularity.next(start)) {
            if (points.size() == SegmentAnalytics.MAX_POINTS) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "a trend has at most "
                        + SegmentAnalytics.MAX_POINTS + " points: " + from + " to " + to + " by " + granularity.json()
                        + " is more", "$.to");
            }
            Instant end = granularity.endInstant(start);
            points.add(new Trend.Point(start, end.isAfter(now) ? now : end, count));
        }
        if (points.isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the range starts after now (" + now + "): there is no point to count at", "$.from");
        }
        return new Trend(granularity, points, Direction.CONSTANT);
    }

    private void changes(Context ctx) throws Exception {
        Segment segment = catalog.get(ctx.pathParam("id"));
        String fromText = ctx.queryParam("from");
        if (fromText == null) {
            if (segment.type() == SegmentType.LIVE && ctx.queryParam("to") == null) {
                // the live engine's records, exact times: a stream resumable with Last-Event-ID, or JSON pages
                liveApi.changes(ctx);
                return;
            }
            if (ctx.queryParam("to") != null || ctx.queryParam("limit") != null) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter from: the changes"
                        + " between two times need from (and to, now when absent); without from the answer is"
                        + " a stream of changes from now on");
            }
            streams.stream(ctx, segment);
            return;
        }
        // instants after now are now: the answer's from and to are the instants evaluated at
        Instant from = queries.evaluationInstant(Optional.of(QueryParameters.asOf(fromText, "from")));
        Instant to = queries.evaluationInstant(Optional.ofNullable(ctx.queryParam("to"))
                .map(t -> QueryParameters.asOf(t, "to")));
        int limit = changeLimit(ctx.queryParam("limit"));
        MembershipChanges changes;
        if (segment.type() == SegmentType.STATIC) {
            if (from.isAfter(to)) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                        "from (" + from + ") is after to (" + to + ")", "$.from");
            }
            changes = new MembershipChanges(from, to, new RoaringBitmap(), new RoaringBitmap());
        } else {
            changes = analytics.changes(filter(segment), catalog.lookup(), visibleFrom(segment), from, to);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", changes.from().toString());
        body.put("to", changes.to().toString());
        body.put("enteredCount", changes.entered().getLongCardinality());
        body.put("exitedCount", changes.left().getLongCardinality());
        body.put("entered", engine.userIds(changes.entered(), Optional.empty(), limit));
        body.put("exited", engine.userIds(changes.left(), Optional.empty(), limit));
        ctx.json(body);
    }

    /** Ends the open change streams. */
    @Override
    public void close() {
        streams.close();
    }

    private static Granularity granularity(String value) {
        if (value == null || value.equals("day")) {
            return Granularity.DAY;
        }
        if (value.equals("week")) {
            return Granularity.WEEK;
        }
        throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                "parameter interval: \"" + abbreviate(value) + "\" is not day or week");
    }

    private static int changeLimit(String value) {
        if (value == null) {
            return DEFAULT_CHANGE_IDS;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 0 && limit <= MAX_CHANGE_IDS) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter limit: \"" + abbreviate(value)
                + "\" is not a whole number from 0 to " + MAX_CHANGE_IDS);
    }

    private static Condition filter(Segment segment) {
        return segment.filter().orElseThrow(() -> new IllegalStateException("stored " + segment.type().json()
                + " segment " + segment.id().orElseThrow() + " has no filter"));
    }

    private static Optional<Instant> visibleFrom(Segment segment) {
        return segment.type() == SegmentType.LIVE ? segment.createdAt() : Optional.empty();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}

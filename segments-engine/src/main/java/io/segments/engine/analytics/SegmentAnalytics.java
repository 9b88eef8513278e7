package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.internal.JsonField;
import io.segments.engine.internal.Lowering;
import io.segments.engine.internal.PointGrid;
import io.segments.engine.internal.PointLowering;
import io.segments.engine.internal.PointPlan;
import io.segments.engine.internal.PointsPrinter;
import io.segments.engine.internal.ReportPrinter;
import io.segments.engine.internal.RowPredicate;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.engine.sql.DuckDbDialect;
import io.segments.model.Condition;
import io.segments.model.SegmentValidator;
import io.segments.model.SegmentsException;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.eval.Values;
import org.roaringbitmap.RoaringBitmap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Segment analytics over the embedded store: a segment's size over time ({@link #trend}), who
 * joined and left it between two instants ({@link #changes}), funnels ({@link #funnel}) and
 * event counts over time ({@link #events}).
 *
 * <p>Trends and changes are exact: every point is what {@code SegmentEngine.count} answers at
 * that instant (events after it ignored, windows relative to it, traits as they are now). They
 * are computed in one query for all points, not one evaluation per point: the run of points at
 * which each event counts is found by arithmetic, and each user's membership at every point is
 * a bit mask (see {@link io.segments.engine.internal.PointsPrinter}).
 *
 * <p>Invalid requests fail with {@link SegmentsException}: {@code invalid_segment} for a filter
 * (path below {@code $.filter}), {@code invalid_request} for the other parameters (path of the
 * parameter, e.g. {@code $.from}). A database failure is an {@link IllegalStateException}.
 */
public final class SegmentAnalytics {
    /** The most points a trend, and intervals an event report, may have (1000 days: some 2.7 years). */
    public static final int MAX_POINTS = 1000;
    /** The most steps a funnel, and events an event report, may have. */
    public static final int MAX_STEPS = 20;
    private static final String FILTER_PATH = "$.filter";

    private final ConnectionSource connections;
    private final Dialect dialect;

    /** Analytics over a DuckDB store. */
    public SegmentAnalytics(ConnectionSource connections) {
        this.connections = requireNonNull(connections, "connections is null");
        this.dialect = DuckDbDialect.INSTANCE;
    }

    // ---- trend

    /**
     * The count of {@code filter} as of the end of every {@code granularity} interval from the one
     * containing {@code from} to the one containing {@code to} (UTC dates; weeks start on
     * Monday). An interval's point is its last millisecond, or {@code now} for the interval that
     * contains {@code now}; intervals that start after {@code now} are left out. With
     * {@code visibleFrom} (a live segment's creation time) events before it are not seen.
     */
    public Trend trend(Condition filter, SegmentLookup segments, Optional<Instant> visibleFrom,
                       Granularity granularity, LocalDate from, LocalDate to, Instant now) {
        requireNonNull(granularity, "granularity is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(now, "now is null");
        if (from.isAfter(to)) {
            throw invalidRequest("from (" + from + ") is after to (" + to + ")", "$.from");
        }
        List<LocalDate> starts = new ArrayList<>();
        List<Instant> ats = new ArrayList<>();
        for (LocalDate start = granularity.start(from); !start.isAfter(to); start = granularity.next(start)) {
            if (granularity.startInstant(start).isAfter(now)) {
                break;
            }
            if (starts.size() == MAX_POINTS) {
                throw invalidRequest("a trend has at most " + MAX_POINTS + " points: " + from + " to " + to + " by "
                        + granularity.json() + " is more", "$.to");
            }
            Instant end = granularity.endInstant(start);
            starts.add(start);
            ats.add(end.isAfter(now) ? now : end);
        }
        if (starts.isEmpty()) {
            throw invalidRequest("the range starts after now (" + now + "): there is no point to count at", "$.from");
        }
        PointGrid grid = new PointGrid(ats.get(0).toEpochMilli(), granularity.millis(), ats.size(),
                ats.get(ats.size() - 1).toEpochMilli());
        PointPlan plan = share(filter, segments, visibleFrom);
        long[] counts = new long[grid.size()];
        int words = PointsPrinter.words(grid.size());
        run(PointsPrinter.counts(plan, grid, dialect), "computing a trend", rs -> {
            while (rs.next()) {
                long users = rs.getLong(words + 1);
                for (int w = 0; w < words; w++) {
                    long mask = rs.getLong(w + 1);
                    while (mask != 0) {
                        int bit = Long.numberOfTrailingZeros(mask);
                        counts[w * PointsPrinter.WORD_BITS + bit] += users;
                        mask &= mask - 1;
                    }
                }
            }
        });
        List<Trend.Point> points = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            points.add(new Trend.Point(starts.get(i), ats.get(i), counts[i]));
        }
        List<Long> series = points.stream().map(Trend.Point::count).toList();
        return new Trend(granularity, points, Direction.of(series));
    }

    // ---- changes

    /**
     * Who entered {@code filter}'s members and who left them from {@code from} to {@code to}
     * (both evaluated as {@code SegmentEngine.members} at that instant).
     */
    public MembershipChanges changes(Condition filter, SegmentLookup segments, Optional<Instant> visibleFrom,
                                     Instant from, Instant to) {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isAfter(to)) {
            throw invalidRequest("from (" + from + ") is after to (" + to + ")", "$.from");
        }
        PointPlan plan = share(filter, segments, visibleFrom);
        RoaringBitmap entered = new RoaringBitmap();
        RoaringBitmap left = new RoaringBitmap();
        if (from.equals(to)) {
            return new MembershipChanges(from, to, entered, left);
        }
        PointGrid grid = PointGrid.pair(from.toEpochMilli(), to.toEpochMilli());
        run(PointsPrinter.changes(plan, grid, dialect), "computing membership changes", rs -> {
            while (rs.next()) {
                int uid = rs.getInt(1);
                long mask = rs.getLong(2);
                if (mask == 2) {
                    entered.add(uid);
                } else if (mask == 1) {
                    left.add(uid);
                } else {
                    throw new IllegalStateException("a change with membership mask " + mask);
                }
            }
        });
        return new MembershipChanges(from, to, entered, left);
    }

    private PointPlan share(Condition filter, SegmentLookup segments, Optional<Instant> visibleFrom) {
        requireNonNull(filter, "filter is null");
        requireNonNull(segments, "segments is null");
        requireNonNull(visibleFrom, "visibleFrom is null");
        SegmentValidator.validate(filter, FILTER_PATH);
        return PointLowering.share(Lowering.lower(filter, segments, visibleFrom, FILTER_PATH));
    }

    // ---- funnel

    /**
     * A funnel report, Amplitude/Mixpanel style (the earliest chain):
     *
     * <ul>
     *   <li>a user enters with their <em>first</em> event passing step 1 whose time lies in
     *       {@code [from, to]} (later step-1 events do not enter them again);</li>
     *   <li>they reach step {@code j > 1} with the earliest event passing step {@code j} that is
     *       strictly later than the event that reached step {@code j - 1} and at most
     *       {@code window} after the entering event (conversions may fall after {@code to});</li>
     *   <li>so events done out of order do not count (a step-2 event before the step-1 event, or
     *       a step-3 event before the step-2 one), repeats change nothing (the earliest one
     *       counts), an event at the same millisecond as the previous step's does not follow it,
     *       and an event exactly {@code window} after entering is in time, one millisecond later
     *       is not. Taking the earliest event at each step is the best a user can do: any chain
     *       within the window can be replaced by the earliest one.</li>
     * </ul>
     *
     * Only live users count; with {@code members}, only those. A breakdown by a property takes
     * the value on the entering event (if several step-1 events share that first millisecond,
     * the smallest value's JSON text among them, no value only when none has one); by a trait,
     * the user's current value.
     */
    public FunnelReport funnel(FunnelQuery query) {
        requireNonNull(query, "query is null");
        List<RowPredicate> steps = matches(query.steps(), "$.steps", "a funnel");
        if (query.from().isAfter(query.to())) {
            throw invalidRequest("from (" + query.from() + ") is after to (" + query.to() + ")", "$.from");
        }
        Instant to = query.asOf().filter(asOf -> asOf.isBefore(query.to())).orElse(query.to());
        if (query.from().isAfter(to)) {
            throw invalidRequest("from (" + query.from() + ") is after now (" + to + "): nothing after now is known",
                    "$.from");
        }
        Optional<JsonField> breakdown = query.breakdown().map(b -> breakdownField(b, "$.breakdown"));
        int size = steps.size();
        long[][] totals = new long[1][];
        Map<Optional<String>, long[]> groups = new LinkedHashMap<>();
        CompiledQuery sql = ReportPrinter.funnel(steps, query.window().toMillis(), query.from().toEpochMilli(),
                to.toEpochMilli(), query.asOf().map(asOf -> OptionalLong.of(asOf.toEpochMilli()))
                        .orElse(OptionalLong.empty()), breakdown, query.members().map(RoaringBitmap::toArray), dialect);
        run(sql, "computing a funnel", rs -> {
            while (rs.next()) {
                // n1 .. nK, then m2 .. mK (-1: no median)
                long[] row = new long[2 * size];
                for (int j = 0; j < size; j++) {
                    row[j] = rs.getLong(3 + j);
                }
                for (int j = 1; j < size; j++) {
                    long median = rs.getLong(2 + size + j);
                    row[size + j] = rs.wasNull() ? -1 : median;
                }
                if (rs.getInt(1) == 1) {
                    totals[0] = row;
                } else {
                    groups.put(Optional.ofNullable(rs.getString(2)), row);
                }
            }
        });
        long[] total = totals[0] != null ? totals[0] : new long[2 * size];
        if (totals[0] == null) {
            Arrays.fill(total, size, 2 * size, -1);
        }
        List<FunnelReport.Group> grouped = new ArrayList<>();
        groups.forEach((value, row) -> grouped.add(new FunnelReport.Group(value, funnelSteps(query.steps(), row))));
        grouped.sort(Comparator.comparingLong((FunnelReport.Group g) -> -g.steps().get(0).users())
                .thenComparing(FunnelReport.Group::value, VALUES));
        return new FunnelReport(funnelSteps(query.steps(), total), grouped);
    }

    /** Values in code point order, no value last. */
    private static final Comparator<Optional<String>> VALUES = (a, b) -> {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        return Values.compareStrings(a.get(), b.get());
    };

    private static List<FunnelReport.Step> funnelSteps(List<EventMatch> steps, long[] row) {
        int size = steps.size();
        List<FunnelReport.Step> result = new ArrayList<>();
        for (int j = 0; j < size; j++) {
            long users = row[j];
            double fromPrevious = j == 0 ? (users > 0 ? 1.0 : 0.0) : share(users, row[j - 1]);
            double fromFirst = j == 0 ? (users > 0 ? 1.0 : 0.0) : share(users, row[0]);
            Optional<Duration> median = j == 0 || row[size + j] < 0 ? Optional.empty()
                    : Optional.of(Duration.ofMillis(row[size + j]));
            result.add(new FunnelReport.Step(steps.get(j), users, fromPrevious, fromFirst, median));
        }
        return result;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }

    // ---- events

    /**
     * An event report: per event, the events and distinct users per interval (a user counted in
     * several intervals is one user over the whole range), over the days {@code from} to {@code to}:
     * the intervals from the one containing {@code from} to the one containing {@code to}, the first
     * and last cut to the range (a week asked for from a Wednesday starts on that Wednesday), so
     * that no event outside the range is counted. With {@code asOf}, no event after it counts and
     * the days after it are left out. Only events of live users count;
     * with {@code members}, only those users' events. With a breakdown, the property's values
     * ranked by events over the whole range (ties: the smaller JSON text first, no value last)
     * are kept up to {@code top}, every other event goes to one "other" group.
     */
    public EventReport events(EventQuery query) {
        requireNonNull(query, "query is null");
        List<RowPredicate> series = matches(query.events(), "$.events", "an event report");
        if (query.from().isAfter(query.to())) {
            throw invalidRequest("from (" + query.from() + ") is after to (" + query.to() + ")", "$.from");
        }
        if (query.top() < 1 || query.top() > 1000) {
            throw invalidRequest("top must be between 1 and 1000, not " + query.top(), "$.top");
        }
        LocalDate lastDay = query.asOf().map(asOf -> LocalDate.ofInstant(asOf, ZoneOffset.UTC))
                .filter(day -> day.isBefore(query.to())).orElse(query.to());
        if (query.from().isAfter(lastDay)) {
            throw invalidRequest("from (" + query.from() + ") is after today (" + lastDay
                    + "): nothing after now is known", "$.from");
        }
        Granularity granularity = query.granularity();
        List<EventReport.Bucket> bucketList = new ArrayList<>();
        for (LocalDate start = granularity.start(query.from()); !start.isAfter(lastDay);
             start = granularity.next(start)) {
            if (bucketList.size() == MAX_POINTS) {
                throw invalidRequest("a report has at most " + MAX_POINTS + " intervals: " + query.from() + " to "
                        + query.to() + " by " + granularity.json() + " is more", "$.to");
            }
            LocalDate last = granularity.next(start).minusDays(1);
            bucketList.add(new EventReport.Bucket(start.isBefore(query.from()) ? query.from() : start,
                    last.isAfter(lastDay) ? lastDay : last));
        }
        Optional<JsonField> breakdown = query.breakdown()
                .map(name -> breakdownField(new Breakdown.Property(name), "$.breakdown"));
        int size = series.size();
        int buckets = bucketList.size();
        long[][][] counts = new long[size][buckets + 1][2]; // [series][bucket, last = whole range][events, users]
        List<Map<GroupKey, long[][]>> groups = new ArrayList<>();
        for (int s = 0; s < size; s++) {
            groups.add(new LinkedHashMap<>());
        }
        // intervals are counted from the first one's whole start; the range cuts the first and last
        long start = granularity.startInstant(granularity.start(query.from())).toEpochMilli();
        long from = granularity.startInstant(query.from()).toEpochMilli();
        long end = Math.min(Granularity.DAY.endInstant(lastDay).toEpochMilli(),
                query.asOf().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE));
        CompiledQuery sql = ReportPrinter.events(series, start, granularity.millis(), buckets, from, end, breakdown,
                query.top(), query.members().map(RoaringBitmap::toArray), dialect);
        run(sql, "computing an event report", rs -> {
            while (rs.next()) {
                int s = rs.getInt(1);
                int b = rs.getInt(2);
                boolean wholeRange = rs.getInt(5) == 1;
                int bucket = wholeRange ? buckets : b;
                long[] value = {rs.getLong(7), rs.getLong(8)};
                if (rs.getInt(6) == 1) {
                    counts[s][bucket] = value;
                } else {
                    GroupKey key = new GroupKey(Optional.ofNullable(rs.getString(3)), rs.getBoolean(4));
                    groups.get(s).computeIfAbsent(key, k -> new long[buckets + 1][2])[bucket] = value;
                }
            }
        });
        List<EventReport.Series> result = new ArrayList<>();
        for (int s = 0; s < size; s++) {
            List<EventReport.Group> grouped = new ArrayList<>();
            groups.get(s).forEach((key, values) -> grouped.add(new EventReport.Group(key.value(), key.other(),
                    counts(values[buckets]), intervals(values, buckets))));
            grouped.sort(Comparator.comparing(EventReport.Group::other)
                    .thenComparingLong(g -> -g.total().events())
                    .thenComparing(EventReport.Group::value, VALUES));
            result.add(new EventReport.Series(query.events().get(s), counts(counts[s][buckets]),
                    intervals(counts[s], buckets), grouped));
        }
        return new EventReport(granularity, bucketList, result);
    }

    private record GroupKey(Optional<String> value, boolean other) {
    }

    private static EventReport.Counts counts(long[] value) {
        return new EventReport.Counts(value[0], value[1]);
    }

    private static List<EventReport.Counts> intervals(long[][] values, int buckets) {
        List<EventReport.Counts> result = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            result.add(counts(values[b]));
        }
        return result;
    }

    // ---- request parts

    /** The events each match admits; {@code path} is where the list sits in the request. */
    private static List<RowPredicate> matches(List<EventMatch> matches, String path, String what) {
        if (matches.isEmpty()) {
            throw invalidRequest(what + " needs at least one event", path);
        }
        if (matches.size() > MAX_STEPS) {
            throw invalidRequest(what + " has at most " + MAX_STEPS + " events, not " + matches.size(), path);
        }
        List<RowPredicate> result = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            EventMatch match = matches.get(i);
            String at = path + "[" + i + "]";
            if (match.event().isEmpty()) {
                throw invalidRequest("an event name is not empty", at + ".event");
            }
            try {
                SegmentValidator.validate(new Condition.Did(match.event(), Optional.empty(), match.where(),
                        Optional.empty(), Optional.empty(), false), at);
                result.add(Lowering.eventMatch(match.event(), match.where(), at));
            } catch (SegmentsException e) {
                throw asRequestError(e);
            }
        }
        return result;
    }

    private static JsonField breakdownField(Breakdown breakdown, String path) {
        try {
            return breakdown instanceof Breakdown.Trait ? Lowering.userTrait(breakdown.name(), path + ".trait")
                    : Lowering.eventProperty(breakdown.name(), path + ".property");
        } catch (SegmentsException e) {
            throw asRequestError(e);
        }
    }

    /** A filter of a report request is part of the request: its errors are {@code invalid_request}. */
    private static SegmentsException asRequestError(SegmentsException e) {
        if (e.code() != SegmentsException.Code.INVALID_SEGMENT) {
            return e;
        }
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, e.getMessage(), e.path().orElse(null));
    }

    // ---- running queries

    static SegmentsException invalidRequest(String message, String path) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
    }

    interface Rows {
        void read(ResultSet rs) throws SQLException;
    }

    void run(CompiledQuery query, String what, Rows rows) {
        try (Connection connection = connections.open();
             PreparedStatement statement = connection.prepareStatement(query.sql())) {
            List<Object> parameters = query.parameters();
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                if (parameter instanceof int[] uids) {
                    statement.setArray(i + 1, connection.createArrayOf("INTEGER",
                            Arrays.stream(uids).boxed().toArray()));
                } else {
                    statement.setObject(i + 1, parameter);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                rows.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}

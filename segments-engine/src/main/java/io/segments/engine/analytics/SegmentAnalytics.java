package io.segments.engine.analytics;

import io.segments.engine.ConnectionSource;
import io.segments.engine.internal.Lowering;
import io.segments.engine.internal.PointGrid;
import io.segments.engine.internal.PointLowering;
import io.segments.engine.internal.PointPlan;
import io.segments.engine.internal.PointsPrinter;
import io.segments.engine.internal.QueryRun;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.engine.sql.DuckDbDialect;
import io.segments.model.Condition;
import io.segments.model.SegmentValidator;
import io.segments.model.SegmentsException;
import io.segments.model.eval.SegmentLookup;
import io.segments.store.TypedColumns;
import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
    private final Reports reports;

    /** Analytics over a DuckDB store. */
    public SegmentAnalytics(ConnectionSource connections) {
        this.connections = requireNonNull(connections, "connections is null");
        this.dialect = DuckDbDialect.INSTANCE;
        this.reports = new Reports(this, dialect);
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
        run(typed -> PointsPrinter.counts(plan, grid, dialect, typed), "computing a trend", rs -> {
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
        run(typed -> PointsPrinter.changes(plan, grid, dialect, typed), "computing membership changes", rs -> {
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

    // ---- reports

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
     * the user's current value. With {@code asOf}, no event after it counts, to enter or to convert.
     */
    public FunnelReport funnel(FunnelQuery query) {
        return reports.funnel(query);
    }

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
        return reports.events(query);
    }

    // ---- running queries

    static SegmentsException invalidRequest(String message, String path) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
    }

    void run(Function<TypedColumns, CompiledQuery> print, String what, QueryRun.Rows rows) {
        QueryRun.run(connections, dialect, print, what, rows);
    }
}

package io.segments.engine;

import io.segments.engine.internal.Lowering;
import io.segments.engine.internal.Plan;
import io.segments.engine.internal.QueryRun;
import io.segments.engine.internal.SqlPrinter;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.engine.sql.DuckDbDialect;
import io.segments.model.Condition;
import io.segments.model.SegmentValidator;
import io.segments.model.eval.SegmentLookup;
import io.segments.store.TypedColumns;
import org.roaringbitmap.RoaringBitmap;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Batch evaluation of segment definitions over the embedded store (the tables of
 * {@code io.segments.store.Schema}). A definition is lowered and printed to one SQL query whose
 * answer is the members' dense {@code uid}s, returned as a bitmap; counts, member id pages and
 * reachability are served from such bitmaps.
 *
 * <p>A definition that cannot be evaluated fails: an invalid one with {@code invalid_segment}
 * ({@link io.segments.model.SegmentsException}) naming the place, a database failure with an
 * {@link IllegalStateException}. It never answers an empty result instead.
 */
public final class SegmentEngine {
    /** Where a filter sits in the API's bodies (a segment or a preview request): errors name paths below it. */
    private static final String FILTER_PATH = "$.filter";

    private final ConnectionSource connections;
    private final Dialect dialect;

    /** An engine over a DuckDB store. */
    public SegmentEngine(ConnectionSource connections) {
        this(connections, DuckDbDialect.INSTANCE);
    }

    SegmentEngine(ConnectionSource connections, Dialect dialect) {
        this.connections = requireNonNull(connections, "connections is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /**
     * The members of {@code filter} at {@code now}: live users (not merged into another) for
     * whom it holds. Events after {@code now} are ignored; with {@code visibleFrom}, so are
     * events before it (a live segment's creation time). {@code segments} resolves
     * {@code inSegment}.
     */
    public RoaringBitmap members(Condition filter, Instant now, SegmentLookup segments,
                                 Optional<Instant> visibleFrom) {
        requireNonNull(now, "now is null");
        SegmentValidator.validate(filter, FILTER_PATH);
        Plan plan = Lowering.lower(filter, segments, visibleFrom, FILTER_PATH);
        // the uids come in no particular order: collected first, the bitmap is built in one pass (several
        // times faster than adding them one by one)
        int[][] uids = {new int[1024]};
        int[] size = {0};
        run(typed -> SqlPrinter.members(plan, now.toEpochMilli(), dialect, typed), "evaluating a segment", rs -> {
            while (rs.next()) {
                if (size[0] == uids[0].length) {
                    uids[0] = Arrays.copyOf(uids[0], uids[0].length * 2);
                }
                uids[0][size[0]++] = rs.getInt(1);
            }
        });
        return RoaringBitmap.bitmapOfUnordered(Arrays.copyOf(uids[0], size[0]));
    }

    /** The members of {@code filter} at {@code now}, every event up to {@code now} visible. */
    public RoaringBitmap members(Condition filter, Instant now, SegmentLookup segments) {
        return members(filter, now, segments, Optional.empty());
    }

    /** How many members {@code filter} has at {@code now}, counted in the database (no member is fetched). */
    public long count(Condition filter, Instant now, SegmentLookup segments, Optional<Instant> visibleFrom) {
        requireNonNull(now, "now is null");
        SegmentValidator.validate(filter, FILTER_PATH);
        Plan plan = Lowering.lower(filter, segments, visibleFrom, FILTER_PATH);
        long[] count = {0};
        run(typed -> SqlPrinter.count(plan, now.toEpochMilli(), dialect, typed), "counting a segment",
                rs -> {
                    if (!rs.next()) {
                        throw new IllegalStateException("the count query returned no row");
                    }
                    count[0] = rs.getLong(1);
                });
        return count[0];
    }

    /** The most definitions one {@link #counts} call takes. */
    public static final int MAX_BATCH = 1000;

    /**
     * The member count of each of {@code filters} at {@code now} (every event up to {@code now} visible), in
     * one query: conditions on the same events share one pass over them, so a batch of segments costs about
     * one evaluation rather than one each. An invalid definition fails with {@code invalid_segment} and the
     * path {@code $[i]...} of the i-th.
     */
    public long[] counts(List<Condition> filters, Instant now, SegmentLookup segments) {
        requireNonNull(filters, "filters is null");
        requireNonNull(now, "now is null");
        if (filters.size() > MAX_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BATCH + " definitions are counted at once, not "
                    + filters.size());
        }
        long[] counts = new long[filters.size()];
        if (filters.isEmpty()) {
            return counts;
        }
        for (int i = 0; i < filters.size(); i++) {
            SegmentValidator.validate(requireNonNull(filters.get(i), "a filter is null"), "$[" + i + "]");
        }
        Lowering.Batch batch = Lowering.lowerAll(filters, segments, Optional.empty(), "$");
        run(typed -> SqlPrinter.counts(batch.plan(), batch.filters(), now.toEpochMilli(), dialect, typed), "counting segments",
                rs -> {
                    if (!rs.next()) {
                        throw new IllegalStateException("the count query returned no row");
                    }
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = rs.getLong(i + 1);
                    }
                });
        return counts;
    }

    /**
     * The query {@link #members} runs, as text and parameters. An invalid definition fails with
     * {@code invalid_segment} and a path below {@code $.filter}.
     */
    public CompiledQuery compile(Condition filter, Instant now, SegmentLookup segments,
                                 Optional<Instant> visibleFrom) {
        TypedColumns typed;
        try (Connection connection = connections.open()) {
            typed = connections.typedColumns(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the typed columns failed: " + e.getMessage(), e);
        }
        return compile(filter, now, segments, visibleFrom, typed);
    }

    /** {@link #compile(Condition, Instant, SegmentLookup, Optional)} for a store whose slots are {@code typed}. */
    public CompiledQuery compile(Condition filter, Instant now, SegmentLookup segments, Optional<Instant> visibleFrom,
                                 TypedColumns typed) {
        requireNonNull(now, "now is null");
        requireNonNull(typed, "typed is null");
        SegmentValidator.validate(filter, FILTER_PATH);
        Plan plan = Lowering.lower(filter, segments, visibleFrom, FILTER_PATH);
        return SqlPrinter.members(plan, now.toEpochMilli(), dialect, typed);
    }

    /** How many of {@code members} are reachable on each channel. */
    public Reach reach(RoaringBitmap members) {
        requireNonNull(members, "members is null");
        long[] counts = new long[3];
        run(typed -> SqlPrinter.reachability(dialect), "computing reachability", rs -> {
            while (rs.next()) {
                if (members.contains(rs.getInt(1))) {
                    for (int c = 0; c < 3; c++) {
                        if (rs.getBoolean(2 + c)) {
                            counts[c]++;
                        }
                    }
                }
            }
        });
        return new Reach(members.getLongCardinality(), counts[0], counts[1], counts[2]);
    }

    /**
     * A page of the external ids of {@code members}, ascending (by Unicode code point), strictly
     * after {@code after} when given, at most {@code limit}.
     */
    public List<String> userIds(RoaringBitmap members, Optional<String> after, int limit) {
        requireNonNull(members, "members is null");
        requireNonNull(after, "after is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        List<String> page = new ArrayList<>();
        if (limit == 0 || members.isEmpty()) {
            return page;
        }
        run(typed -> SqlPrinter.usersInIdOrder(after, dialect), "listing members", rs -> {
            while (page.size() < limit && rs.next()) {
                if (members.contains(rs.getInt(1))) {
                    page.add(rs.getString(2));
                }
            }
        });
        return page;
    }

    private void run(Function<TypedColumns, CompiledQuery> print, String what, QueryRun.Rows rows) {
        QueryRun.run(connections, dialect, print, what, rows);
    }
}

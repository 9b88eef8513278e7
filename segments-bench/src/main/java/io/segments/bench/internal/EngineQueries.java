package io.segments.bench.internal;

import io.segments.engine.ConnectionSource;
import io.segments.engine.SegmentEngine;
import io.segments.engine.analytics.Granularity;
import io.segments.engine.analytics.SegmentAnalytics;
import io.segments.engine.analytics.Trend;
import io.segments.model.Condition;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;

import java.util.List;
import java.util.Optional;

/**
 * The engine through its Java API: a count workload is one {@link SegmentEngine#count}, or for several segments
 * (W1x20, W4's bands) one {@link SegmentEngine#counts} that evaluates them together; a trend workload one
 * {@link SegmentAnalytics#trend} (checked to have the benchmark's points).
 */
public final class EngineQueries {
    private final SegmentEngine engine;
    private final SegmentAnalytics analytics;

    public EngineQueries(ConnectionSource connections) {
        this.engine = new SegmentEngine(connections);
        this.analytics = new SegmentAnalytics(connections);
    }

    public SegmentEngine engine() {
        return engine;
    }

    /** The parsed filters of a workload's segments. */
    public static List<Condition> filters(Workload w) {
        return w.segments().stream().map(s -> SegmentJson.readCondition(s.filter(), "$.filter")).toList();
    }

    /** The workload's counts at {@code p}. */
    public long[] counts(Workload w, List<Condition> filters, Params p) {
        if (w.trend()) {
            Trend trend = analytics.trend(filters.get(0), SegmentLookup.none(), Optional.empty(), Granularity.DAY,
                    p.from(), p.to(), p.nowInstant());
            return trendCounts(w.key() + " (engine-java)", trend.points().stream()
                    .map(t -> new long[]{t.at().toEpochMilli(), t.count()}).toList(), p);
        }
        if (filters.size() > 1) {
            return engine.counts(filters, p.nowInstant(), SegmentLookup.none()); // a batch: one query
        }
        return new long[]{engine.count(filters.get(0), p.nowInstant(), SegmentLookup.none(), Optional.empty())};
    }

    /** A trend's counts from its (instant, count) points, failing when the instants are not the benchmark's. */
    static long[] trendCounts(String what, List<long[]> points, Params p) {
        long[] expected = p.points();
        if (points.size() != expected.length) {
            throw new IllegalStateException(what + ": the trend has " + points.size() + " points, expected "
                    + expected.length);
        }
        long[] counts = new long[expected.length];
        for (int i = 0; i < expected.length; i++) {
            if (points.get(i)[0] != expected[i]) {
                throw new IllegalStateException(what + ": trend point " + i + " is at " + points.get(i)[0]
                        + ", expected " + expected[i]);
            }
            counts[i] = points.get(i)[1];
        }
        return counts;
    }
}

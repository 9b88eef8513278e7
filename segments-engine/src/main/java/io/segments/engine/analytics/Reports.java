package io.segments.engine.analytics;

import io.segments.engine.internal.JsonField;
import io.segments.engine.internal.Lowering;
import io.segments.engine.internal.ReportPrinter;
import io.segments.engine.internal.RowPredicate;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.model.Condition;
import io.segments.model.SegmentValidator;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Values;
import io.segments.store.TypedColumns;
import org.roaringbitmap.RoaringBitmap;

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
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The funnel and event reports of {@link SegmentAnalytics} (which documents what they mean): requests read into
 * event filters, one query each, rows gathered into the report.
 */
final class Reports {
    private final SegmentAnalytics analytics;
    private final Dialect dialect;

    Reports(SegmentAnalytics analytics, Dialect dialect) {
        this.analytics = analytics;
        this.dialect = dialect;
    }

    // ---- funnel

    /** {@link SegmentAnalytics#funnel}. */
    FunnelReport funnel(FunnelQuery query) {
        requireNonNull(query, "query is null");
        List<RowPredicate> steps = matches(query.steps(), "$.steps", "a funnel");
        if (query.from().isAfter(query.to())) {
            throw SegmentAnalytics.invalidRequest("from (" + query.from() + ") is after to (" + query.to() + ")", "$.from");
        }
        Instant to = query.asOf().filter(asOf -> asOf.isBefore(query.to())).orElse(query.to());
        if (query.from().isAfter(to)) {
            throw SegmentAnalytics.invalidRequest("from (" + query.from() + ") is after now (" + to + "): nothing after now is known",
                    "$.from");
        }
        Optional<JsonField> breakdown = query.breakdown().map(b -> breakdownField(b, "$.breakdown"));
        int size = steps.size();
        long[][] totals = new long[1][];
        Map<Optional<String>, long[]> groups = new LinkedHashMap<>();
        Function<TypedColumns, CompiledQuery> sql = typed -> ReportPrinter.funnel(steps, query.window().toMillis(),
                query.from().toEpochMilli(), to.toEpochMilli(), query.asOf().map(asOf -> OptionalLong.of(asOf.toEpochMilli()))
                        .orElse(OptionalLong.empty()), breakdown, query.members().map(RoaringBitmap::toArray), dialect,
                typed);
        analytics.run(sql, "computing a funnel", rs -> {
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

    /** {@link SegmentAnalytics#events}. */
    EventReport events(EventQuery query) {
        requireNonNull(query, "query is null");
        List<RowPredicate> series = matches(query.events(), "$.events", "an event report");
        if (query.from().isAfter(query.to())) {
            throw SegmentAnalytics.invalidRequest("from (" + query.from() + ") is after to (" + query.to() + ")", "$.from");
        }
        if (query.top() < 1 || query.top() > 1000) {
            throw SegmentAnalytics.invalidRequest("top must be between 1 and 1000, not " + query.top(), "$.top");
        }
        LocalDate lastDay = query.asOf().map(asOf -> LocalDate.ofInstant(asOf, ZoneOffset.UTC))
                .filter(day -> day.isBefore(query.to())).orElse(query.to());
        if (query.from().isAfter(lastDay)) {
            throw SegmentAnalytics.invalidRequest("from (" + query.from() + ") is after today (" + lastDay
                    + "): nothing after now is known", "$.from");
        }
        Granularity granularity = query.granularity();
        List<EventReport.Bucket> bucketList = new ArrayList<>();
        for (LocalDate start = granularity.start(query.from()); !start.isAfter(lastDay);
             start = granularity.next(start)) {
            if (bucketList.size() == SegmentAnalytics.MAX_POINTS) {
                throw SegmentAnalytics.invalidRequest("a report has at most " + SegmentAnalytics.MAX_POINTS + " intervals: " + query.from() + " to "
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
        Function<TypedColumns, CompiledQuery> sql = typed -> ReportPrinter.events(series, start, granularity.millis(),
                buckets, from, end, breakdown, query.top(), query.members().map(RoaringBitmap::toArray), dialect, typed);
        analytics.run(sql, "computing an event report", rs -> {
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
            throw SegmentAnalytics.invalidRequest(what + " needs at least one event", path);
        }
        if (matches.size() > SegmentAnalytics.MAX_STEPS) {
            throw SegmentAnalytics.invalidRequest(what + " has at most " + SegmentAnalytics.MAX_STEPS + " events, not " + matches.size(), path);
        }
        List<RowPredicate> result = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            EventMatch match = matches.get(i);
            String at = path + "[" + i + "]";
            if (match.event().isEmpty()) {
                throw SegmentAnalytics.invalidRequest("an event name is not empty", at + ".event");
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
}

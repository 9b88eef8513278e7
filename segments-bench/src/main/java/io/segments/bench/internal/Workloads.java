package io.segments.bench.internal;

import io.segments.bench.internal.Workload.Counter;
import io.segments.bench.internal.Workload.Formulation;
import io.segments.bench.internal.Workload.Segment;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The query workloads W1-W4 and W7: each one's segment definitions and every SQL formulation of its baseline
 * that was tried, on the typed tables of {@link BaselineTables} ({@code events(uid, name, ts, amount, category)},
 * {@code users(uid, user_id, age, country, ...)}).
 *
 * <p>The SQL follows the segment language exactly: every window is closed ({@code BETWEEN now - w AND now}),
 * events after {@code now} are never seen, {@code did} needs at least one matching event, a sum is over the
 * numeric amounts only (a user whose amounts are all missing has no sum and is in no band), and a
 * {@code didNot ... within} step holds for a cart at {@code a} when no purchase lies in {@code (a, a + 10m]} and
 * {@code a + 10m <= now}. The SQL text holds only the benchmark's own constants (never user input).
 */
public final class Workloads {
    static final long MINUTE = 60_000L;
    static final long DAY = Params.DAY;

    /** W1: Charged at least 3 times in 30 days where amount > 500. */
    static final int W1_AMOUNT = 500;
    static final int W1_TIMES = 3;
    static final long W1_WINDOW = 30 * DAY;
    /** The batch of 20: every amount threshold with every count. */
    static final int[] BATCH_AMOUNTS = {100, 250, 500, 750, 1000};
    static final int[] BATCH_TIMES = {1, 2, 3, 5};
    /** W2: did not App Launched in 7 days, age 25-34, country US. */
    static final long W2_WINDOW = 7 * DAY;
    static final int AGE_FROM = 25;
    static final int AGE_TO = 34;
    static final String COUNTRY = "US";
    /** W3: added to cart in the last 30 days, then did not buy within 10 minutes. */
    static final long W3_WINDOW = 30 * DAY;
    static final long W3_WAIT = 10 * MINUTE;
    /** W4: spenders over 90 days: high above 2000, medium 500 to 2000, low below 500. */
    static final long W4_WINDOW = 90 * DAY;
    static final int W4_HIGH = 2000;
    static final int W4_LOW = 500;

    private static final Set<SqlDialect> DUCKDB_ONLY = Set.of(SqlDialect.DUCKDB);

    private Workloads() {
    }

    /** Every query workload, in report order: W1, W1x20, W2, W3, W4, W7-W1, W7-W2. */
    public static List<Workload> all() {
        return List.of(w1(), w1Batch(), w2(), w3(), w4(), w7Frequent(), w7Lapsed());
    }

    // ---- segment definitions

    static String frequentBuyer(int amount, int times) {
        return "{\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}, \"where\": [{\"property\": \"amount\", "
                + "\"op\": \"gt\", \"value\": " + amount + "}], \"count\": {\"op\": \"gte\", \"value\": " + times + "}}";
    }

    static final String LAPSED = "{\"and\": [{\"didNot\": \"App Launched\", \"when\": {\"last\": \"7d\"}}, "
            + "{\"attribute\": \"age\", \"op\": \"between\", \"value\": [" + AGE_FROM + ", " + AGE_TO + "]}, "
            + "{\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"" + COUNTRY + "\"}]}";

    static final String CART_NOT_BOUGHT = "{\"sequence\": [{\"did\": \"Added To Cart\"}, "
            + "{\"didNot\": \"Charged\", \"within\": \"10m\"}], \"when\": {\"last\": \"30d\"}, \"occurrence\": \"any\"}";

    static String spenders(String op, String value) {
        return "{\"did\": \"Charged\", \"when\": {\"last\": \"90d\"}, \"aggregate\": {\"fn\": \"sum\", "
                + "\"property\": \"amount\", \"op\": \"" + op + "\", \"value\": " + value + "}}";
    }

    private static Segment frequentSegment(int amount, int times) {
        return new Segment("Charged >= " + times + "x amount > " + amount + ", 30d", frequentBuyer(amount, times));
    }

    // ---- W1

    static Workload w1() {
        return new Workload("W1", "W1", "did Charged at least 3 times in 30 days where amount > 500",
                List.of(frequentSegment(W1_AMOUNT, W1_TIMES)), false, List.of(
                Formulation.both("group-by-having", (c, p) -> new long[]{frequentGroupBy(c, p.now(), W1_AMOUNT, W1_TIMES)}),
                Formulation.both("window-row-number", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(*) FROM (
                          SELECT row_number() OVER (PARTITION BY uid ORDER BY ts) AS n FROM events
                          WHERE name = 'Charged' AND ts BETWEEN %d AND %d AND amount > %d) q
                        WHERE n = %d""".formatted(p.now() - W1_WINDOW, p.now(), W1_AMOUNT, W1_TIMES))}),
                Formulation.both("correlated-count", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(*) FROM users u WHERE (
                          SELECT count(*) FROM events e WHERE e.uid = u.uid AND e.name = 'Charged'
                          AND e.ts BETWEEN %d AND %d AND e.amount > %d) >= %d"""
                        .formatted(p.now() - W1_WINDOW, p.now(), W1_AMOUNT, W1_TIMES))})));
    }

    static long frequentGroupBy(Connection c, long now, int amount, int times) throws SQLException {
        return Sql.value(c, """
                SELECT count(*) FROM (
                  SELECT uid FROM events WHERE name = 'Charged' AND ts BETWEEN %d AND %d AND amount > %d
                  GROUP BY uid HAVING count(*) >= %d) q""".formatted(now - W1_WINDOW, now, amount, times));
    }

    static Workload w1Batch() {
        List<Segment> segments = new ArrayList<>();
        for (int amount : BATCH_AMOUNTS) {
            for (int times : BATCH_TIMES) {
                segments.add(frequentSegment(amount, times));
            }
        }
        return new Workload("W1", "W1x20", "a batch of 20 W1-like segments: amount > 100/250/500/750/1000, "
                + "at least 1/2/3/5 times in 30 days", segments, false, List.of(
                Formulation.both("one-query-20-filters", (c, p) -> {
                    StringJoiner outer = new StringJoiner(", ");
                    StringJoiner inner = new StringJoiner(", ");
                    for (int amount : BATCH_AMOUNTS) {
                        inner.add("count(*) FILTER (WHERE amount > " + amount + ") AS n" + amount);
                        for (int times : BATCH_TIMES) {
                            outer.add("count(*) FILTER (WHERE n" + amount + " >= " + times + ")");
                        }
                    }
                    return Sql.row(c, "SELECT " + outer + " FROM (SELECT uid, " + inner + " FROM events "
                            + "WHERE name = 'Charged' AND ts BETWEEN " + (p.now() - W1_WINDOW) + " AND " + p.now()
                            + " AND amount > " + BATCH_AMOUNTS[0] + " GROUP BY uid) q");
                }),
                Formulation.both("20-group-by-queries", (c, p) -> {
                    long[] counts = new long[BATCH_AMOUNTS.length * BATCH_TIMES.length];
                    int i = 0;
                    for (int amount : BATCH_AMOUNTS) {
                        for (int times : BATCH_TIMES) {
                            counts[i++] = frequentGroupBy(c, p.now(), amount, times);
                        }
                    }
                    return counts;
                })));
    }

    // ---- W2

    private static final String BAND = band("");

    /** The attribute conditions of W2 on the users table under {@code alias} (empty or {@code "u."}). */
    private static String band(String alias) {
        return alias + "age BETWEEN " + AGE_FROM + " AND " + AGE_TO + " AND " + alias + "country = '" + COUNTRY + "'";
    }

    static Workload w2() {
        return new Workload("W2", "W2", "did not App Launched in 7 days, age 25-34, country " + COUNTRY,
                List.of(new Segment("Not launched in 7 days, 25-34, " + COUNTRY, LAPSED)), false, List.of(
                Formulation.both("not-exists", (c, p) -> new long[]{lapsedNotExists(c, p.now())}),
                Formulation.both("left-join-is-null", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(*) FROM users u LEFT JOIN (
                          SELECT DISTINCT uid FROM events WHERE name = 'App Launched' AND ts BETWEEN %d AND %d) a
                          ON a.uid = u.uid
                        WHERE %s AND a.uid IS NULL""".formatted(p.now() - W2_WINDOW, p.now(), band("u.")))}),
                Formulation.both("except", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(*) FROM (
                          SELECT uid FROM users WHERE %s
                          EXCEPT
                          SELECT uid FROM events WHERE name = 'App Launched' AND ts BETWEEN %d AND %d) q"""
                        .formatted(BAND, p.now() - W2_WINDOW, p.now()))}),
                Formulation.both("not-in", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(*) FROM users WHERE %s AND uid NOT IN (
                          SELECT uid FROM events WHERE name = 'App Launched' AND ts BETWEEN %d AND %d)"""
                        .formatted(BAND, p.now() - W2_WINDOW, p.now()))})));
    }

    static long lapsedNotExists(Connection c, long now) throws SQLException {
        return Sql.value(c, """
                SELECT count(*) FROM users u WHERE %s AND NOT EXISTS (
                  SELECT 1 FROM events e WHERE e.uid = u.uid AND e.name = 'App Launched' AND e.ts BETWEEN %d AND %d)"""
                .formatted(band("u."), now - W2_WINDOW, now));
    }

    // ---- W3

    static Workload w3() {
        return new Workload("W3", "W3", "added to cart in 30 days, then did not buy within 10 minutes (sequence)",
                List.of(new Segment("Cart, no purchase in 10 minutes, 30d", CART_NOT_BOUGHT)), false, List.of(
                new Formulation("asof-join", DUCKDB_ONLY, p -> true, (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(DISTINCT a.uid) FROM
                          (SELECT uid, ts FROM events WHERE name = 'Added To Cart' AND ts BETWEEN %d AND %d) a
                          ASOF LEFT JOIN
                          (SELECT uid, ts FROM events WHERE name = 'Charged' AND ts > %d AND ts <= %d) c
                          ON a.uid = c.uid AND a.ts < c.ts
                        WHERE c.ts IS NULL OR c.ts > a.ts + %d"""
                        .formatted(p.now() - W3_WINDOW, p.now() - W3_WAIT, p.now() - W3_WINDOW, p.now(), W3_WAIT))}),
                // each purchase under the 10-minute bucket of its time and the one before: a cart's purchases
                // within 10 minutes are under its own bucket (a hash join on user and bucket)
                new Formulation("bucketed-anti-join", DUCKDB_ONLY, p -> true, (c, p) -> new long[]{Sql.value(c, """
                        WITH c AS (SELECT uid, ts, ts // %4$d AS b FROM events
                                   WHERE name = 'Charged' AND ts > %3$d AND ts <= %5$d),
                          c2 AS (SELECT uid, ts, b FROM c UNION ALL SELECT uid, ts, b - 1 FROM c),
                          a AS (SELECT uid, ts, ts // %4$d AS b FROM events
                                WHERE name = 'Added To Cart' AND ts BETWEEN %1$d AND %2$d)
                        SELECT count(DISTINCT uid) FROM a
                          ANTI JOIN c2 ON c2.uid = a.uid AND c2.b = a.b AND c2.ts > a.ts AND c2.ts <= a.ts + %4$d"""
                        .formatted(p.now() - W3_WINDOW, p.now() - W3_WAIT, p.now() - W3_WINDOW, W3_WAIT, p.now()))}),
                Formulation.both("not-exists", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(DISTINCT a.uid) FROM events a
                        WHERE a.name = 'Added To Cart' AND a.ts BETWEEN %d AND %d AND NOT EXISTS (
                          SELECT 1 FROM events c WHERE c.uid = a.uid AND c.name = 'Charged'
                          AND c.ts > a.ts AND c.ts <= a.ts + %d)"""
                        .formatted(p.now() - W3_WINDOW, p.now() - W3_WAIT, W3_WAIT))}),
                Formulation.both("left-join-is-null", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(DISTINCT a.uid) FROM events a
                        LEFT JOIN events c ON c.uid = a.uid AND c.name = 'Charged' AND c.ts > a.ts AND c.ts <= a.ts + %d
                        WHERE a.name = 'Added To Cart' AND a.ts BETWEEN %d AND %d AND c.uid IS NULL"""
                        .formatted(W3_WAIT, p.now() - W3_WINDOW, p.now() - W3_WAIT))}),
                Formulation.both("window-range-frame", (c, p) -> new long[]{Sql.value(c, """
                        SELECT count(DISTINCT uid) FROM (
                          SELECT uid, name, ts, count(*) FILTER (WHERE name = 'Charged') OVER (
                            PARTITION BY uid ORDER BY ts RANGE BETWEEN 1 FOLLOWING AND %d FOLLOWING) AS bought
                          FROM events WHERE name IN ('Added To Cart', 'Charged') AND ts BETWEEN %d AND %d) q
                        WHERE name = 'Added To Cart' AND ts <= %d AND bought = 0"""
                        .formatted(W3_WAIT, p.now() - W3_WINDOW, p.now(), p.now() - W3_WAIT))})));
    }

    // ---- W4

    static Workload w4() {
        String high = String.valueOf(W4_HIGH);
        String low = String.valueOf(W4_LOW);
        return new Workload("W4", "W4", "sum of Charged amount over 90 days in three bands: high > " + high
                + ", medium " + low + "-" + high + ", low < " + low,
                List.of(new Segment("High spenders, 90d", spenders("gt", high)),
                        new Segment("Medium spenders, 90d", spenders("between", "[" + low + ", " + high + "]")),
                        new Segment("Low spenders, 90d", spenders("lt", low))), false, List.of(
                Formulation.both("group-by-3-filters", (c, p) -> Sql.row(c, """
                        SELECT count(*) FILTER (WHERE s > %2$d), count(*) FILTER (WHERE s BETWEEN %3$d AND %2$d),
                               count(*) FILTER (WHERE s < %3$d)
                        FROM (SELECT uid, sum(amount) AS s FROM events
                              WHERE name = 'Charged' AND ts BETWEEN %1$d AND %4$d GROUP BY uid) q"""
                        .formatted(p.now() - W4_WINDOW, W4_HIGH, W4_LOW, p.now()))),
                Formulation.both("band-group-by", (c, p) -> {
                    Map<Long, Long> bands = Sql.pairs(c, """
                            SELECT band, count(*) FROM (
                              SELECT CASE WHEN s > %2$d THEN 0 WHEN s >= %3$d THEN 1 WHEN s < %3$d THEN 2 END AS band
                              FROM (SELECT uid, sum(amount) AS s FROM events
                                    WHERE name = 'Charged' AND ts BETWEEN %1$d AND %4$d GROUP BY uid) q) b
                            WHERE band IS NOT NULL GROUP BY band"""
                            .formatted(p.now() - W4_WINDOW, W4_HIGH, W4_LOW, p.now()));
                    return new long[]{bands.getOrDefault(0L, 0L), bands.getOrDefault(1L, 0L), bands.getOrDefault(2L, 0L)};
                }),
                Formulation.both("3-having-queries", (c, p) -> {
                    String query = "SELECT count(*) FROM (SELECT uid FROM events WHERE name = 'Charged' AND ts BETWEEN "
                            + (p.now() - W4_WINDOW) + " AND " + p.now() + " GROUP BY uid HAVING %s) q";
                    return new long[]{
                        Sql.value(c, query.formatted("sum(amount) > " + W4_HIGH)),
                        Sql.value(c, query.formatted("sum(amount) BETWEEN " + W4_LOW + " AND " + W4_HIGH)),
                        Sql.value(c, query.formatted("sum(amount) < " + W4_LOW))};
                })));
    }

    // ---- W7

    static Workload w7Frequent() {
        List<Formulation> formulations = new ArrayList<>();
        formulations.add(Formulation.both("points-range-join", (c, p) -> {
            long[] points = p.points();
            Map<Long, Long> byPoint = Sql.pairs(c, """
                    SELECT t, count(*) FROM (
                      SELECT pt.t, e.uid FROM (VALUES %s) AS pt(t)
                      JOIN events e ON e.ts BETWEEN pt.t - %d AND pt.t
                      WHERE e.name = 'Charged' AND e.amount > %d AND e.ts BETWEEN %d AND %d
                      GROUP BY pt.t, e.uid HAVING count(*) >= %d) q
                    GROUP BY t""".formatted(values(points), W1_WINDOW, W1_AMOUNT, points[0] - W1_WINDOW,
                    points[points.length - 1], W1_TIMES));
            return byPoints(points, byPoint);
        }));
        formulations.addAll(perDialect("event-day-ranges", Params::dailyGrid, dialect -> (c, p) -> {
            long[] points = p.points();
            Map<Long, Long> byDay = Sql.pairs(c, """
                    SELECT i, count(*) FROM (
                      SELECT i, uid FROM (
                        SELECT uid, %s AS i FROM events
                        WHERE name = 'Charged' AND amount > %d AND ts BETWEEN %d AND %d) x
                      GROUP BY i, uid HAVING count(*) >= %d) q
                    GROUP BY i""".formatted(dayRange(dialect, "ts", points, W1_WINDOW), W1_AMOUNT,
                    points[0] - W1_WINDOW, points[points.length - 1], W1_TIMES));
            return byIndex(points.length, byDay, 0, false);
        }));
        formulations.add(Formulation.both("90-counts", (c, p) -> {
            long[] points = p.points();
            long[] counts = new long[points.length];
            for (int i = 0; i < points.length; i++) {
                counts[i] = frequentGroupBy(c, points[i], W1_AMOUNT, W1_TIMES);
            }
            return counts;
        }));
        return new Workload("W7", "W7-W1", "90-day daily trend of W1", List.of(frequentSegment(W1_AMOUNT, W1_TIMES)),
                true, formulations);
    }

    static Workload w7Lapsed() {
        List<Formulation> formulations = new ArrayList<>();
        formulations.addAll(perDialect("event-day-ranges", Params::dailyGrid, dialect -> (c, p) -> {
            long[] points = p.points();
            long band = Sql.value(c, "SELECT count(*) FROM users WHERE " + BAND);
            Map<Long, Long> launched = Sql.pairs(c, """
                    SELECT i, count(DISTINCT uid) FROM (
                      SELECT e.uid, %s AS i FROM events e JOIN users u ON u.uid = e.uid
                      WHERE %s AND e.name = 'App Launched' AND e.ts BETWEEN %d AND %d) x
                    GROUP BY i""".formatted(dayRange(dialect, "e.ts", points, W2_WINDOW), band("u."),
                    points[0] - W2_WINDOW, points[points.length - 1]));
            return byIndex(points.length, launched, band, true);
        }));
        formulations.add(Formulation.both("points-not-exists", (c, p) -> {
            long[] points = p.points();
            Map<Long, Long> byPoint = Sql.pairs(c, """
                    SELECT pt.t, count(*) FROM (VALUES %s) AS pt(t), users u
                    WHERE %s AND NOT EXISTS (
                      SELECT 1 FROM events e WHERE e.uid = u.uid AND e.name = 'App Launched'
                      AND e.ts BETWEEN pt.t - %d AND pt.t)
                    GROUP BY pt.t""".formatted(values(points), band("u."), W2_WINDOW));
            return byPoints(points, byPoint);
        }));
        formulations.add(Formulation.both("90-counts", (c, p) -> {
            long[] points = p.points();
            long[] counts = new long[points.length];
            for (int i = 0; i < points.length; i++) {
                counts[i] = lapsedNotExists(c, points[i]);
            }
            return counts;
        }));
        return new Workload("W7", "W7-W2", "90-day daily trend of W2", List.of(new Segment(
                "Not launched in 7 days, 25-34, " + COUNTRY, LAPSED)), true, formulations);
    }

    /**
     * The indices of the trend points at which an event at {@code ts} lies in a {@code window} ending there:
     * points {@code base + i * DAY} with {@code ts <= point <= ts + window}, as a set-returning expression.
     */
    private static String dayRange(SqlDialect dialect, String ts, long[] points, long window) {
        long base = points[0];
        String lo = "CASE WHEN " + ts + " <= " + base + " THEN 0 ELSE "
                + dialect.div(ts + " - " + base + " + " + (DAY - 1), String.valueOf(DAY)) + " END";
        String hi = "least(" + (points.length - 1) + ", "
                + dialect.div(ts + " + " + window + " - " + base, String.valueOf(DAY)) + ")";
        return dialect.integers(lo, hi);
    }

    private static List<Formulation> perDialect(String name, Predicate<Params> applicable,
                                                Function<SqlDialect, Counter> counter) {
        List<Formulation> list = new ArrayList<>();
        for (SqlDialect dialect : SqlDialect.values()) {
            list.add(new Formulation(name, Set.of(dialect), applicable, counter.apply(dialect)));
        }
        return list;
    }

    private static String values(long[] points) {
        StringJoiner rows = new StringJoiner(", ");
        for (long t : points) {
            rows.add(String.format(Locale.ROOT, "(CAST(%d AS BIGINT))", t));
        }
        return rows.toString();
    }

    private static long[] byPoints(long[] points, Map<Long, Long> counts) {
        long[] out = new long[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = counts.getOrDefault(points[i], 0L);
        }
        return out;
    }

    /** Counts by point index; {@code complement}: {@code total} minus the count. */
    private static long[] byIndex(int n, Map<Long, Long> counts, long total, boolean complement) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long c = counts.getOrDefault((long) i, 0L);
            out[i] = complement ? total - c : c;
        }
        return out;
    }
}

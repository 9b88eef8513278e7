package io.segments.engine.internal;

import io.segments.engine.internal.RowSql.RowContext;
import io.segments.engine.sql.Dialect;
import io.segments.model.Occurrence;

import java.util.ArrayList;
import java.util.List;

/**
 * The common table expressions of a lowered sequence ({@link SequencePlan}) at an evaluation point: the events of
 * each step, then, from the last step backwards, the events of each step with a good successor, and last the users
 * with a good first-step event ({@code occurrence} any, or only the user's latest with last).
 *
 * <p>Whether an event {@code e} of step k has a good successor depends on its time only: is there a good event of
 * step k + 1 in {@code (e.ts, e.ts + within]} (or after {@code e.ts} without {@code within})? Without
 * {@code within}, the successors' latest time per user answers it. With it, the successors are cut into buckets of
 * {@code within} by time ({@code b = floor(ts / within)}): those in range lie in e's bucket or the next one, and
 * since a bucket is {@code within} long, one of e's bucket lies in range iff it is after e, one of the next bucket
 * iff it is at most {@code e.ts + within}. So each user's bucket keeps only its successors' earliest and latest
 * time, and each event is matched by a hash join on (user, bucket) against at most two rows: linear in the events,
 * whatever the number of successors per user and bucket (an as-of join sorts both sides by user and time, and was
 * 1.7 times slower on the benchmark's W3).
 */
final class SequenceSql {
    private static final String EVENTS = "events";
    /** Added to a time before dividing it into buckets, so that the dividend is never negative (times are far smaller). */
    private static final long ORIGIN = 1L << 62;

    private final SqlPrinter printer;
    private final Dialect dialect;

    SequenceSql(SqlPrinter printer, Dialect dialect) {
        this.printer = printer;
        this.dialect = dialect;
    }

    List<String> ctes(SequencePlan plan, String name) {
        List<String> ctes = new ArrayList<>();
        List<SequencePlan.Step> steps = plan.steps();
        int n = steps.size();
        RowContext raw = printer.eventsContext("x");
        String uid = dialect.quote("uid");
        String ts = dialect.quote("ts");
        String[] matches = new String[n];
        // a later step's event follows a first-step one: none at or before the first step's earliest time matters
        long first = SqlPrinter.span(steps.get(0).match()).from(printer.now("a sequence"));
        for (int k = 0; k < n; k++) {
            matches[k] = name + "_m" + (k + 1);
            String after = k == 0 || first == Long.MIN_VALUE ? ""
                    : " AND " + printer.timeBetween(printer.column("x", "ts"), first + 1, Long.MAX_VALUE);
            String select = "SELECT " + printer.column("x", "uid") + " AS " + uid + ", " + printer.column("x", "ts") + " AS "
                    + ts + " FROM " + dialect.quote(EVENTS) + " AS " + dialect.quote("x") + " WHERE "
                    + printer.row(steps.get(k).match(), raw) + after;
            if (k == 0 && n > 1 && plan.occurrence() == Occurrence.LAST) {
                // only the user's latest first-step event is considered
                select = "SELECT " + uid + ", max(" + ts + ") AS " + ts + " FROM (" + select + ") AS "
                        + dialect.quote("l") + " GROUP BY " + uid;
            }
            ctes.add(dialect.quote(matches[k]) + " AS (" + select + ")");
        }
        String next = matches[n - 1];
        for (int k = n - 2; k >= 0; k--) {
            String successors = name + "_n" + (k + 2);
            ctes.addAll(successors(steps.get(k + 1), next, successors));
            String good = name + "_g" + (k + 1);
            ctes.add(dialect.quote(good) + " AS (" + withSuccessor(steps.get(k + 1), matches[k], successors) + ")");
            next = good;
        }
        ctes.add(dialect.quote(name) + " AS (SELECT DISTINCT " + uid + " FROM " + dialect.quote(next) + ")");
        return ctes;
    }

    /**
     * What the events of the previous step are matched against ({@code name}): per user and bucket of
     * {@code within}, the successors' times {@code t} at the ends of the bucket (its latest under the bucket's
     * number, its earliest under the number before); per user, their latest time when the step has no
     * {@code within}.
     */
    private List<String> successors(SequencePlan.Step step, String relation, String name) {
        String uid = dialect.quote("uid");
        String ts = dialect.quote("ts");
        String b = dialect.quote("b");
        String t = dialect.quote("t");
        if (step.withinMillis().isEmpty()) {
            return List.of(dialect.quote(name) + " AS (SELECT " + uid + ", max(" + ts + ") AS " + t + " FROM "
                    + dialect.quote(relation) + " GROUP BY " + uid + ")");
        }
        String bounds = name + "_b";
        String lo = dialect.quote("lo");
        String hi = dialect.quote("hi");
        return List.of(dialect.quote(bounds) + " AS (SELECT " + uid + ", " + b + ", min(" + ts + ") AS " + lo + ", max("
                        + ts + ") AS " + hi + " FROM (SELECT " + uid + ", " + ts + ", " + bucket(ts, step) + " AS " + b
                        + " FROM " + dialect.quote(relation) + ") AS " + dialect.quote("r") + " GROUP BY " + uid + ", " + b + ")",
                dialect.quote(name) + " AS (SELECT " + uid + ", " + b + ", " + hi + " AS " + t + " FROM "
                        + dialect.quote(bounds) + " UNION ALL SELECT " + uid + ", " + b + " - 1 AS " + b + ", " + lo
                        + " AS " + t + " FROM " + dialect.quote(bounds) + ")");
    }

    /** The events of {@code relation} (uid, ts) with a successor in {@code successors} (without one, for didNot). */
    private String withSuccessor(SequencePlan.Step step, String relation, String successors) {
        String a = dialect.quote("a");
        String y = dialect.quote("y");
        String at = printer.column("a", "ts");
        String yt = printer.column("y", "t");
        String on = printer.column("y", "uid") + " = " + printer.column("a", "uid") + " AND " + yt + " > " + at;
        if (step.withinMillis().isPresent()) {
            on += " AND " + printer.column("y", "b") + " = " + bucket(at, step) + " AND " + yt + " <= " + at + " + "
                    + printer.bind(step.withinMillis().getAsLong());
        }
        String select = "SELECT " + printer.column("a", "uid") + " AS " + dialect.quote("uid") + ", " + at + " AS "
                + dialect.quote("ts") + " FROM " + dialect.quote(relation) + " AS " + a + " "
                + dialect.semiJoin(step.negated()) + " " + dialect.quote(successors) + " AS " + y + " ON " + on;
        if (step.negated()) {
            // the wait is over
            select += " WHERE " + at + " + " + printer.bind(step.withinMillis().orElseThrow()) + " <= "
                    + printer.bind(printer.now("a didNot step"));
        }
        return select;
    }

    private String bucket(String ts, SequencePlan.Step step) {
        return dialect.floorDivide(ts + " + " + printer.bind(ORIGIN), printer.bind(step.withinMillis().orElseThrow()));
    }
}

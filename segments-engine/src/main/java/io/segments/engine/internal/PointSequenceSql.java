package io.segments.engine.internal;

import io.segments.engine.sql.Dialect;
import io.segments.model.Occurrence;

import java.util.List;

/**
 * A sequence in the query of many points ({@link PointsPrinter}): for each of a user's first-step events, the run
 * of points at which a complete chain from it exists, from the time its chain can first be complete.
 */
final class PointSequenceSql {
    private static final String EVENTS = "events";

    private final SqlPrinter printer;
    private final Dialect dialect;
    private final PointGrid grid;
    private final PointIndex index;
    private final List<String> ctes;

    /** Adds the sequence's relations to {@code ctes}. */
    PointSequenceSql(SqlPrinter printer, Dialect dialect, PointGrid grid, PointIndex index, List<String> ctes) {
        this.printer = printer;
        this.dialect = dialect;
        this.grid = grid;
        this.index = index;
        this.ctes = ctes;
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private String col(String relation, String column) {
        return printer.column(relation, column);
    }

    /**
     * The query of {@code (uid, lo, hi)} of each first-step event of the sequence (its relations added to the
     * common table expressions, named after {@code name}): where it is in the first
     * step's range, its chain is complete, and (occurrence last) it is the latest in range.
     *
     * <p>Working backwards from the last step, {@code c} is the earliest time a chain from an
     * event can be complete: the event's own time for the last step; {@code ts + within} for
     * the event before a {@code didNot} step when no such event follows within that time (its
     * wait is over then); for an earlier step the least {@code c} of the next step's events in
     * its gap. A chain of visible events exists at {@code p} exactly when {@code c <= p}.
     */
    String select(SequencePlan sequence, String name) {
        List<SequencePlan.Step> steps = sequence.steps();
        int n = steps.size();
        PointLowering.TimeSplit head = PointLowering.split(steps.get(0).match());
        TimeRange range = head.range();
        long lowest = range.from(grid.first());
        String uid = q("uid");
        String ts = q("ts");
        String c = q("c");
        String tag = q("tag");
        RowSql.RowContext raw = printer.eventsContext("x");
        String[] matches = new String[n];
        for (int k = 0; k < n; k++) {
            PointLowering.TimeSplit split = k == 0 ? head : laterStep(steps.get(k));
            matches[k] = name + "_m" + (k + 1);
            // no event before the first point's range or after the last point takes part in a chain
            // that counts: a later step's event follows a first-step one, and a chain is complete by p
            long from = Math.max(split.range().fromFloor(), lowest);
            long to = Math.min(split.range().toCeiling(), grid.last());
            // events at the same instant give the same runs: no need to make them distinct
            ctes.add(q(matches[k]) + " AS (SELECT " + col("x", "uid") + " AS " + uid + ", " + col("x", "ts")
                    + " AS " + ts + " FROM " + q(EVENTS) + " AS " + q("x") + " WHERE " + printer.row(split.rest(), raw)
                    + " AND " + printer.timeBetween(col("x", "ts"), from, to) + ")");
        }
        String done;
        int k;
        if (n == 1) {
            done = "SELECT " + uid + ", " + ts + ", " + ts + " AS " + c + " FROM " + q(matches[0]);
            k = 0;
        } else if (steps.get(n - 1).negated()) {
            // in time order with the didNot step's events first at equal times, the next such event
            // after an event of the step before is the first strictly later one; with occurrence
            // last and two steps, the same pass gives each first-step event the next one (nx)
            String within = printer.bind(steps.get(n - 1).withinMillis().orElseThrow());
            String nxt = q("nxt");
            String window = " OVER (PARTITION BY " + uid + " ORDER BY " + ts + ", " + tag + " DESC)";
            boolean nx = n == 2 && sequence.occurrence() == Occurrence.LAST;
            done = "SELECT " + uid + ", " + ts + ", CASE WHEN " + nxt + " IS NULL OR " + nxt + " > " + ts + " + "
                    + within + " THEN " + ts + " + " + within + " END AS " + c + (nx ? ", " + q("nx") : "")
                    + " FROM (SELECT " + uid + ", " + ts + ", " + tag + ", "
                    + dialect.leadIgnoringNulls("CASE WHEN " + tag + " = 1 THEN " + ts + " END") + window + " AS " + nxt
                    + (nx ? ", " + dialect.leadIgnoringNulls("CASE WHEN " + tag + " = 0 THEN " + ts + " END") + window
                    + " AS " + q("nx") : "") + " FROM (SELECT " + uid + ", " + ts + ", 0 AS " + tag + " FROM "
                    + q(matches[n - 2]) + " UNION ALL SELECT " + uid + ", " + ts + ", 1 AS " + tag + " FROM "
                    + q(matches[n - 1]) + ") AS " + q("t") + ") AS " + q("w") + " WHERE " + tag + " = 0";
            k = n - 2;
        } else {
            done = "SELECT " + uid + ", " + ts + ", " + ts + " AS " + c + " FROM " + q(matches[n - 1]);
            k = n - 1;
        }
        String completed = name + "_c" + (k + 1);
        ctes.add(q(completed) + " AS (" + done + ")");
        for (k = k - 1; k >= 0; k--) {
            SequencePlan.Step following = steps.get(k + 1);
            String end = following.withinMillis().isPresent()
                    ? printer.bind(following.withinMillis().getAsLong()) + " FOLLOWING" : "UNBOUNDED FOLLOWING";
            String window = "min(CASE WHEN " + tag + " = 1 THEN " + c + " END) OVER (PARTITION BY " + uid
                    + " ORDER BY " + ts + " RANGE BETWEEN 1 FOLLOWING AND " + end + ")";
            String union = "SELECT " + uid + ", " + ts + ", NULL AS " + c + ", 0 AS " + tag + " FROM "
                    + q(matches[k]) + " UNION ALL SELECT " + uid + ", " + ts + ", " + c + ", 1 AS " + tag + " FROM "
                    + q(completed) + " WHERE " + c + " IS NOT NULL";
            String relation = name + "_c" + (k + 1);
            ctes.add(q(relation) + " AS (SELECT " + uid + ", " + ts + ", " + c + " FROM (SELECT " + uid + ", " + ts
                    + ", " + tag + ", " + window + " AS " + c + " FROM (" + union + ") AS " + q("t") + ") AS "
                    + q("w") + " WHERE " + tag + " = 0)");
            completed = relation;
        }
        // completed: every first-step event with the earliest completion of a chain from it (or null)
        String t = col("s", "ts");
        String lo = "greatest(" + index.firstPoint(t, range) + ", " + index.firstAtOrAfter(col("s", "c")) + ")";
        String hi = index.lastPoint(t, range);
        String from = q(completed);
        boolean nextKnown = n == 2 && steps.get(1).negated();
        if (sequence.occurrence() == Occurrence.LAST) {
            // the latest first-step event in range at p: the next one is not in range yet,
            // nx > p + toShift  <=>  p <= nx - toShift - 1
            String nx = col("s", "nx");
            String stillLatest = range.toShift().isPresent()
                    ? index.lastAtOrBefore("(" + nx + " - " + printer.bind(range.toShift().getAsLong()) + " - 1)") : "-1";
            hi = "least(" + hi + ", CASE WHEN " + nx + " IS NULL THEN " + index.size() + " - 1 ELSE " + stillLatest
                    + " END)";
            // events at the same instant have the same next one after all of them (the last of
            // them); the others get that instant, which makes their runs empty
            if (!nextKnown) {
                from = "(SELECT " + uid + ", " + ts + ", " + c + ", lead(" + ts + ") OVER (PARTITION BY " + uid
                        + " ORDER BY " + ts + ") AS " + q("nx") + " FROM " + q(completed) + ")";
            }
        }
        return "SELECT " + col("s", "uid") + " AS " + uid + ", " + lo + " AS " + q("lo") + ", " + hi + " AS "
                + q("hi") + " FROM " + from + " AS " + q("s") + " WHERE " + col("s", "c") + " IS NOT NULL";
    }

    /** A step after the first: its events are the visible ones from a fixed floor, up to the point. */
    private static PointLowering.TimeSplit laterStep(SequencePlan.Step step) {
        PointLowering.TimeSplit split = PointLowering.split(step.match());
        TimeRange range = split.range();
        if (range.fromShift().isPresent() || range.toShift().isEmpty() || range.toShift().getAsLong() != 0
                || range.toCeiling() != Long.MAX_VALUE) {
            throw new IllegalStateException("a later sequence step with a window of its own: " + range);
        }
        return split;
    }
}

package io.segments.engine.internal;

import io.segments.engine.internal.RowSql.RowContext;
import io.segments.engine.sql.Dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * The common table expressions of a lowered sequence ({@link SequencePlan}) at an evaluation point: the events of
 * each step, then, from the last step backwards, the events of each step with a good successor, and last the users
 * with a good first-step event ({@code occurrence} any or last).
 */
final class SequenceSql {
    private static final String EVENTS = "events";

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
        String[] matches = new String[n];
        // a later step's event follows a first-step one: none at or before the first step's earliest time matters
        long first = SqlPrinter.span(steps.get(0).match()).from(printer.now("a sequence"));
        boolean asof = dialect.asofJoin();
        for (int k = 0; k < n; k++) {
            matches[k] = name + "_m" + (k + 1);
            String after = k == 0 || first == Long.MIN_VALUE ? ""
                    : " AND " + printer.timeBetween(printer.column("x", "ts"), first + 1, Long.MAX_VALUE);
            ctes.add(dialect.quote(matches[k]) + " AS (SELECT " + (asof && n > 1 ? "" : "DISTINCT ")
                    + printer.column("x", "uid") + " AS " + dialect.quote("uid") + ", " + printer.column("x", "ts") + " AS "
                    + dialect.quote("ts") + " FROM " + dialect.quote(EVENTS) + " AS " + dialect.quote("x") + " WHERE "
                    + printer.row(steps.get(k).match(), raw) + after + ")");
        }
        String uid = dialect.quote("uid");
        String ts = dialect.quote("ts");
        String good = dialect.quote("good");
        if (n == 1) {
            ctes.add(dialect.quote(name) + " AS (SELECT DISTINCT " + uid + " FROM " + dialect.quote(matches[0]) + ")");
            return ctes;
        }
        // good timestamps of step k + 1, from the last step backwards
        String next = matches[n - 1];
        boolean negatedLast = steps.get(n - 1).negated();
        for (int k = n - 2; k >= 0; k--) {
            SequencePlan.Step following = steps.get(k + 1);
            String nxt = dialect.quote("nxt");
            String tag = dialect.quote("tag");
            String window = "min(CASE WHEN " + tag + " = 1 THEN " + ts + " END) OVER (PARTITION BY " + uid
                    + " ORDER BY " + ts + " RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)";
            String union = "SELECT " + uid + ", " + ts + ", 0 AS " + tag + " FROM " + dialect.quote(matches[k])
                    + " UNION ALL SELECT " + uid + ", " + ts + ", 1 AS " + tag + " FROM " + dialect.quote(next);
            String condition;
            if (k == n - 2 && negatedLast) {
                String within = printer.bind(following.withinMillis().orElseThrow());
                condition = "(" + ts + " + " + within + " <= " + printer.bind(printer.now("a didNot step")) + " AND (" + nxt
                        + " IS NULL OR " + nxt + " > " + ts + " + " + within + "))";
            } else if (following.withinMillis().isPresent()) {
                condition = "(" + nxt + " IS NOT NULL AND " + nxt + " <= " + ts + " + "
                        + printer.bind(following.withinMillis().getAsLong()) + ")";
            } else {
                condition = "(" + nxt + " IS NOT NULL)";
            }
            // each event of step k with the next event of step k + 1 strictly after it: an as-of join where the
            // dialect has one (a merge of the two sorted sets), else a window over their union
            String withNext = asof
                    ? "SELECT " + printer.column("a", "uid") + " AS " + uid + ", " + printer.column("a", "ts") + " AS " + ts + ", "
                    + printer.column("b", "ts") + " AS " + nxt + " FROM " + dialect.quote(matches[k]) + " AS "
                    + dialect.quote("a") + " ASOF LEFT JOIN " + dialect.quote(next) + " AS " + dialect.quote("b")
                    + " ON " + printer.column("a", "uid") + " = " + printer.column("b", "uid") + " AND " + printer.column("a", "ts") + " < "
                    + printer.column("b", "ts")
                    : "SELECT " + uid + ", " + ts + ", " + nxt + " FROM (SELECT " + uid + ", " + ts + ", " + tag + ", "
                    + window + " AS " + nxt + " FROM (" + union + ") AS " + dialect.quote("t") + ") AS "
                    + dialect.quote("v") + " WHERE " + tag + " = 0";
            String flagged = "SELECT " + uid + ", " + ts + ", " + condition + " AS " + good + " FROM (" + withNext
                    + ") AS " + dialect.quote("w");
            String relation = name + "_g" + (k + 1);
            if (k > 0) {
                ctes.add(dialect.quote(relation) + " AS (SELECT " + uid + ", " + ts + " FROM (" + flagged + ") AS "
                        + dialect.quote("f") + " WHERE " + good + ")");
            } else {
                ctes.add(dialect.quote(relation) + " AS (" + flagged + ")");
            }
            next = relation;
        }
        String having = plan.occurrence() == io.segments.model.Occurrence.LAST ? dialect.maxBy(good, ts)
                : dialect.boolOr(good);
        ctes.add(dialect.quote(name) + " AS (SELECT " + uid + " FROM " + dialect.quote(next) + " GROUP BY " + uid
                + " HAVING " + having + ")");
        return ctes;
    }
}

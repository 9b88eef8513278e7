package io.segments.store.internal;

import io.segments.store.Schema;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps {@value Schema#EVENT_SUMMARY} the summary of {@value Schema#EVENTS_SORTED}: one row per user and event name
 * with the first and last time and the count of the user's events of that name in the sorted table. Each change of
 * the sorted table changes the summary in the same transaction: a move folds in the moved rows, a merge folds the
 * absorbed user's rows into the user it joins. Rows are folded through the writer's temporary table
 * {@code stage_summary}: the rows that exist are updated, the others appended (sorted by name, so a reader of one
 * name reads few row groups).
 */
final class EventSummaryRows {
    /** The writer's staging table of rows to fold in. */
    static final String TABLES = "CREATE TEMP TABLE IF NOT EXISTS stage_summary (uid INTEGER, name VARCHAR,"
            + " first_ts BIGINT, last_ts BIGINT, n BIGINT);\n";

    private EventSummaryRows() {
    }

    /** Folds the summary of every row of {@value Schema#EVENTS_RECENT} in, before they move to the sorted table. */
    static void foldRecent(Statement s) throws SQLException {
        s.execute("INSERT INTO stage_summary " + Schema.summaryOf(Schema.EVENTS_RECENT));
        fold(s);
    }

    /**
     * Folds the summary rows of each absorbed user of {@code stage_merges} (src, dst) into its destination's and
     * deletes them, after the merge moved their events.
     */
    static void foldMerges(Statement s) throws SQLException {
        int absorbed = s.executeUpdate("INSERT INTO stage_summary SELECT m.dst, e.name, min(e.first_ts), max(e.last_ts),"
                + " sum(e.n) FROM " + Schema.EVENT_SUMMARY + " AS e JOIN stage_merges AS m ON e.uid = m.src"
                + " GROUP BY m.dst, e.name");
        if (absorbed == 0) {
            return; // the absorbed users have no sorted events (an anonymous visitor's are usually all recent)
        }
        s.execute("DELETE FROM " + Schema.EVENT_SUMMARY + " WHERE uid IN (SELECT src FROM stage_merges)");
        fold(s);
    }

    private static void fold(Statement s) throws SQLException {
        String summary = Schema.EVENT_SUMMARY;
        s.execute("UPDATE " + summary + " SET first_ts = least(" + summary + ".first_ts, t.first_ts), last_ts = greatest("
                + summary + ".last_ts, t.last_ts), n = " + summary + ".n + t.n FROM stage_summary AS t WHERE "
                + summary + ".uid = t.uid AND " + summary + ".name = t.name");
        s.execute("INSERT INTO " + summary + " SELECT t.uid, t.name, t.first_ts, t.last_ts, t.n FROM stage_summary AS t"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + summary + " AS e WHERE e.uid = t.uid AND e.name = t.name)"
                + " ORDER BY t.name, t.uid");
        s.execute("DELETE FROM stage_summary");
    }
}

package io.segments.store.internal;

import io.segments.store.Schema;
import org.duckdb.DuckDBConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps {@code events} clustered by event name: ingestion appends to {@value Schema#EVENTS_RECENT} in arrival
 * order; once it holds {@code sortRows} rows, {@link #sort()} moves them all, in one transaction, to the end of
 * {@value Schema#EVENTS_SORTED} ordered by (name, ts). Each move is a sorted run, so a scan for one event name
 * reads the row groups of that name in each run (DuckDB skips the others by their minimum and maximum name)
 * instead of the properties of every event in its time range. Small runs still cost a scan a partly read row group
 * of its name in every run (a run of a million events holds about 30 thousand of a frequent name), so once the sorted
 * table holds {@code compactRows} rows, {@link #compact()} merges its oldest {@code compactRows} rows into one
 * large run at the end of {@value Schema#EVENTS_COMPACTED}, sorted the same way. Readers see the rows in exactly
 * one of the tables at every moment: the view {@code events} is their union, and a move or a compaction is one
 * transaction (a move also folds the moved rows into {@value Schema#EVENT_SUMMARY}, {@link EventSummaryRows}; a
 * compaction leaves it as it is, since it covers both tables). Runs on the ingestion writer's connection and
 * thread only, so it never conflicts with a group commit.
 */
final class EventSorter {
    private final DuckDBConnection connection;
    private final int sortRows;
    private final long compactRows;
    private long recent;
    private long threshold;
    private long sorted;
    private long compactThreshold;

    EventSorter(DuckDBConnection connection, int sortRows, long compactRows) throws SQLException {
        this.connection = connection;
        this.sortRows = sortRows;
        this.compactRows = compactRows;
        this.recent = count(Schema.EVENTS_RECENT);
        this.threshold = sortRows;
        this.sorted = count(Schema.EVENTS_SORTED);
        this.compactThreshold = compactRows;
    }

    private long count(String table) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code rows} events were committed to the recent table. */
    void appended(int rows) {
        recent += rows;
    }

    /** Whether the recent table holds enough rows to move them. */
    boolean due() {
        return recent >= threshold;
    }

    /** After a failed move: try again once {@code sortRows} more rows have arrived. */
    void postpone() {
        threshold = recent + sortRows;
    }

    /** Moves every recent row into the sorted table, sorted; answers how many. */
    long sort() throws SQLException {
        long moved = Transactions.inOne(connection, s -> {
            EventSummaryRows.foldRecent(s);
            return moveSorted(s, Schema.EVENTS_RECENT, "", Schema.EVENTS_SORTED);
        });
        recent = 0;
        threshold = sortRows;
        sorted += moved;
        return moved;
    }

    /** Whether the sorted table holds enough rows to compact them. */
    boolean compactionDue() {
        return sorted >= compactThreshold;
    }

    /** After a failed compaction: try again once {@code compactRows} more rows are sorted. */
    void postponeCompaction() {
        compactThreshold = sorted + compactRows;
    }

    /**
     * Moves the oldest {@code compactRows} rows of the sorted table (by position: the earliest runs; fewer where
     * rows were deleted) into one run at the end of the compacted table, sorted by (name, ts); answers how many.
     */
    long compact() throws SQLException {
        long moved = Transactions.inOne(connection, s -> {
            String oldest = " WHERE rowid < (SELECT min(rowid) FROM " + Schema.EVENTS_SORTED + ") + " + compactRows;
            return moveSorted(s, Schema.EVENTS_SORTED, oldest, Schema.EVENTS_COMPACTED);
        });
        sorted = count(Schema.EVENTS_SORTED);
        compactThreshold = compactRows;
        return moved;
    }

    /**
     * Moves the rows of {@code from} that {@code where} (empty, or a {@code WHERE} clause) selects to the end of
     * {@code to}, sorted by (name, ts), in the transaction of {@code s}; answers how many.
     */
    private static long moveSorted(Statement s, String from, String where, String to) throws SQLException {
        long inserted = s.executeUpdate("INSERT INTO " + to + " BY NAME SELECT * FROM " + from + where
                + " ORDER BY name, ts");
        long deleted = s.executeUpdate("DELETE FROM " + from + where);
        if (deleted != inserted) {
            throw new IllegalStateException("moved " + inserted + " rows of " + from + " into " + to + " but deleted "
                    + deleted);
        }
        return inserted;
    }
}

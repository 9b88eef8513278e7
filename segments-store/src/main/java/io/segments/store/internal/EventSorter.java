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
 * instead of the properties of every event in its time range. Readers see the rows in exactly one of the two
 * tables at every moment: the view {@code events} is their union, and the move is one transaction, which also folds
 * the moved rows into {@value Schema#EVENT_SUMMARY} ({@link EventSummaryRows}). Runs on the
 * ingestion writer's connection and thread only, so it never conflicts with a group commit.
 */
final class EventSorter {
    private final DuckDBConnection connection;
    private final int sortRows;
    private long recent;
    private long threshold;

    EventSorter(DuckDBConnection connection, int sortRows) throws SQLException {
        this.connection = connection;
        this.sortRows = sortRows;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Schema.EVENTS_RECENT)) {
            rs.next();
            this.recent = rs.getLong(1);
        }
        this.threshold = sortRows;
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
            long inserted = s.executeUpdate("INSERT INTO " + Schema.EVENTS_SORTED + " BY NAME SELECT * FROM "
                    + Schema.EVENTS_RECENT + " ORDER BY name, ts");
            long deleted = s.executeUpdate("DELETE FROM " + Schema.EVENTS_RECENT);
            if (deleted != inserted) {
                throw new IllegalStateException("moved " + inserted + " recent events but deleted " + deleted);
            }
            return inserted;
        });
        recent = 0;
        threshold = sortRows;
        return moved;
    }
}

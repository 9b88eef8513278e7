package io.segments.store.internal;

import io.segments.store.StoreException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What the ingestion writer does between two group commits to keep the store in shape, on its thread and
 * connection: it moves the recent events into a sorted run once there are enough ({@link EventSorter#sort()}),
 * merges the oldest sorted runs into a compacted one once they hold enough rows ({@link EventSorter#compact()}),
 * runs the moves asked for ({@link #request()}), and, {@link IngestWriter#CHECKPOINT_DELAY_MILLIS} ms after each
 * move or compaction, writes DuckDB's log into the database file (a checkpoint). By then the counts that began
 * before the move, which still read the moved rows in their old table, have ended, so the checkpoint drops those
 * rows instead of compressing them; and since it empties the log about every million events, DuckDB's own
 * checkpoint (when the log reaches the store's threshold) no longer falls inside a group commit while events
 * arrive. A failed move or compaction leaves the rows where they were, readable as before, and is tried again
 * once as many rows more have arrived.
 */
final class Upkeep {
    private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);

    private final DuckDBConnection connection;
    private final EventSorter sorter;
    private final BooleanSupplier closing;
    private final ConcurrentLinkedQueue<CompletableFuture<Long>> requests = new ConcurrentLinkedQueue<>();
    private final AtomicLong eventsSorted = new AtomicLong();
    /** Whether a checkpoint is due, and from when (System.nanoTime()). */
    private boolean checkpointDue;
    private long checkpointAt;

    /** Upkeep by {@code sorter} on {@code connection}; no compaction starts once {@code closing} says so. */
    Upkeep(DuckDBConnection connection, EventSorter sorter, BooleanSupplier closing) {
        this.connection = connection;
        this.sorter = sorter;
        this.closing = closing;
    }

    /** {@code rows} events were committed to the recent table. */
    void appended(int rows) {
        sorter.appended(rows);
    }

    /** Events moved into sorted runs so far by this writer. */
    long eventsSorted() {
        return eventsSorted.get();
    }

    /** Asks for a move of every recent event (and the compaction it makes due); completes with the rows moved. */
    CompletableFuture<Long> request() {
        CompletableFuture<Long> request = new CompletableFuture<>();
        requests.add(request);
        return request;
    }

    /** After a group commit: the move and compaction that are due, the moves asked for, the checkpoint. */
    void afterGroup() {
        if (sorter.due()) {
            try {
                move();
            } catch (SQLException | RuntimeException e) {
                sorter.postpone();
                LOG.error("moving the recent events into the sorted table failed", e);
            }
        }
        compactIfDue();
        runRequests();
        checkpointIfDue();
    }

    /** While no batch waits: the moves asked for, a compaction due (at open, say), the checkpoint. */
    void idle() {
        runRequests();
        compactIfDue();
        checkpointIfDue();
    }

    /** Runs the moves asked for, each with the compaction it makes due. */
    void runRequests() {
        CompletableFuture<Long> request;
        while ((request = requests.poll()) != null) {
            try {
                long moved = move();
                compactIfDue();
                request.complete(moved);
            } catch (SQLException | RuntimeException e) {
                request.completeExceptionally(new StoreException("cannot sort the recent events: " + e.getMessage(), e));
            }
        }
    }

    /** Moves the recent events into a sorted run and sets the checkpoint after it; answers how many moved. */
    private long move() throws SQLException {
        long started = System.nanoTime();
        long moved = sorter.sort();
        eventsSorted.addAndGet(moved);
        long ended = System.nanoTime();
        LOG.info("moved {} recent events into sorted runs in {} ms", moved, (ended - started) / 1_000_000);
        checkpointAfter(ended);
        return moved;
    }

    /**
     * Merges the oldest sorted runs into a compacted run while the sorted table holds enough rows (one
     * transaction each; at open, a store with many small runs is caught up this way).
     */
    private void compactIfDue() {
        while (!closing.getAsBoolean() && sorter.compactionDue()) {
            long started = System.nanoTime();
            try {
                long moved = sorter.compact();
                long ended = System.nanoTime();
                LOG.info("compacted {} sorted events into one run in {} ms", moved, (ended - started) / 1_000_000);
                checkpointAfter(ended);
            } catch (SQLException | RuntimeException e) {
                sorter.postponeCompaction();
                LOG.error("compacting the sorted events failed", e);
            }
        }
    }

    private void checkpointAfter(long nanos) {
        checkpointDue = true;
        checkpointAt = nanos + IngestWriter.CHECKPOINT_DELAY_MILLIS * 1_000_000;
    }

    /**
     * Checkpoints when one is due and its time has come. A failure is logged and forgotten: the log is then
     * written into the database file by DuckDB itself when it reaches the store's threshold, as without moves.
     */
    private void checkpointIfDue() {
        if (!checkpointDue || System.nanoTime() - checkpointAt < 0) {
            return;
        }
        checkpointDue = false;
        long started = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT");
            LOG.info("wrote the log into the database file in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            LOG.warn("the checkpoint after moving recent events failed; DuckDB checkpoints by itself later: {}",
                    e.getMessage());
        }
    }
}

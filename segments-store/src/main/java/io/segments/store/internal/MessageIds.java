package io.segments.store.internal;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stored messageIds the ingestion writer remembers, to drop a message sent again: the last
 * {@code window} messages at least, by their 128-bit fingerprints ({@link Hashes#hash64}, {@link Hashes#check64}).
 *
 * <p>On disk each generation of the {@link FingerprintWindow} is a table of fingerprints ({@code h}, {@code h2}):
 * the current one is {@value #CURRENT}, which every group commit appends to, and the earlier ones
 * {@code message_ids_<n>}. A group that finds the current generation full starts the next one in the group's own
 * transaction, before it writes (the current table is renamed {@code message_ids_<n>}, an empty one created and the
 * table falling out of the window dropped), and the memory follows once it has committed: a crash or a failed group
 * leaves tables and memory as the last commit left them. In memory the window keeps the
 * first half of every fingerprint; the second half is read from the tables of the generations that matched, and
 * only when some first half matched (a message sent again, or about one new message in 10^10 at the default window).
 *
 * <p>At start the window is read back from the tables. A table kept from before generations (all the messageIds
 * ever stored in {@value #CURRENT}) or from a larger window is cut to its newest rows (rows of these tables are
 * only ever appended, so {@code rowid} is their order of arrival), so memory stays within the window.
 */
final class MessageIds {
    private static final Logger LOG = LoggerFactory.getLogger(MessageIds.class);
    static final String CURRENT = "message_ids";
    private static final String CREATE_CURRENT = "CREATE TABLE " + CURRENT + " (h BIGINT NOT NULL, h2 BIGINT NOT NULL)";

    private final DuckDBConnection connection;
    private final FingerprintWindow window;
    private boolean started; // the group under way started a generation

    /** A stored fingerprint: both halves. */
    record Fingerprint(long h, long h2) {
    }

    private MessageIds(DuckDBConnection connection, FingerprintWindow window) {
        this.connection = connection;
        this.window = window;
    }

    /**
     * Reads the window back from the tables behind {@code connection}, for groups of at most {@code maxGroup} messages
     * (a larger single batch is one larger group).
     */
    static MessageIds load(DuckDBConnection connection, long window, int maxGroup) throws SQLException {
        MessageIds ids = new MessageIds(connection, FingerprintWindow.of(window, maxGroup));
        ids.load();
        return ids;
    }

    private void load() throws SQLException {
        TreeMap<Long, String> tables = generations();
        long current = tables.isEmpty() ? 0 : tables.lastKey() + 1;
        if (count(CURRENT) >= window.generationSize()) {
            // the writer stopped before starting the next generation, or the table holds every id of a store
            // written before generations: it becomes the previous generation
            execute("BEGIN TRANSACTION");
            try {
                startGeneration(current);
                execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                execute("ROLLBACK");
                throw e;
            }
            tables = generations();
            current++;
        }
        // the earlier generations, newest first, within what memory holds besides a full current generation
        long room = window.maxEntries() / FingerprintWindow.GENERATIONS * (FingerprintWindow.GENERATIONS - 1);
        List<Long> kept = new ArrayList<>();
        for (long g : tables.descendingKeySet()) {
            String table = tables.get(g);
            long rows = count(table);
            if (g <= current - FingerprintWindow.GENERATIONS || room == 0) {
                execute("DROP TABLE " + table);
                continue;
            }
            if (rows > room) {
                execute("DELETE FROM " + table + " WHERE rowid <= (SELECT max(rowid) FROM " + table + ") - " + room);
                LOG.info("deduplication window: {} keeps its newest {} of {} fingerprints", table, room, rows);
                rows = room;
            }
            room -= rows;
            kept.add(0, g);
        }
        for (long g : kept) {
            window.advanceTo(g);
            read(table(g));
        }
        window.advanceTo(current);
        read(CURRENT);
    }

    /** The tables of the earlier generations by number. */
    private TreeMap<Long, String> generations() throws SQLException {
        TreeMap<Long, String> tables = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
                     + " AND NOT temporary AND regexp_full_match(table_name, 'message_ids_[0-9]+')")) {
            while (rs.next()) {
                String name = rs.getString(1);
                tables.put(Long.parseLong(name.substring(CURRENT.length() + 1)), name);
            }
        }
        return tables;
    }

    private void read(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT h FROM " + table)) {
            while (rs.next()) {
                if (!window.add(rs.getLong(1))) {
                    throw new IllegalStateException("the deduplication window cannot hold the fingerprints of " + table);
                }
            }
        }
    }

    /** The ages of the generations whose fingerprints start as {@code h} does (bit 0: the current), 0 when none. */
    int ages(long h) {
        return window.ages(h);
    }

    /**
     * The stored fingerprints among {@code hashes} (first halves), read from the tables of the generations of
     * {@code ages} (as {@link #ages} answers them). Uses the temporary table {@code stage_hashes}.
     */
    Set<Fingerprint> stored(List<Long> hashes, int ages) throws SQLException {
        try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_hashes")) {
            for (long h : hashes) {
                a.beginRow().append(h).endRow();
            }
            a.flush(); // close() does not report append errors, flush() does
        }
        StringBuilder sql = new StringBuilder();
        for (int age = 0; age < FingerprintWindow.GENERATIONS; age++) {
            if ((ages & (1 << age)) != 0) {
                sql.append(sql.length() == 0 ? "" : " UNION ALL ")
                        .append("SELECT h, h2 FROM ").append(age == 0 ? CURRENT : table(window.generation() - age))
                        .append(" WHERE h IN (SELECT h FROM stage_hashes)");
            }
        }
        Set<Fingerprint> stored = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                stored.add(new Fingerprint(rs.getLong(1), rs.getLong(2)));
            }
        }
        execute("DELETE FROM stage_hashes");
        return stored;
    }

    /**
     * Called in the transaction of every group before it writes, {@code storing} when it stores some message: when
     * the current generation is full, such a group starts the next one.
     */
    void beforeWrite(boolean storing) throws SQLException {
        started = storing && window.due();
        if (started) {
            startGeneration(window.generation());
        }
    }

    /** Called once the group's transaction has committed, with the first halves of its stored messages' fingerprints. */
    void committed(List<Long> hashes) {
        if (started) {
            window.advanceTo(window.generation() + 1);
            started = false;
        }
        for (long h : hashes) {
            if (!window.add(h)) {
                LOG.warn("the deduplication window is full: a group of {} messages is larger than the window", hashes.size());
                return;
            }
        }
    }

    /** Renames the current table as generation {@code current}, creates an empty one and drops the one forgotten. */
    private void startGeneration(long current) throws SQLException {
        execute("ALTER TABLE " + CURRENT + " RENAME TO " + table(current));
        execute(CREATE_CURRENT);
        long forgotten = current + 1 - FingerprintWindow.GENERATIONS;
        if (forgotten >= 0) {
            execute("DROP TABLE IF EXISTS " + table(forgotten));
        }
    }

    /** Fingerprints remembered in memory. */
    long size() {
        return window.size();
    }

    private static String table(long generation) {
        return CURRENT + "_" + generation;
    }

    private long count(String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}

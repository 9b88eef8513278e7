package io.segments.bench.internal;

import io.segments.store.EventDocuments;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * The baselines' typed copy of the engine's data: {@code users(uid, user_id, age, country, city, gender, os)}
 * (the current users, each trait a typed column) and {@code events(uid, name, ts, amount, category)} (every
 * event of those users, {@code amount} as {@code DECIMAL(18,2)}), built from the store's tables with
 * {@code ATTACH ... (READ_ONLY)} and {@code CREATE TABLE AS}, sorted by {@code (name, ts)} so that a scan of one
 * event in a time window reads only its part of the table.
 *
 * <p>A trait or property of another JSON type than the column's (a string amount, say) is {@code NULL}, which
 * is what the segment language makes of it (a missing or non-numeric amount is no number; no type coercion).
 * The copy refuses data it cannot hold exactly: a non-integer age, or an amount with more than two decimals.
 *
 * <p>PostgreSQL gets the same rows through {@code COPY}, in the same order, then indexes and
 * {@code VACUUM ANALYZE}.
 */
public final class BaselineTables {
    private static final String BUILD_MEMORY = "6GB";

    private BaselineTables() {
    }

    /** Builds the typed DuckDB copy at {@code target} (replaced) from the store database file {@code storeFile}. */
    public static void buildDuckDb(Path storeFile, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(target);
            Files.deleteIfExists(target.resolveSibling(target.getFileName() + ".wal"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target + ": " + e.getMessage(), e);
        }
        EventDocuments documents;
        try (Connection store = duckdb(storeFile, true)) {
            documents = EventDocuments.read(store);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the slots of " + storeFile + " failed: " + e.getMessage(), e);
        }
        // the event properties the copy types, from the document or from the slot that holds them
        String amount = documents.valueSql("e", "amount");
        String category = documents.valueSql("e", "category");
        try (Connection c = duckdb(target, false)) {
            // the sort of a large data set spills to disk rather than growing beside the JVM's heap
            Sql.execute(c, "SET memory_limit = '" + BUILD_MEMORY + "'",
                    "ATTACH '" + quote(storeFile.toAbsolutePath()) + "' AS store (READ_ONLY)");
            long[] inexact = Sql.row(c, """
                    SELECT
                      (SELECT count(*) FROM store.users WHERE merged_into IS NULL
                         AND json_type(traits, '$.age') = 'DOUBLE'),
                      (SELECT count(*) FROM store.events e WHERE name = 'Charged'
                         AND json_type(%1$s) IN ('UBIGINT', 'BIGINT', 'DOUBLE')
                         AND CAST(CAST(%1$s AS DECIMAL(18, 2)) AS DOUBLE) <> CAST(%1$s AS DOUBLE))"""
                    .formatted(amount));
            if (inexact[0] + inexact[1] > 0) {
                throw new IllegalStateException("the typed copy cannot hold this data exactly: " + inexact[0]
                        + " non-integer ages, " + inexact[1] + " amounts with more than two decimals");
            }
            Sql.execute(c, """
                    CREATE TABLE users AS
                    SELECT uid, user_id,
                      CASE WHEN json_type(traits, '$.age') IN ('UBIGINT', 'BIGINT')
                           THEN CAST(json_extract(traits, '$.age') AS INTEGER) END AS age,
                      CASE WHEN json_type(traits, '$.country') = 'VARCHAR'
                           THEN json_extract_string(traits, '$.country') END AS country,
                      CASE WHEN json_type(traits, '$.city') = 'VARCHAR'
                           THEN json_extract_string(traits, '$.city') END AS city,
                      CASE WHEN json_type(traits, '$.gender') = 'VARCHAR'
                           THEN json_extract_string(traits, '$.gender') END AS gender,
                      CASE WHEN json_type(traits, '$.os') = 'VARCHAR'
                           THEN json_extract_string(traits, '$.os') END AS os
                    FROM store.users WHERE merged_into IS NULL ORDER BY uid""", """
                    CREATE TABLE events AS
                    SELECT e.uid, e.name, e.ts,
                      CASE WHEN json_type(%1$s) IN ('UBIGINT', 'BIGINT', 'DOUBLE')
                           THEN CAST(%1$s AS DECIMAL(18, 2)) END AS amount,
                      CASE WHEN json_type(%2$s) = 'VARCHAR' THEN %2$s->>'$' END AS category
                    FROM store.events e
                    WHERE e.uid IN (SELECT uid FROM store.users WHERE merged_into IS NULL)
                    ORDER BY e.name, e.ts, e.uid""".formatted(amount, category), "DETACH store", "CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("building the DuckDB baseline " + target + " from " + storeFile + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** A connection to the typed DuckDB copy (read-only for queries). */
    public static Connection duckdb(Path file, boolean readOnly) throws SQLException {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        if (readOnly) {
            p.setProperty("duckdb.read_only", "true");
        }
        return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), p).unwrap(DuckDBConnection.class);
    }

    /**
     * Loads the typed copy of {@code duckdbFile} into PostgreSQL: tables created and filled with {@code COPY} in
     * one transaction (with {@code wal_level = minimal} the rows skip the write-ahead log), then the indexes
     * the workloads use and {@code VACUUM ANALYZE} (which also makes index-only scans possible).
     *
     * @param work a directory for the CSV files passed between the two databases (deleted afterwards)
     */
    public static void loadPostgres(Connection pg, Path duckdbFile, Path work, PrintStream log) {
        Path users = work.resolve("users.csv");
        Path events = work.resolve("events.csv");
        try {
            Files.createDirectories(work);
            long start = System.nanoTime();
            try (Connection c = duckdb(duckdbFile, true)) {
                Sql.execute(c, "COPY (SELECT uid, user_id, age, country, city, gender, os FROM users ORDER BY uid) TO '"
                        + quote(users.toAbsolutePath()) + "' (FORMAT csv, HEADER false)",
                        "COPY (SELECT uid, name, ts, amount, category FROM events) TO '" + quote(events.toAbsolutePath())
                                + "' (FORMAT csv, HEADER false)");
            }
            log.printf(Locale.ROOT, "  postgres: exported CSV from DuckDB in %.1f s%n", (System.nanoTime() - start) / 1e9);
            pg.setAutoCommit(true);
            // loading a large data set takes longer than the benchmark lets a query run
            Sql.execute(pg, "SET statement_timeout = 0", "DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS users");
            pg.setAutoCommit(false);
            Sql.execute(pg, """
                    CREATE TABLE users (uid integer NOT NULL, user_id text NOT NULL, age integer, country text,
                                        city text, gender text, os text)""", """
                    CREATE TABLE events (uid integer NOT NULL, name text NOT NULL, ts bigint NOT NULL,
                                         amount numeric(18, 2), category text)""");
            CopyManager copy = pg.unwrap(PGConnection.class).getCopyAPI();
            try (InputStream in = Files.newInputStream(users)) {
                copy.copyIn("COPY users FROM STDIN (FORMAT csv)", in, 1 << 16);
            }
            try (InputStream in = Files.newInputStream(events)) {
                copy.copyIn("COPY events FROM STDIN (FORMAT csv)", in, 1 << 16);
            }
            pg.commit();
            log.printf(Locale.ROOT, "  postgres: copied in %.1f s%n", (System.nanoTime() - start) / 1e9);
            pg.setAutoCommit(true);
            Sql.execute(pg, "SET maintenance_work_mem = '1GB'",
                    "ALTER TABLE users ADD PRIMARY KEY (uid)",
                    "CREATE INDEX users_country_age ON users (country, age)",
                    "CREATE INDEX events_name_ts ON events (name, ts) INCLUDE (uid, amount)",
                    "CREATE INDEX events_uid_name_ts ON events (uid, name, ts)",
                    "VACUUM ANALYZE users", "VACUUM ANALYZE events",
                    // written out now, not by the background writer while the workloads are timed
                    "CHECKPOINT");
            log.printf(Locale.ROOT, "  postgres: indexed and analyzed in %.1f s%n", (System.nanoTime() - start) / 1e9);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("loading PostgreSQL from " + duckdbFile + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(users);
                Files.deleteIfExists(events);
            } catch (IOException e) {
                log.println("  postgres: cannot delete " + work + ": " + e.getMessage());
            }
        }
    }

    /** Bytes PostgreSQL uses for the two tables, indexes included. */
    public static long postgresBytes(Connection pg) throws SQLException {
        return Sql.value(pg, "SELECT pg_total_relation_size('events') + pg_total_relation_size('users')");
    }

    private static String quote(Path path) {
        return path.toString().replace("'", "''");
    }
}

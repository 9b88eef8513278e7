package io.segments.engine;

import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * Where the engine gets its database connections. The engine opens one per call and closes it
 * when the call ends, so a source hands out connections of their own (for an embedded DuckDB
 * database: duplicates of one root connection, which stays open with its owner).
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection open() throws SQLException;

    /** Duplicates of {@code root}, an open DuckDB connection whose owner keeps it open. */
    static ConnectionSource duplicating(Connection root) {
        requireNonNull(root, "root is null");
        return () -> root.unwrap(DuckDBConnection.class).duplicate();
    }
}

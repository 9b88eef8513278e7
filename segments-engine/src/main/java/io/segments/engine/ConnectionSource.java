package io.segments.engine;

import io.segments.store.Store;
import io.segments.store.TypedColumns;
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

    /**
     * The typed slots the engine reads instead of the JSON documents (see {@link TypedColumns}), asked anew for
     * every query on {@code connection}, in the query's transaction once its snapshot is pinned: by default read
     * from the store's tables in that snapshot. They must name the slot of every value a slot holds in the rows the
     * snapshot sees, for an event's document leaves such values out ({@code io.segments.store.EventDocuments}).
     */
    default TypedColumns typedColumns(Connection connection) throws SQLException {
        return TypedColumns.read(connection);
    }

    /** Connections of {@code store}, and its typed slots. */
    static ConnectionSource of(Store store) {
        requireNonNull(store, "store is null");
        return new ConnectionSource() {
            @Override
            public Connection open() {
                return store.connect();
            }

            @Override
            public TypedColumns typedColumns(Connection connection) {
                return store.typedColumns(); // published before the commits that give slots out
            }
        };
    }

    /** Duplicates of {@code root}, an open DuckDB connection whose owner keeps it open. */
    static ConnectionSource duplicating(Connection root) {
        requireNonNull(root, "root is null");
        return () -> root.unwrap(DuckDBConnection.class).duplicate();
    }
}

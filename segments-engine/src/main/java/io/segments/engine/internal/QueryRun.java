package io.segments.engine.internal;

import io.segments.engine.ConnectionSource;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.store.TypedColumns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Runs a query on a connection of the source, as its dialect sends it ({@link Dialect#forExecution}). */
public final class QueryRun {
    private QueryRun() {
    }

    /** Reads a query's rows. */
    @FunctionalInterface
    public interface Rows {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs the query {@code print} makes for the typed columns of the store as its snapshot sees them, binding
     * what stays a parameter (an {@code int[]} as an SQL array of integers), and hands its rows to {@code rows};
     * a failure is an {@link IllegalStateException} saying {@code what} failed.
     *
     * <p>The query runs in a read transaction whose snapshot is taken (by a first read of the database) before
     * the typed columns are asked for: the store says a slot may hold numbers outside its decimal before it
     * commits the first one, so the columns read after the snapshot never deny a value it sees
     * ({@link TypedColumns#exactNumbersOnly}).
     */
    public static void run(ConnectionSource connections, Dialect dialect, Function<TypedColumns, CompiledQuery> print,
                           String what, Rows rows) {
        try (Connection connection = connections.open()) {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN TRANSACTION");
                s.execute("SELECT 1 FROM users LIMIT 0");
            }
            boolean done = false;
            try {
                CompiledQuery query = dialect.forExecution(print.apply(connections.typedColumns(connection)));
                try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
                    List<Object> parameters = query.parameters();
                    for (int i = 0; i < parameters.size(); i++) {
                        Object parameter = parameters.get(i);
                        if (parameter instanceof int[] uids) {
                            statement.setArray(i + 1, connection.createArrayOf("INTEGER",
                                    Arrays.stream(uids).boxed().toArray()));
                        } else {
                            statement.setObject(i + 1, parameter);
                        }
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        rows.read(rs);
                    }
                }
                done = true;
            } finally {
                try (Statement s = connection.createStatement()) {
                    s.execute(done ? "COMMIT" : "ROLLBACK");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}

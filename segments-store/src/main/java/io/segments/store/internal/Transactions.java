package io.segments.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One transaction around a piece of work on a connection of the store's own. */
public final class Transactions {
    private Transactions() {
    }

    /** Work done with a statement of the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Statement statement) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when anything fails. */
    public static <T> T inOne(Connection connection, Work<T> work) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN TRANSACTION");
            boolean committed = false;
            try {
                T result = work.run(s);
                s.execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    try {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the transaction is gone with the failure
                    }
                }
            }
        }
    }
}

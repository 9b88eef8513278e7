package io.segments.store.internal;

import io.segments.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies numbered schema steps per component and records the version reached in
 * {@code schema_version}; each step runs in its own transaction together with its version bump.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private Migrator() {
    }

    /** Brings {@code component} to version {@code steps.size()}; returns the version it was at. */
    public static int migrate(Connection connection, String component, List<String> steps) {
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS schema_version (
                            component VARCHAR PRIMARY KEY,
                            version INTEGER NOT NULL,
                            updated_at BIGINT NOT NULL
                        )""");
            }
            int from = version(connection, component);
            if (from > steps.size()) {
                throw new StoreException("the data was written by a newer version: schema of '" + component
                        + "' is at version " + from + ", this build knows " + steps.size() + " versions");
            }
            for (int v = from; v < steps.size(); v++) {
                try (Statement s = connection.createStatement()) {
                    s.execute("BEGIN TRANSACTION");
                    try {
                        s.execute(steps.get(v));
                        try (PreparedStatement p = connection.prepareStatement("""
                                INSERT INTO schema_version VALUES (?, ?, ?)
                                ON CONFLICT (component) DO UPDATE SET version = excluded.version,
                                    updated_at = excluded.updated_at""")) {
                            p.setString(1, component);
                            p.setInt(2, v + 1);
                            p.setLong(3, System.currentTimeMillis());
                            p.executeUpdate();
                        }
                        s.execute("COMMIT");
                    } catch (SQLException | RuntimeException e) {
                        try (Statement r = connection.createStatement()) {
                            r.execute("ROLLBACK");
                        } catch (SQLException ignored) {
                            // the transaction is gone with the failure
                        }
                        throw new StoreException("schema migration of '" + component + "' to version " + (v + 1)
                                + " failed: " + e.getMessage(), e);
                    }
                }
                LOG.info("schema of '{}' migrated to version {}", component, v + 1);
            }
            return from;
        } catch (SQLException e) {
            throw new StoreException("cannot read the schema version of '" + component + "': " + e.getMessage(), e);
        }
    }

    /** The version {@code component} is at, 0 when it has none. */
    public static int version(Connection connection, String component) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT version FROM schema_version WHERE component = ?")) {
            p.setString(1, component);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}

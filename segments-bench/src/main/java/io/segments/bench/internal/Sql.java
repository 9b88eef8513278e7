package io.segments.bench.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Small JDBC helpers for the baselines' queries, whose SQL holds only the benchmark's own numbers. */
public final class Sql {
    private Sql() {
    }

    /** The first row of {@code sql} as longs (a null is 0). */
    public static long[] row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            int n = rs.getMetaData().getColumnCount();
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = rs.getLong(i + 1);
            }
            return values;
        }
    }

    /** The one value of {@code sql}. */
    public static long value(Connection c, String sql) throws SQLException {
        return row(c, sql)[0];
    }

    /** Rows of (key, value) longs as a map. */
    public static Map<Long, Long> pairs(Connection c, String sql) throws SQLException {
        Map<Long, Long> pairs = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                pairs.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return pairs;
    }

    /** Runs statements that answer nothing. */
    public static void execute(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}

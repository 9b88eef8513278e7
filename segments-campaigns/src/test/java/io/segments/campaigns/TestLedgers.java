package io.segments.campaigns;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** DuckDB files for ledger tests. */
final class TestLedgers {
    private TestLedgers() {
    }

    /** Opens (creating if needed) the DuckDB file {@code ledger.duckdb} in {@code dir} with the campaign tables. */
    static Connection open(Path dir) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("ledger.duckdb"));
        JdbcDeliveryLedger.createTables(c);
        return c;
    }
}

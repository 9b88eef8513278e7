package io.segments.store.internal;

import io.segments.store.Schema;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Writes what identity resolution ({@link IdentityResolver}) changed in a group's {@link Directory}, in the group's
 * transaction ({@link GroupCommit}): merges (the absorbed user's events, identities and push tokens follow it) and
 * the identities added or moved. A merge folds the absorbed user's summary rows into its destination's
 * ({@link EventSummaryRows}).
 */
final class IdentityRows {
    private IdentityRows() {
    }

    static void write(DuckDBConnection connection, Directory directory) throws SQLException {
        List<int[]> merges = directory.merges();
        // merges: events, identities, push tokens and earlier merged rows follow the absorbed user
        if (!merges.isEmpty()) {
            try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_merges")) {
                for (int[] m : merges) {
                    a.beginRow().append(m[0]).append(directory.find(m[1])).endRow();
                }
                a.flush();
            }
            execute(connection, "UPDATE users SET merged_into = m.dst FROM stage_merges m"
                    + " WHERE users.merged_into = m.src");
            for (String table : Schema.EVENT_TABLES) {
                execute(connection, "UPDATE " + table + " SET uid = m.dst FROM stage_merges m WHERE " + table
                        + ".uid = m.src");
            }
            try (Statement s = connection.createStatement()) {
                EventSummaryRows.foldMerges(s);
            }
            execute(connection, "UPDATE identities SET uid = m.dst FROM stage_merges m WHERE identities.uid = m.src");
            execute(connection, """
                    INSERT INTO push_tokens
                    SELECT DISTINCT m.dst, p.token FROM push_tokens p JOIN stage_merges m ON p.uid = m.src
                    WHERE NOT EXISTS (SELECT 1 FROM push_tokens q WHERE q.uid = m.dst AND q.token = p.token)""");
            execute(connection, "DELETE FROM push_tokens WHERE uid IN (SELECT src FROM stage_merges)");
            execute(connection, "DELETE FROM stage_merges");
        }

        // identities: new ones appended, moved ones through staging
        boolean moved = false;
        try (DuckDBAppender a = connection.createAppender("main", "identities")) {
            for (Map.Entry<String, Boolean> e : directory.changedIds().entrySet()) {
                if (e.getValue()) {
                    a.beginRow().append(e.getKey()).append(directory.lookup(e.getKey())).endRow();
                } else {
                    moved = true;
                }
            }
            a.flush();
        }
        if (moved) {
            try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_identities")) {
                for (Map.Entry<String, Boolean> e : directory.changedIds().entrySet()) {
                    if (!e.getValue()) {
                        a.beginRow().append(e.getKey()).append(directory.lookup(e.getKey())).endRow();
                    }
                }
                a.flush();
            }
            execute(connection, "UPDATE identities SET uid = s.uid FROM stage_identities s"
                    + " WHERE identities.external_id = s.external_id");
            execute(connection, "DELETE FROM stage_identities");
        }
    }

    private static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}

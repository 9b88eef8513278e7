package io.segments.store.internal;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the {@code users} rows of a group ({@link GroupCommit}), in its transaction, with their trait slots
 * computed in Java ({@link SlotValues}):
 * <ul>
 *   <li>new users are appended with their final values;</li>
 *   <li>an existing user whose traits changed is replaced: its row deleted and appended anew, every column
 *       written (the same uid and {@code created_at}). An {@code UPDATE} costs DuckDB about as much per column as
 *       this costs per row, and a trait change rewrites the three columns of every slot;</li>
 *   <li>an existing user whose traits did not change but whose id, anonymity or merge did is updated in
 *       place (those few columns only).</li>
 * </ul>
 */
final class UserRows {
    /**
     * The staging table of changed users, created with the group's other staging tables; replaced users go
     * through the group's {@code stage_uids} (empty between uses).
     */
    static final String TABLES = """
            CREATE TEMP TABLE IF NOT EXISTS stage_users (uid INTEGER, user_id VARCHAR, anonymous BOOLEAN,
                merged_into INTEGER);
            """;

    private static final Map<String, Object> NO_TRAITS = Map.of();

    private UserRows() {
    }

    /**
     * Writes the users {@code directory} created or changed in this group, and those whose traits changed
     * ({@code traitsChanged}, their traits in {@code traits}), with the trait slots {@code slots}; answers them
     * (which slots received numbers not exact in the decimal).
     */
    static SlotValues write(DuckDBConnection connection, Directory directory, Map<Integer, Map<String, Object>> traits,
                      Set<Integer> traitsChanged, SlotValues slots, long now) throws SQLException {
        int firstNew = directory.firstNewUid();
        if (directory.size() > firstNew) {
            try (DuckDBAppender a = connection.createAppender("main", "users")) {
                for (int uid = firstNew; uid < directory.size(); uid++) {
                    Map<String, Object> t = traits.getOrDefault(uid, NO_TRAITS);
                    a.beginRow().append(uid).append(directory.userId(uid)).append(Json.write(t));
                    mergedInto(a, directory, uid);
                    a.append(now).append(now).append(directory.isAnonymous(uid));
                    slots.append(a, t);
                    a.endRow();
                }
                a.flush();
            }
        }
        Set<Integer> replaced = new LinkedHashSet<>();
        for (int uid : traitsChanged) {
            if (uid < firstNew) {
                replaced.add(uid);
            }
        }
        Set<Integer> updated = new LinkedHashSet<>(directory.changedUsers());
        updated.removeAll(replaced);
        if (!updated.isEmpty()) {
            try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_users")) {
                for (int uid : updated) {
                    a.beginRow().append(uid).append(directory.userId(uid)).append(directory.isAnonymous(uid));
                    mergedInto(a, directory, uid);
                    a.endRow();
                }
                a.flush();
            }
            try (PreparedStatement p = connection.prepareStatement("""
                    UPDATE users SET user_id = s.user_id, anonymous = s.anonymous, merged_into = s.merged_into,
                        updated_at = ?
                    FROM stage_users s WHERE users.uid = s.uid""")) {
                p.setLong(1, now);
                p.executeUpdate();
            }
            execute(connection, "DELETE FROM stage_users");
        }
        if (!replaced.isEmpty()) {
            replace(connection, directory, traits, replaced, slots, now);
        }
        return slots;
    }

    /** Deletes the rows of {@code replaced} and appends them anew, each with its creation time. */
    private static void replace(DuckDBConnection connection, Directory directory,
                                Map<Integer, Map<String, Object>> traits, Set<Integer> replaced, SlotValues slots,
                                long now) throws SQLException {
        try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_uids")) {
            for (int uid : replaced) {
                a.beginRow().append(uid).endRow();
            }
            a.flush();
        }
        Map<Integer, Long> createdAt = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT uid, created_at FROM users WHERE uid IN (SELECT uid FROM stage_uids)")) {
            while (rs.next()) {
                createdAt.put(rs.getInt(1), rs.getLong(2));
            }
        }
        if (createdAt.size() != replaced.size()) {
            throw new IllegalStateException("users to replace without a row: " + replaced.size() + " asked, "
                    + createdAt.size() + " found");
        }
        execute(connection, "DELETE FROM users WHERE uid IN (SELECT uid FROM stage_uids)");
        execute(connection, "DELETE FROM stage_uids");
        try (DuckDBAppender a = connection.createAppender("main", "users")) {
            for (int uid : replaced) {
                Map<String, Object> t = traits.get(uid);
                a.beginRow().append(uid).append(directory.userId(uid)).append(Json.write(t));
                mergedInto(a, directory, uid);
                a.append((long) createdAt.get(uid)).append(now).append(directory.isAnonymous(uid));
                slots.append(a, t);
                a.endRow();
            }
            a.flush();
        }
    }

    private static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static void mergedInto(DuckDBAppender a, Directory directory, int uid) throws SQLException {
        if (directory.mergedInto(uid) < 0) {
            a.appendNull();
        } else {
            a.append(directory.find(uid));
        }
    }

}

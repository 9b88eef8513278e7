package io.segments.store.internal;

import io.segments.store.Message;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the push tokens of a group's messages ({@code context.device.token}) in the group's transaction
 * ({@link GroupCommit}): those not known to be stored (by the hashes of the stored ones), inserted unless present.
 */
final class PushTokenRows {
    private PushTokenRows() {
    }

    /**
     * Stores the tokens of {@code accepted} (message {@code i} of the user {@code uids[i]} resolves to); adds the
     * hash of each one written to {@code hashesWritten} and answers them per uid.
     */
    static Map<Integer, Set<String>> write(DuckDBConnection connection, List<Message> accepted, int[] uids,
                                           Directory directory, LongHashSet storedHashes, List<Long> hashesWritten)
            throws SQLException {
        Map<Integer, Set<String>> written = new LinkedHashMap<>();
        Set<Long> staged = new HashSet<>();
        for (int i = 0; i < accepted.size(); i++) {
            String token = accepted.get(i).pushToken().orElse(null);
            if (token != null) {
                int uid = directory.find(uids[i]);
                long h = Hashes.hash64(uid, token);
                if (!storedHashes.contains(h) && staged.add(h)) {
                    hashesWritten.add(h);
                    written.computeIfAbsent(uid, u -> new LinkedHashSet<>()).add(token);
                }
            }
        }
        if (written.isEmpty()) {
            return written;
        }
        try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_tokens")) {
            for (Map.Entry<Integer, Set<String>> e : written.entrySet()) {
                for (String token : e.getValue()) {
                    a.beginRow().append((int) e.getKey()).append(token).endRow();
                }
            }
            a.flush();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    INSERT INTO push_tokens
                    SELECT DISTINCT s.uid, s.token FROM stage_tokens s
                    WHERE NOT EXISTS (SELECT 1 FROM push_tokens p WHERE p.uid = s.uid AND p.token = s.token)""");
            s.execute("DELETE FROM stage_tokens");
        }
        return written;
    }
}

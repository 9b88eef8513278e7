package io.segments.store.internal;

import io.segments.model.eval.Event;
import io.segments.store.Commit;
import io.segments.store.EventDocuments;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of a group that existed before it and now go by another id (renamed, or merged into another user), with
 * the events they had stored: what a commit reports to its listeners as {@link Commit.Move}s (the live engine moves
 * their state).
 */
final class UserMoves {
    private UserMoves() {
    }

    /**
     * The moves of the group whose identities {@code directory} holds, read in its transaction on {@code connection}
     * (whose temporary table {@code stage_uids} is empty) before it moves or adds any event.
     */
    static List<Commit.Move> read(DuckDBConnection connection, Directory directory) throws SQLException {
        Map<Integer, String> into = new LinkedHashMap<>();
        for (int[] merge : directory.merges()) {
            if (merge[0] < directory.firstNewUid()) {
                into.put(merge[0], directory.userId(directory.find(merge[1])));
            }
        }
        for (int uid : directory.renamedUsers()) {
            if (!into.containsKey(uid)) {
                into.put(uid, directory.userId(directory.find(uid)));
            }
        }
        into.entrySet().removeIf(e -> directory.committedUserId(e.getKey()).equals(e.getValue()));
        if (into.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<Event>> moved = new HashMap<>();
        try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_uids")) {
            for (int uid : into.keySet()) {
                a.beginRow().append(uid).endRow();
            }
            a.flush();
        }
        EventDocuments documents = EventDocuments.read(connection);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT e.uid, e.name, e.ts, " + documents.columns("e") + " FROM events e"
                     + " WHERE e.uid IN (SELECT uid FROM stage_uids) ORDER BY e.ts")) {
            while (rs.next()) {
                moved.computeIfAbsent(rs.getInt(1), u -> new ArrayList<>())
                        .add(new Event(rs.getString(2), rs.getLong(3), documents.properties(rs.getString(2), rs, 4)));
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM stage_uids");
        }
        List<Commit.Move> moves = new ArrayList<>();
        for (Map.Entry<Integer, String> e : into.entrySet()) {
            moves.add(new Commit.Move(directory.committedUserId(e.getKey()), e.getValue(),
                    moved.getOrDefault(e.getKey(), List.of())));
        }
        return moves;
    }
}

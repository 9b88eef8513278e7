package io.segments.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the store's tables back in tests. */
final class Tables {
    private Tables() {
    }

    static List<Map<String, Object>> rows(Store store, String sql, Object... parameters) {
        return store.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    p.setObject(i + 1, parameters[i]);
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            row.put(md.getColumnLabel(i), value instanceof org.duckdb.JsonNode ? value.toString() : value);
                        }
                        rows.add(row);
                    }
                }
                return rows;
            }
        });
    }

    /**
     * SQL for the text of top-level event property {@code key} of the events row {@code alias} (what
     * {@code alias.props->>'key'} gave when documents held every value), for the slots the store has now.
     */
    static String property(Store store, String alias, String key) {
        return "(" + store.withConnection(EventDocuments::read).valueSql(alias, key) + "->>'$')";
    }

    /** Every event, as user_id, uid, name, ts and props (its whole properties), in time order. */
    static List<Map<String, Object>> events(Store store) {
        return store.withConnection(c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            EventDocuments.query(c, d -> "SELECT u.user_id, e.uid, e.name, e.ts, " + d.columns("e")
                    + " FROM events e JOIN users u USING (uid) ORDER BY e.ts, e.name, u.user_id", List.of(), (rs, d) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("user_id", rs.getString(1));
                row.put("uid", rs.getInt(2));
                row.put("name", rs.getString(3));
                row.put("ts", rs.getLong(4));
                row.put("props", d.properties(rs.getString(3), rs, 5));
                rows.add(row);
            });
            return rows;
        });
    }

    static long count(Store store, String sql, Object... parameters) {
        return ((Number) rows(store, sql, parameters).get(0).values().iterator().next()).longValue();
    }

    /** The external id of the user {@code externalId} belongs to now. */
    static String userOf(Store store, String externalId) {
        List<Map<String, Object>> rows = rows(store, """
                SELECT u.user_id FROM identities i JOIN users u ON u.uid = i.uid WHERE i.external_id = ?""", externalId);
        return rows.isEmpty() ? null : (String) rows.get(0).get("user_id");
    }

    /** The events of the user {@code externalId} belongs to, as "name@ts" in time order. */
    static List<String> eventsOf(Store store, String externalId) {
        List<String> events = new ArrayList<>();
        for (Map<String, Object> row : rows(store, """
                SELECT e.name, e.ts FROM identities i JOIN events e ON e.uid = i.uid
                WHERE i.external_id = ? ORDER BY e.ts, e.name""", externalId)) {
            events.add(row.get("name") + "@" + row.get("ts"));
        }
        return events;
    }

    /** The users of the product (not merged into another), by external id. */
    static List<String> liveUsers(Store store) {
        List<String> users = new ArrayList<>();
        for (Map<String, Object> row : rows(store, "SELECT user_id FROM users WHERE merged_into IS NULL ORDER BY user_id")) {
            users.add((String) row.get("user_id"));
        }
        return users;
    }
}

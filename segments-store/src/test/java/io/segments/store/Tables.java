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

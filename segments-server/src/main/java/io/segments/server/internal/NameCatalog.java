package io.segments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.segments.store.EventDocuments;
import io.javalin.Javalin;
import io.segments.store.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * What has been ingested, for the UI's segment builder: {@code GET /api/catalog/events} lists every event
 * name with its count and the properties seen on it, {@code GET /api/catalog/traits} the profile traits.
 *
 * <p>Counts are exact over all events. Properties and traits are sampled: those of the
 * {@value #SAMPLE_ROWS} most recent events (by timestamp) and of the {@value #SAMPLE_ROWS} most recently
 * updated users. A nested object is listed under its name with type {@code object} and its fields under
 * dotted names ({@code product.category}), as the segment language addresses them. Each name has the type
 * its values have most often ({@code string}, {@code number}, {@code boolean}, {@code object},
 * {@code array}; nulls are not counted) and up to {@value #MAX_SAMPLES} distinct sample values of that type,
 * most recent first.
 */
public final class NameCatalog {
    /** How many recent events, and how many recently updated users, are sampled for names and values. */
    public static final int SAMPLE_ROWS = 100_000;
    /** Sample values per name. */
    public static final int MAX_SAMPLES = 5;
    /** A sample longer than this (in characters of its JSON) is not kept. */
    private static final int MAX_SAMPLE_CHARS = 200;

    /** The JSON types a property or trait can have, in the order ties are broken. */
    enum Type {
        STRING, NUMBER, BOOLEAN, OBJECT, ARRAY;

        static Type of(JsonNode value) {
            if (value.isTextual()) {
                return STRING;
            } else if (value.isNumber()) {
                return NUMBER;
            } else if (value.isBoolean()) {
                return BOOLEAN;
            } else if (value.isObject()) {
                return OBJECT;
            } else if (value.isArray()) {
                return ARRAY;
            }
            return null;
        }

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Store store;

    public NameCatalog(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    public void register(Javalin app) {
        app.get("/api/catalog/events", ctx -> ctx.json(Map.of("events", events())));
        app.get("/api/catalog/traits", ctx -> ctx.json(Map.of("traits", traits())));
    }

    /** Every event name, most frequent first, with its count and the properties seen in the sample. */
    List<Map<String, Object>> events() {
        return store.withConnection(c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name, count(*) AS n FROM events GROUP BY name ORDER BY n DESC, name");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            Map<String, Names> properties = new TreeMap<>();
            Long threshold = recentThreshold(c);
            if (threshold != null) {
                EventDocuments.query(c, d -> "SELECT e.name, " + d.columns("e") + " FROM events e WHERE e.ts >= ?"
                        + " ORDER BY e.ts DESC LIMIT " + SAMPLE_ROWS, List.of(threshold), (rs, d) -> properties
                        .computeIfAbsent(rs.getString(1), n -> new Names())
                        .addObject(Json.MAPPER.valueToTree(d.properties(rs.getString(1), rs, 2))));
            }
            List<Map<String, Object>> events = new ArrayList<>(counts.size());
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("name", e.getKey());
                event.put("count", e.getValue());
                Names names = properties.get(e.getKey());
                event.put("properties", names == null ? List.of() : names.view());
                events.add(event);
            }
            return events;
        });
    }

    /** Every trait name seen on the sampled users, by name. */
    List<Map<String, Object>> traits() {
        return store.withConnection(c -> {
            Names names = new Names();
            try (PreparedStatement p = c.prepareStatement("SELECT CAST(traits AS VARCHAR) FROM users"
                    + " WHERE merged_into IS NULL ORDER BY updated_at DESC LIMIT " + SAMPLE_ROWS);
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    names.addObject(rs.getString(1));
                }
            }
            return names.view();
        });
    }

    /**
     * The timestamp of the {@value #SAMPLE_ROWS}-th most recent event (the oldest when there are fewer), read
     * from the timestamp column alone so that only the sample's properties are read; null without events.
     */
    private static Long recentThreshold(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT min(ts) FROM (SELECT ts FROM events ORDER BY ts DESC"
                + " LIMIT " + SAMPLE_ROWS + ")");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            long ts = rs.getLong(1);
            return rs.wasNull() ? null : ts;
        }
    }

    /** The names found in a set of JSON objects, with their types and sample values. */
    static final class Names {
        private final Map<String, Seen> byName = new TreeMap<>();

        void addObject(String json) {
            try {
                addObject(Json.MAPPER.readTree(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the store holds a JSON column value that is not JSON: "
                        + e.getOriginalMessage(), e);
            }
        }

        void addObject(JsonNode node) {
            if (node != null && node.isObject()) {
                addFields("", node);
            }
        }

        private void addFields(String prefix, JsonNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String name = prefix + field.getKey();
                Type type = Type.of(field.getValue());
                if (type == null) {
                    continue; // null: says nothing about the type
                }
                byName.computeIfAbsent(name, n -> new Seen()).add(type, field.getValue());
                if (type == Type.OBJECT) {
                    addFields(name + ".", field.getValue());
                }
            }
        }

        List<Map<String, Object>> view() {
            List<Map<String, Object>> view = new ArrayList<>(byName.size());
            for (Map.Entry<String, Seen> e : byName.entrySet()) {
                Type type = e.getValue().mainType();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", e.getKey());
                entry.put("type", type.json());
                entry.put("samples", new ArrayList<>(e.getValue().samples.getOrDefault(type, Set.of())));
                view.add(entry);
            }
            return view;
        }
    }

    /** The types one name had and the first distinct values of each. */
    private static final class Seen {
        private final Map<Type, Long> counts = new EnumMap<>(Type.class);
        private final Map<Type, Set<JsonNode>> samples = new EnumMap<>(Type.class);

        void add(Type type, JsonNode value) {
            counts.merge(type, 1L, Long::sum);
            if (type == Type.OBJECT) {
                return; // its fields are listed under their own names
            }
            Set<JsonNode> kept = samples.computeIfAbsent(type, t -> new LinkedHashSet<>());
            if (kept.size() < MAX_SAMPLES && value.toString().length() <= MAX_SAMPLE_CHARS) {
                kept.add(value);
            }
        }

        Type mainType() {
            return counts.entrySet().stream()
                    .max(Comparator.<Map.Entry<Type, Long>>comparingLong(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow().getKey();
        }
    }
}

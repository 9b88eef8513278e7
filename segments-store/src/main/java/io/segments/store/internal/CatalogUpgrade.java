package io.segments.store.internal;

import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Document;
import io.segments.store.TypedColumns.Scope;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Catches up a store whose rows were written before typed slots existed (or past ingestion, see
 * {@link TypedColumns#rebuild}): catalogues every stored document, gives slots and fills them on every row, once.
 */
public final class CatalogUpgrade {
    private CatalogUpgrade() {
    }

    /**
     * Builds the catalog of a store written before it existed, in one transaction: the keys and kinds of every
     * stored document, the most frequent keys of each scope given its slots (ties by key), and their slot columns
     * filled on every row. Does nothing once done ({@code typed_state}).
     */
    public static void upgrade(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM typed_state WHERE state = 'pending'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
        }
        int eventSlots = TypedColumns.eventSlotColumns(connection);
        Transactions.inOne(connection, s -> {
            String eventKey = "'/' || replace(replace(key, '~', '~0'), '/', '~1')";
            s.execute("INSERT INTO property_kinds SELECT 'event', name, key, "
                    + TypedSql.coarseKindSql("json_extract(props, " + eventKey + ")")
                    + ", count(*) FROM (SELECT name, props, unnest(json_keys(props)) AS key FROM events) AS k"
                    + " GROUP BY ALL");
            s.execute("INSERT INTO property_kinds SELECT 'trait', '', key, "
                    + TypedSql.coarseKindSql("json_extract(traits, " + eventKey + ")")
                    + ", count(*) FROM (SELECT traits, unnest(json_keys(traits)) AS key FROM users) AS k"
                    + " GROUP BY ALL");
            Map<Scope, Map<String, Integer>> assigned = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT document, event, key FROM property_kinds"
                    + " GROUP BY document, event, key ORDER BY document, event, sum(count) DESC, key")) {
                while (rs.next()) {
                    Scope scope = PropertyCatalog.scope(PropertyCatalog.document(rs.getString(1)), rs.getString(2));
                    Map<String, Integer> keys = assigned.computeIfAbsent(scope, x -> new LinkedHashMap<>());
                    int limit = scope.document() == Document.EVENT_PROPERTIES ? eventSlots : TypedColumns.SLOTS;
                    if (keys.size() < limit && TypedSql.slottable(rs.getString(3))) {
                        keys.put(rs.getString(3), keys.size() + 1);
                    }
                }
            }
            PropertyCatalog.insertSlots(connection, assigned);
            for (Map.Entry<Scope, Map<String, Integer>> e : assigned.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                for (String[] table : TypedSql.tables(e.getKey().document())) {
                    if (e.getKey().document() == Document.USER_TRAITS) {
                        fill(connection, table[0], table[1], e.getValue(), TypedColumns.SLOTS);
                    } else {
                        fill(connection, table[0], table[1], e.getValue(), eventSlots, e.getKey().event());
                    }
                }
            }
            for (String flag : TypedSql.flagOtherNumbers(eventSlots).split(";\n")) {
                s.execute(flag);
            }
            s.execute("UPDATE typed_state SET state = 'done'");
            return null;
        });
    }

    /**
     * Sets the slot columns of {@code slots} on every row of {@code table} (with {@code count} slots) from its JSON
     * column {@code document}.
     */
    static void fill(Connection connection, String table, String document, Map<String, Integer> slots, int count)
            throws SQLException {
        fill(connection, table, document, slots, count, "TRUE", List.of());
    }

    /** {@link #fill(Connection, String, String, Map, int)} on the rows of events named {@code event}. */
    static void fill(Connection connection, String table, String document, Map<String, Integer> slots, int count,
                     String event) throws SQLException {
        fill(connection, table, document, slots, count, "name = ?", List.of(event));
    }

    /** {@link #fill(Connection, String, String, Map, int)} on the rows passing {@code where} and its parameters. */
    static void fill(Connection connection, String table, String document, Map<String, Integer> slots, int count,
                     String where, List<String> whereParameters) throws SQLException {
        StringJoiner set = new StringJoiner(", ");
        for (int slot : slots.values()) {
            for (String column : List.of(TypedColumns.kindColumn(slot), TypedColumns.decimalColumn(slot),
                    TypedColumns.textColumn(slot))) {
                set.add(column + " = slot_x." + column);
            }
        }
        TypedSql.Query rows = TypedSql.withSlots("(SELECT rowid AS slot_row, " + document + " FROM " + table + " WHERE "
                + where + ") AS slot_src", document, slots, "slot_row", count);
        List<String> parameters = new ArrayList<>(rows.parameters());
        parameters.addAll(whereParameters); // the source's parameters follow the keys' in the text
        new TypedSql.Query("UPDATE " + table + " SET " + set + " FROM (" + rows.sql() + ") AS slot_x(slot_row, "
                + TypedSql.slotColumnList(count) + ") WHERE " + table + ".rowid = slot_x.slot_row", parameters)
                .execute(connection);
    }
}

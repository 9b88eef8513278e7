package io.segments.store.internal;

import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Document;
import io.segments.store.TypedColumns.Kind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The one definition of how a typed slot is computed from its JSON document, as SQL: every row the store writes
 * (ingestion, the upgrade of an older store, tests' fixtures) gets its slot columns from {@link #withSlots}, so
 * the same JSON value always has the same kind, decimal and text. The value of key {@code k} is
 * {@code json_extract(document, '/k')}, exactly what a query reading the JSON extracts; its kind follows
 * {@code json_type} (numbers split by {@link TypedColumns#EXACT_FORM} of their JSON text, as the exact decimals of
 * aggregates are), its decimal is that text cast to {@code DECIMAL(18,6)}, its text {@code json_extract_string}.
 *
 * <p>Keys are parameters of these statements, never SQL text.
 */
public final class TypedSql {
    /** The longest key given a slot. */
    static final int MAX_KEY_LENGTH = 200;

    private TypedSql() {
    }

    /** Whether {@code key} may have a slot: 1 to {@value #MAX_KEY_LENGTH} characters. */
    public static boolean slottable(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
    }

    /** SQL text and the values of its {@code ?} parameters, in order. */
    public record Query(String sql, List<String> parameters) {
        public Query {
            parameters = List.copyOf(parameters);
        }

        /** Runs it as an update on {@code connection}; answers the rows changed. */
        public long execute(Connection connection) throws SQLException {
            try (PreparedStatement p = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    p.setString(i + 1, parameters.get(i));
                }
                return p.executeLargeUpdate();
            }
        }

        /** {@code prefix} and this query's text, with its parameters. */
        Query after(String prefix) {
            return new Query(prefix + sql, parameters);
        }
    }

    /** The slot columns of {@value TypedColumns#SLOTS} slots, in table order: {@code t1_k, t1_d, t1_s, t2_k, ...}. */
    public static String slotColumnList() {
        return slotColumnList(TypedColumns.SLOTS);
    }

    /** The slot columns of {@code count} slots, in table order. */
    public static String slotColumnList(int count) {
        StringJoiner columns = new StringJoiner(", ");
        for (int i = 1; i <= count; i++) {
            columns.add(TypedColumns.kindColumn(i)).add(TypedColumns.decimalColumn(i)).add(TypedColumns.textColumn(i));
        }
        return columns.toString();
    }

    /**
     * Statements setting {@code typed_slots.other_numbers} of every slot whose rows hold a number not exact in the
     * decimal (kind {@link Kind#OTHER_NUMBER}): for the rows a store had before the flag existed or before its
     * slots were filled. Each reads one kind column. (Schema version 5: slots per document.)
     */
    public static String flagOtherNumbers() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= TypedColumns.SLOTS; i++) {
            String k = TypedColumns.kindColumn(i);
            sql.append("UPDATE typed_slots SET other_numbers = true WHERE document = 'event' AND slot = ").append(i)
                    .append(" AND (EXISTS (SELECT 1 FROM ").append(io.segments.store.Schema.EVENTS_SORTED).append(" WHERE ")
                    .append(k).append(" = ").append(Kind.OTHER_NUMBER.code()).append(") OR EXISTS (SELECT 1 FROM ")
                    .append(io.segments.store.Schema.EVENTS_RECENT).append(" WHERE ").append(k).append(" = ")
                    .append(Kind.OTHER_NUMBER.code()).append("));\n");
            sql.append("UPDATE typed_slots SET other_numbers = true WHERE document = 'trait' AND slot = ").append(i)
                    .append(" AND EXISTS (SELECT 1 FROM users WHERE ").append(k).append(" = ")
                    .append(Kind.OTHER_NUMBER.code()).append(");\n");
        }
        return sql.toString();
    }

    /**
     * Statements setting {@code other_numbers} of every slot, of {@code event_slots} per event name (the event
     * tables having {@code eventSlots} slots) and of the trait slots, whose rows hold a number not exact in the
     * decimal: for the rows of a store whose slots were just filled.
     */
    static String flagOtherNumbers(int eventSlots) {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= TypedColumns.SLOTS; i++) {
            String k = TypedColumns.kindColumn(i);
            if (i <= eventSlots) {
                sql.append("UPDATE event_slots SET other_numbers = true WHERE slot = ").append(i)
                        .append(" AND event IN (SELECT name FROM events WHERE ").append(k).append(" = ")
                        .append(Kind.OTHER_NUMBER.code()).append(");\n");
            }
            sql.append("UPDATE typed_slots SET other_numbers = true WHERE document = 'trait' AND slot = ").append(i)
                    .append(" AND EXISTS (SELECT 1 FROM users WHERE ").append(k).append(" = ")
                    .append(Kind.OTHER_NUMBER.code()).append(");\n");
        }
        return sql.toString();
    }

    /** The slot columns with their types, in table order: {@code t1_k TINYINT, t1_d DECIMAL(18, 6), ...}. */
    public static String slotColumnDefinitions() {
        StringJoiner columns = new StringJoiner(", ");
        for (int i = 1; i <= TypedColumns.SLOTS; i++) {
            columns.add(TypedColumns.kindColumn(i) + " TINYINT").add(TypedColumns.decimalColumn(i) + " DECIMAL(18, 6)")
                    .add(TypedColumns.textColumn(i) + " VARCHAR");
        }
        return columns.toString();
    }

    /** {@code ALTER TABLE} statements adding every slot's columns to {@code table}. */
    public static String addSlotColumns(String table) {
        StringBuilder sql = new StringBuilder();
        for (String column : slotColumnDefinitions().split(", (?=t[0-9])")) {
            sql.append("ALTER TABLE ").append(table).append(" ADD COLUMN ").append(column).append(";\n");
        }
        return sql.toString();
    }

    /**
     * {@code SELECT <columns>, <every slot column> FROM source}: the rows of {@code source} (a table or a
     * parenthesised query with an alias) with the slot columns of {@code slots} computed from its JSON column
     * {@code document}, the other slots {@code NULL}. {@code columns} are {@code source}'s columns to keep. The
     * keys are parameters of the query.
     */
    public static Query withSlots(String source, String document, Map<String, Integer> slots, String columns) {
        return withSlots(source, document, slots, columns, TypedColumns.SLOTS);
    }

    /** {@link #withSlots(String, String, Map, String)} for rows with {@code count} slots. */
    public static Query withSlots(String source, String document, Map<String, Integer> slots, String columns,
                                  int count) {
        TreeMap<Integer, String> bySlot = new TreeMap<>();
        slots.forEach((key, slot) -> {
            if (!slottable(key)) {
                throw new IllegalArgumentException("a key that cannot have a slot: " + key);
            }
            if (slot < 1 || slot > count) {
                throw new IllegalArgumentException("slot " + slot + " of " + key + " is not one of the " + count);
            }
            bySlot.put(slot, key);
        });
        StringJoiner select = new StringJoiner(", ");
        select.add(columns);
        if (bySlot.isEmpty()) {
            for (int i = 1; i <= count; i++) {
                select.add("NULL").add("NULL").add("NULL");
            }
            return new Query("SELECT " + select + " FROM " + source, List.of());
        }
        StringJoiner pointers = new StringJoiner(", ", "[", "]");
        List<String> parameters = new ArrayList<>();
        StringJoiner kinds = new StringJoiner(", ");
        int position = 0;
        Map<Integer, Integer> positions = new TreeMap<>();
        for (Map.Entry<Integer, String> e : bySlot.entrySet()) {
            positions.put(e.getKey(), ++position);
            pointers.add("?");
            parameters.add(pointer(e.getValue()));
            kinds.add(kind("slot_json[" + position + "]") + " AS slot_k" + e.getKey());
        }
        for (int i = 1; i <= count; i++) {
            Integer at = positions.get(i);
            if (at == null) {
                select.add("NULL").add("NULL").add("NULL");
                continue;
            }
            String value = "slot_json[" + at + "]";
            String k = "slot_k" + i;
            select.add(k);
            select.add("CASE " + k + " WHEN " + Kind.EXACT_NUMBER.code() + " THEN CAST(CAST(" + value
                    + " AS VARCHAR) AS DECIMAL(18, 6)) WHEN " + Kind.BOOLEAN.code() + " THEN CASE WHEN CAST(" + value
                    + " AS BOOLEAN) THEN 1 ELSE 0 END END");
            select.add("CASE " + k + " WHEN " + Kind.STRING.code() + " THEN json_extract_string(" + value + ", '$')"
                    + " WHEN " + Kind.OTHER_NUMBER.code() + " THEN CAST(" + value + " AS VARCHAR)"
                    + " WHEN " + Kind.ARRAY.code() + " THEN CAST(" + value + " AS VARCHAR) END");
        }
        return new Query("SELECT " + select + " FROM (SELECT *, " + kinds + " FROM (SELECT *, json_extract(" + document
                + ", " + pointers + ") AS slot_json FROM " + source + ") AS slot_a) AS slot_b", parameters);
    }

    /** The kind code of the JSON value {@code v} (SQL {@code NULL} when the key is absent). */
    static String kind(String v) {
        String number = "CASE WHEN regexp_full_match(CAST(" + v + " AS VARCHAR), '" + TypedColumns.EXACT_FORM
                + "') THEN " + Kind.EXACT_NUMBER.code() + " ELSE " + Kind.OTHER_NUMBER.code() + " END";
        return "CASE WHEN " + v + " IS NULL THEN NULL ELSE CASE json_type(" + v + ")"
                + " WHEN 'NULL' THEN " + Kind.NULL.code()
                + " WHEN 'VARCHAR' THEN " + Kind.STRING.code()
                + " WHEN 'BIGINT' THEN " + number + " WHEN 'UBIGINT' THEN " + number + " WHEN 'DOUBLE' THEN " + number
                + " WHEN 'BOOLEAN' THEN " + Kind.BOOLEAN.code()
                + " WHEN 'ARRAY' THEN " + Kind.ARRAY.code()
                + " WHEN 'OBJECT' THEN " + Kind.OBJECT.code()
                + " ELSE " + Kind.OTHER.code() + " END END";
    }

    /** The coarse kinds a catalog records, by {@link #coarseKindIndex}. */
    static final List<String> COARSE_KINDS = List.of("null", "string", "number", "boolean", "array", "object", "other");

    /** The coarse kind a catalog records for a JSON value read as untyped Java ({@link Json}). */
    public static String coarseKind(Object value) {
        return COARSE_KINDS.get(coarseKindIndex(value));
    }

    /** The position in {@link #COARSE_KINDS} of the coarse kind of {@code value}. */
    static int coarseKindIndex(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String) {
            return 1;
        }
        if (value instanceof Number) {
            return 2;
        }
        if (value instanceof Boolean) {
            return 3;
        }
        if (value instanceof List) {
            return 4;
        }
        if (value instanceof Map) {
            return 5;
        }
        return 6;
    }

    /** The coarse kind of the JSON value {@code v}, in SQL, as {@link #coarseKind} names it. */
    static String coarseKindSql(String v) {
        return "CASE json_type(" + v + ") WHEN 'NULL' THEN 'null' WHEN 'VARCHAR' THEN 'string'"
                + " WHEN 'BIGINT' THEN 'number' WHEN 'UBIGINT' THEN 'number' WHEN 'DOUBLE' THEN 'number'"
                + " WHEN 'BOOLEAN' THEN 'boolean' WHEN 'ARRAY' THEN 'array' WHEN 'OBJECT' THEN 'object' ELSE 'other' END";
    }

    /** RFC 6901: {@code /key}, with {@code ~} written {@code ~0} and {@code /} written {@code ~1}. */
    static String pointer(String key) {
        return "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** The table and JSON column of a document's rows. */
    static List<String[]> tables(Document document) {
        return document == Document.EVENT_PROPERTIES
                ? io.segments.store.Schema.EVENT_TABLES.stream().map(t -> new String[] {t, "props"}).toList()
                : List.<String[]>of(new String[] {"users", "traits"});
    }
}

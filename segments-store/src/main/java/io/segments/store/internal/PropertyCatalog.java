package io.segments.store.internal;

import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Document;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * What the store has seen of its JSON documents: per event name (traits: the empty name) each top-level key and
 * how many values of each coarse kind it had ({@code property_kinds}), and which keys have typed slots
 * ({@code typed_slots}). The ingestion writer owns it: each group {@link #observe}s its documents, writes what
 * is new in its transaction ({@link #write}), and only once that transaction has committed does the catalog
 * take it in ({@link #commit}; {@link #rollback} forgets it).
 *
 * <p>A key is given a free slot the first time it is seen, so every row holding it is written after the slot
 * exists and gets its slot columns; a key seen before (while no slot was free) never gets one.
 */
public final class PropertyCatalog {
    static final String TABLES = """
            CREATE TEMP TABLE IF NOT EXISTS stage_kinds (document VARCHAR, event VARCHAR, key VARCHAR, kind VARCHAR,
                count BIGINT);
            """;

    /** Groups whose counts of known rows are carried in memory before they are written. */
    static final int FLUSH_GROUPS = 64;

    private final Map<Document, Set<String>> known = new EnumMap<>(Document.class);
    private final Map<Document, Map<String, Integer>> slots = new EnumMap<>(Document.class);
    /** Per document, the slots that may hold numbers not exact in their decimal (committed). */
    private final Map<Document, Set<Integer>> otherNumbers = new EnumMap<>(Document.class);
    private Consumer<TypedColumns> beforeCommit = columns -> { };

    /** The (document, event, key, kind) rows {@code property_kinds} holds. */
    private final Set<Observation> stored = new HashSet<>();
    /** Counts of stored rows seen by committed groups and not yet added to {@code property_kinds}. */
    private final Map<Observation, Long> carried = new LinkedHashMap<>();
    private int groupsCarried;

    // per group
    private final Map<Observation, Long> counts = new LinkedHashMap<>();
    private boolean flushes;
    private final Map<Document, Set<String>> newKeys = new EnumMap<>(Document.class);
    private final Map<Document, Map<String, Integer>> newSlots = new EnumMap<>(Document.class);
    private final Map<Document, Set<Integer>> newOtherNumbers = new EnumMap<>(Document.class);

    private record Observation(Document document, String event, String key, String kind) {
    }

    private PropertyCatalog() {
        for (Document d : Document.values()) {
            known.put(d, new HashSet<>());
            slots.put(d, new LinkedHashMap<>());
            newKeys.put(d, new HashSet<>());
            newSlots.put(d, new LinkedHashMap<>());
            otherNumbers.put(d, new HashSet<>());
            newOtherNumbers.put(d, new HashSet<>());
        }
    }

    /** The catalog stored behind {@code connection}. */
    public static PropertyCatalog load(Connection connection) throws SQLException {
        PropertyCatalog catalog = new PropertyCatalog();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT document, event, key, kind FROM property_kinds")) {
                while (rs.next()) {
                    Document d = document(rs.getString(1));
                    catalog.known.get(d).add(rs.getString(3));
                    catalog.stored.add(new Observation(d, rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        TypedColumns typed = TypedColumns.read(connection);
        for (Document d : Document.values()) {
            catalog.slots.get(d).putAll(typed.slots(d));
            for (int slot = 1; slot <= TypedColumns.SLOTS; slot++) {
                if (!typed.exactNumbersOnly(d, slot)) {
                    catalog.otherNumbers.get(d).add(slot);
                }
            }
        }
        return catalog;
    }

    private static Document document(String stored) {
        for (Document d : Document.values()) {
            if (d.stored().equals(stored)) {
                return d;
            }
        }
        throw new IllegalStateException("unknown document in property_kinds: " + stored);
    }

    /** The top-level values of one document of this group (an event's properties, a trait update). */
    void observe(Document document, String event, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String key = e.getKey();
            counts.merge(new Observation(document, event, key, TypedSql.coarseKind(e.getValue())), 1L, Long::sum);
            if (!known.get(document).contains(key) && newKeys.get(document).add(key) && TypedSql.slottable(key)) {
                int used = slots.get(document).size() + newSlots.get(document).size();
                if (used < TypedColumns.SLOTS) {
                    newSlots.get(document).put(key, used + 1);
                }
            }
        }
    }

    /**
     * Where the columns are published that say a slot may hold a number not exact in its decimal: called in a
     * group's transaction before it commits the first such number (readers pin their snapshot before they read
     * the columns, so none sees that number with columns that deny it).
     */
    void publishOtherNumbersTo(Consumer<TypedColumns> publisher) {
        this.beforeCommit = requireNonNull(publisher, "publisher is null");
    }

    /** The slots of {@code document} that received a number not exact in the decimal in this group ({@link SlotValues}). */
    void otherNumbers(Document document, boolean[] slotsWithOtherNumbers) {
        for (int slot = 1; slot < slotsWithOtherNumbers.length; slot++) {
            if (slotsWithOtherNumbers[slot] && !otherNumbers.get(document).contains(slot)) {
                newOtherNumbers.get(document).add(slot);
            }
        }
    }

    /** The slots of {@code document} this group writes with: those committed and those it gives out. */
    Map<String, Integer> groupSlots(Document document) {
        if (newSlots.get(document).isEmpty()) {
            return slots.get(document);
        }
        Map<String, Integer> all = new LinkedHashMap<>(slots.get(document));
        all.putAll(newSlots.get(document));
        return all;
    }

    /**
     * Writes this group's new slots and, in the group's transaction, the rows of {@code property_kinds} it adds;
     * the counts of rows already there are carried in memory and added every {@value #FLUSH_GROUPS} groups
     * (an {@code UPDATE} per group cost ingestion a tenth of its time), so after a crash they may lack those of
     * the last groups.
     */
    void write(DuckDBConnection connection) throws SQLException {
        Map<Observation, Long> written = new LinkedHashMap<>();
        flushes = groupsCarried + 1 >= FLUSH_GROUPS;
        if (flushes) {
            written.putAll(carried);
        }
        for (Map.Entry<Observation, Long> e : counts.entrySet()) {
            if (flushes || !stored.contains(e.getKey())) {
                written.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        if (!written.isEmpty()) {
            try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_kinds")) {
                for (Map.Entry<Observation, Long> e : written.entrySet()) {
                    Observation o = e.getKey();
                    a.beginRow().append(o.document().stored()).append(o.event()).append(o.key()).append(o.kind())
                            .append((long) e.getValue()).endRow();
                }
                a.flush();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("""
                        INSERT INTO property_kinds SELECT document, event, key, kind, count FROM stage_kinds
                        ON CONFLICT (document, event, key, kind) DO UPDATE SET count = property_kinds.count + excluded.count""");
                s.execute("DELETE FROM stage_kinds");
            }
        }
        List<Object[]> rows = new ArrayList<>();
        newSlots.forEach((document, m) -> m.forEach((key, slot) -> rows.add(new Object[] {document.stored(), slot, key})));
        if (!rows.isEmpty()) {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO typed_slots (document, slot, key)"
                    + " VALUES (?, ?, ?)")) {
                for (Object[] row : rows) {
                    p.setString(1, (String) row[0]);
                    p.setInt(2, (Integer) row[1]);
                    p.setString(3, (String) row[2]);
                    p.executeUpdate();
                }
            }
        }
    }

    /** Records this group's new other-number flags and publishes them, before the group commits. */
    void writeOtherNumbers(DuckDBConnection connection) throws SQLException {
        if (newOtherNumbers.values().stream().allMatch(Set::isEmpty)) {
            return;
        }
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE typed_slots SET other_numbers = true WHERE document = ? AND slot = ?")) {
            for (Document d : Document.values()) {
                for (int slot : newOtherNumbers.get(d)) {
                    p.setString(1, d.stored());
                    p.setInt(2, slot);
                    p.executeUpdate();
                }
            }
        }
        TypedColumns published = columns();
        for (Document d : Document.values()) {
            published = published.withOtherNumbers(d, newOtherNumbers.get(d));
        }
        beforeCommit.accept(published);
    }

    /** Whether this group gave out slots (the published {@link #columns()} change when it commits). */
    boolean slotsChanged() {
        return newSlots.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** The group's transaction committed: its keys and slots are the catalog's now. */
    void commit() {
        if (flushes) {
            carried.clear();
            groupsCarried = 0;
        } else {
            for (Map.Entry<Observation, Long> e : counts.entrySet()) {
                if (stored.contains(e.getKey())) {
                    carried.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            groupsCarried++;
        }
        stored.addAll(counts.keySet());
        for (Document d : Document.values()) {
            known.get(d).addAll(newKeys.get(d));
            slots.get(d).putAll(newSlots.get(d));
            otherNumbers.get(d).addAll(newOtherNumbers.get(d));
        }
        rollback();
    }

    /** Forgets the group. */
    void rollback() {
        counts.clear();
        for (Document d : Document.values()) {
            newKeys.get(d).clear();
            newSlots.get(d).clear();
            newOtherNumbers.get(d).clear();
        }
    }

    /** The committed slots. */
    public TypedColumns columns() {
        return TypedColumns.of(slots.get(Document.EVENT_PROPERTIES), slots.get(Document.USER_TRAITS),
                otherNumbers.get(Document.EVENT_PROPERTIES), otherNumbers.get(Document.USER_TRAITS));
    }

    /**
     * Builds the catalog of a store written before it existed, in one transaction: the keys and kinds of every
     * stored document, the most frequent {@value TypedColumns#SLOTS} keys of each document given slots (ties by
     * key), and their slot columns filled on every row. Does nothing once done ({@code typed_state}).
     */
    public static void upgrade(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM typed_state WHERE state = 'pending'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            s.execute("BEGIN TRANSACTION");
            boolean committed = false;
            try {
                String eventKey = "'/' || replace(replace(key, '~', '~0'), '/', '~1')";
                s.execute("INSERT INTO property_kinds SELECT 'event', name, key, "
                        + TypedSql.coarseKindSql("json_extract(props, " + eventKey + ")")
                        + ", count(*) FROM (SELECT name, props, unnest(json_keys(props)) AS key FROM events) AS k"
                        + " GROUP BY ALL");
                s.execute("INSERT INTO property_kinds SELECT 'trait', '', key, "
                        + TypedSql.coarseKindSql("json_extract(traits, " + eventKey + ")")
                        + ", count(*) FROM (SELECT traits, unnest(json_keys(traits)) AS key FROM users) AS k"
                        + " GROUP BY ALL");
                for (Document d : Document.values()) {
                    Map<String, Integer> assigned = new LinkedHashMap<>();
                    try (PreparedStatement p = connection.prepareStatement("SELECT key FROM property_kinds"
                            + " WHERE document = ? GROUP BY key ORDER BY sum(count) DESC, key")) {
                        p.setString(1, d.stored());
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next() && assigned.size() < TypedColumns.SLOTS) {
                                if (TypedSql.slottable(rs.getString(1))) {
                                    assigned.put(rs.getString(1), assigned.size() + 1);
                                }
                            }
                        }
                    }
                    try (PreparedStatement p = connection.prepareStatement("INSERT INTO typed_slots (document, slot, key)"
                            + " VALUES (?, ?, ?)")) {
                        for (Map.Entry<String, Integer> e : assigned.entrySet()) {
                            p.setString(1, d.stored());
                            p.setInt(2, e.getValue());
                            p.setString(3, e.getKey());
                            p.executeUpdate();
                        }
                    }
                    if (!assigned.isEmpty()) {
                        for (String[] table : TypedSql.tables(d)) {
                            fill(connection, table[0], table[1], assigned);
                        }
                    }
                }
                for (String flag : TypedSql.flagOtherNumbers().split(";\n")) {
                    s.execute(flag);
                }
                s.execute("UPDATE typed_state SET state = 'done'");
                s.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    try {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the transaction is gone with the failure
                    }
                }
            }
        }
    }

    /** Sets the slot columns of {@code slots} on every row of {@code table} from its JSON column {@code document}. */
    static void fill(Connection connection, String table, String document, Map<String, Integer> slots)
            throws SQLException {
        fill(connection, table, document, slots, "TRUE");
    }

    /** {@link #fill(Connection, String, String, Map)} on the rows passing {@code where} (SQL of the store's own). */
    static void fill(Connection connection, String table, String document, Map<String, Integer> slots, String where)
            throws SQLException {
        StringJoiner set = new StringJoiner(", ");
        for (int slot : slots.values()) {
            for (String column : List.of(TypedColumns.kindColumn(slot), TypedColumns.decimalColumn(slot),
                    TypedColumns.textColumn(slot))) {
                set.add(column + " = slot_x." + column);
            }
        }
        TypedSql.Query rows = TypedSql.withSlots("(SELECT rowid AS slot_row, " + document + " FROM " + table + " WHERE "
                + where + ") AS slot_src", document, slots, "slot_row");
        new TypedSql.Query("UPDATE " + table + " SET " + set + " FROM (" + rows.sql() + ") AS slot_x(slot_row, "
                + TypedSql.slotColumnList() + ") WHERE " + table + ".rowid = slot_x.slot_row", rows.parameters())
                .execute(connection);
    }
}

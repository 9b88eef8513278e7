package io.segments.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The typed columns of the store: the top-level event properties and user traits that have a <em>slot</em>, a
 * fixed triple of columns beside the JSON document that holds the same value typed, so that a query reads a
 * narrow column instead of extracting JSON. Slot {@code i} of a row is the columns {@code t<i>_k} (the value's
 * {@link Kind}), {@code t<i>_d} ({@code DECIMAL(18,6)}: an exact number, or 1 and 0 for true and false) and
 * {@code t<i>_s} ({@code VARCHAR}: a string, or the JSON text of a number that is not exact in that decimal and of
 * an array), on the event tables for properties and on {@code users} for traits. A key without its value (absent)
 * has all three {@code NULL}.
 *
 * <p>Slots are given out per <em>scope</em>: per event name for properties (slot 1 of an {@code Order Completed}
 * row may be its {@code amount} while slot 1 of a {@code Page Viewed} row is its {@code url}), and once for all
 * traits (the scope with the empty event name). An event reads few keys, so few slot columns serve every event
 * name: {@link #slotCount} per document ({@value #EVENT_SLOTS} on the event tables of a store made since schema
 * version 6, {@value #SLOTS} on those of an older store whose slots needed more, and on {@code users}). Every
 * reading of an event property names its event, so a query tests {@code name} with the slot.
 *
 * <p>The slots are exact under any mix of types: a property that is a number a million times and then a string
 * has kind {@link Kind#STRING} on that row, so every test on it gives what the JSON gives. A key is given a slot
 * of its scope when the store first sees it there (so no row written before lacks it) while slots are free; a
 * store upgraded from before typed columns gives the most frequent keys of each scope slots and fills them for
 * the rows already there. Slots are never taken back. Keys without a slot, and nested fields, are read from the
 * JSON.
 *
 * <p>An instance is an immutable view of the slots at some moment: a slot it names is filled on every row any
 * later read sees (a slot is recorded in the transaction that writes the first rows holding its key).
 */
public final class TypedColumns {
    /** The most slots a document's rows have (the trait slots; the event slots of stores made before version 6). */
    public static final int SLOTS = 16;

    /** The event slots of a store made since schema version 6: slot columns on the event tables. */
    public static final int EVENT_SLOTS = 8;

    /** No slots: every field is read from its JSON document. */
    public static final TypedColumns NONE = new Builder(EVENT_SLOTS).build();

    /** Plain decimal text with at most 12 integer digits and at most 6 fraction digits (a DuckDB regex). */
    public static final String EXACT_FORM = "-?[0-9]{1,12}([.][0-9]{1,6})?";

    /** What a slot's value is, stored as its {@link #code()} in {@code t<i>_k}. */
    public enum Kind {
        /** JSON {@code null}. */
        NULL(0),
        /** A string, in {@code t<i>_s}. */
        STRING(1),
        /** A number written plainly with at most 12 integer and 6 fraction digits, exactly in {@code t<i>_d}. */
        EXACT_NUMBER(2),
        /** Any other number, its JSON text in {@code t<i>_s}. */
        OTHER_NUMBER(3),
        /** {@code true} or {@code false}, as 1 or 0 in {@code t<i>_d}. */
        BOOLEAN(4),
        /** An array, its JSON text in {@code t<i>_s}. */
        ARRAY(5),
        /** An object. */
        OBJECT(6),
        /** Anything else the JSON reader may produce. */
        OTHER(7);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /**
         * Whether a slot of this kind holds its value whole, so that an event's stored document leaves it out
         * ({@link EventDocuments}): every kind but an object (whose fields are read from the document by path) and
         * {@link #OTHER}.
         */
        public boolean holdsValue() {
            return this != OBJECT && this != OTHER;
        }
    }

    /** The JSON documents that have slots. */
    public enum Document {
        /** {@code props} of the event tables. */
        EVENT_PROPERTIES("event"),
        /** {@code traits} of {@code users}. */
        USER_TRAITS("trait");

        private final String stored;

        Document(String stored) {
            this.stored = stored;
        }

        /** The name in {@code typed_slots.document} and {@code property_kinds.document}. */
        public String stored() {
            return stored;
        }

        static Document of(String stored) {
            for (Document d : values()) {
                if (d.stored.equals(stored)) {
                    return d;
                }
            }
            throw new IllegalStateException("unknown document in typed_slots: " + stored);
        }
    }

    /** Where a slot is given out: a document, and for event properties the event name (traits: the empty name). */
    public record Scope(Document document, String event) {
        public Scope {
            requireNonNull(document, "document is null");
            requireNonNull(event, "event is null");
            if (document == Document.USER_TRAITS && !event.isEmpty()) {
                throw new IllegalArgumentException("traits have one scope, with the empty event name");
            }
        }

        /** The scope of every trait. */
        public static final Scope TRAITS = new Scope(Document.USER_TRAITS, "");

        /** The properties of events named {@code event}. */
        public static Scope event(String event) {
            return new Scope(Document.EVENT_PROPERTIES, event);
        }
    }

    private final Map<Scope, Map<String, Integer>> slots;
    private final Map<Scope, Set<Integer>> otherNumbers;
    private final int eventSlots;

    private TypedColumns(Map<Scope, Map<String, Integer>> slots, Map<Scope, Set<Integer>> otherNumbers, int eventSlots) {
        Map<Scope, Map<String, Integer>> copy = new LinkedHashMap<>();
        slots.forEach((scope, keys) -> {
            if (!keys.isEmpty()) {
                copy.put(scope, Collections.unmodifiableMap(new LinkedHashMap<>(keys)));
            }
        });
        Map<Scope, Set<Integer>> others = new HashMap<>();
        otherNumbers.forEach((scope, set) -> {
            if (!set.isEmpty()) {
                others.put(scope, Set.copyOf(set));
            }
        });
        this.slots = Collections.unmodifiableMap(copy);
        this.otherNumbers = Collections.unmodifiableMap(others);
        this.eventSlots = eventSlots;
    }

    /** Builds the slots of a store whose event tables have {@code eventSlots} slot columns. */
    public static Builder builder(int eventSlots) {
        return new Builder(eventSlots);
    }

    /** Collects slots; checks them when built. */
    public static final class Builder {
        private final int eventSlots;
        private final Map<Scope, Map<String, Integer>> slots = new LinkedHashMap<>();
        private final Map<Scope, Set<Integer>> otherNumbers = new HashMap<>();

        private Builder(int eventSlots) {
            if (eventSlots < 1 || eventSlots > SLOTS) {
                throw new IllegalArgumentException("event slot columns out of range: " + eventSlots);
            }
            this.eventSlots = eventSlots;
        }

        /** Key {@code key} of {@code scope} has slot {@code slot}; the slot holds only exact numbers. */
        public Builder slot(Scope scope, String key, int slot) {
            if (slot < 1 || slot > count(scope.document(), eventSlots)) {
                throw new IllegalArgumentException("slot out of range: " + slot + " of " + scope);
            }
            Map<String, Integer> keys = slots.computeIfAbsent(scope, s -> new LinkedHashMap<>());
            if (keys.containsValue(slot) && !Integer.valueOf(slot).equals(keys.get(key))) {
                throw new IllegalArgumentException("two keys share slot " + slot + " of " + scope);
            }
            keys.put(requireNonNull(key, "key is null"), slot);
            return this;
        }

        /** Every key of {@code keys} of {@code scope} has its slot. */
        public Builder slots(Scope scope, Map<String, Integer> keys) {
            keys.forEach((key, slot) -> slot(scope, key, slot));
            return this;
        }

        /** Slot {@code slot} of {@code scope} may hold numbers not exact in its decimal ({@link Kind#OTHER_NUMBER}). */
        public Builder otherNumbers(Scope scope, int slot) {
            otherNumbers.computeIfAbsent(scope, s -> new java.util.HashSet<>()).add(slot);
            return this;
        }

        public TypedColumns build() {
            return new TypedColumns(slots, otherNumbers, eventSlots);
        }
    }

    /** The slots recorded in the store behind {@code connection}. */
    public static TypedColumns read(Connection connection) throws SQLException {
        Builder builder = builder(eventSlotColumns(connection));
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'trait', '', key, slot, coalesce(other_numbers, true) FROM typed_slots"
                     + " WHERE document = 'trait' UNION ALL SELECT 'event', event, key, slot, other_numbers"
                     + " FROM event_slots ORDER BY 1, 2, 4")) {
            while (rs.next()) {
                Scope scope = new Scope(Document.of(rs.getString(1)), rs.getString(2));
                builder.slot(scope, rs.getString(3), rs.getInt(4));
                if (rs.getBoolean(5)) {
                    builder.otherNumbers(scope, rs.getInt(4));
                }
            }
        }
        return builder.build();
    }

    /** How many slot columns the event tables of the store behind {@code connection} have. */
    public static int eventSlotColumns(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_columns() WHERE table_name = '"
                     + Schema.EVENTS_RECENT + "' AND schema_name = 'main' AND regexp_full_match(column_name, 't[0-9]+_k')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Catalogues every stored document anew and gives slots to the most frequent keys of each scope, filling them
     * on every row: what the store does once for the rows of a store written before typed columns, here for tools
     * and tests that write rows past ingestion. Answers the slots.
     */
    public static TypedColumns rebuild(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM property_kinds");
            s.execute("DELETE FROM typed_slots");
            s.execute("DELETE FROM event_slots");
            s.execute("UPDATE typed_state SET state = 'pending'");
        }
        io.segments.store.internal.CatalogUpgrade.upgrade(connection);
        return read(connection);
    }

    /** The slot of top-level key {@code key} in {@code scope}, if it has one. */
    public OptionalInt slot(Scope scope, String key) {
        Integer slot = slots(scope).get(key);
        return slot == null ? OptionalInt.empty() : OptionalInt.of(slot);
    }

    /** Key to slot of {@code scope}. */
    public Map<String, Integer> slots(Scope scope) {
        return slots.getOrDefault(scope, Map.of());
    }

    /** The scopes that have slots. */
    public Set<Scope> scopes() {
        return slots.keySet();
    }

    /** How many slots the rows of {@code document} have. */
    public int slotCount(Document document) {
        return count(document, eventSlots);
    }

    private static int count(Document document, int eventSlots) {
        return document == Document.EVENT_PROPERTIES ? eventSlots : SLOTS;
    }

    /**
     * Whether slot {@code slot} of {@code scope} holds no number that is not exact in its decimal, in every row a
     * read sees that pinned its snapshot of the store before it asked for these columns (the store says a slot may
     * hold one before the commit that writes the first): its numbers are all in its decimal column.
     */
    public boolean exactNumbersOnly(Scope scope, int slot) {
        return !otherNumbers.getOrDefault(scope, Set.of()).contains(slot);
    }

    /** These slots, with {@code slots} of {@code scope} also saying they may hold numbers not exact. */
    public TypedColumns withOtherNumbers(Scope scope, Set<Integer> slots) {
        Map<Scope, Set<Integer>> others = new HashMap<>();
        otherNumbers.forEach((s, set) -> others.put(s, new java.util.HashSet<>(set)));
        others.computeIfAbsent(scope, s -> new java.util.HashSet<>()).addAll(slots);
        return new TypedColumns(this.slots, others, eventSlots);
    }

    /** Whether no key has a slot. */
    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The kind column of slot {@code slot}. */
    public static String kindColumn(int slot) {
        return "t" + checked(slot) + "_k";
    }

    /** The decimal column of slot {@code slot}. */
    public static String decimalColumn(int slot) {
        return "t" + checked(slot) + "_d";
    }

    /** The text column of slot {@code slot}. */
    public static String textColumn(int slot) {
        return "t" + checked(slot) + "_s";
    }

    private static int checked(int slot) {
        if (slot < 1 || slot > SLOTS) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        return slot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypedColumns t && t.slots.equals(slots) && t.otherNumbers.equals(otherNumbers)
                && t.eventSlots == eventSlots;
    }

    @Override
    public int hashCode() {
        return Objects.hash(slots, otherNumbers, eventSlots);
    }

    @Override
    public String toString() {
        return "TypedColumns{slots=" + slots + ", other numbers: " + otherNumbers + ", event slots " + eventSlots + "}";
    }
}

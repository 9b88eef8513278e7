package io.segments.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The typed columns of the store: the top-level event properties and user traits that have a <em>slot</em>, a
 * fixed triple of columns beside the JSON document that holds the same value typed, so that a query reads a
 * narrow column instead of extracting JSON. Slot {@code i} ({@code 1 .. }{@value #SLOTS}) of a document is the
 * columns {@code t<i>_k} (the value's {@link Kind}), {@code t<i>_d} ({@code DECIMAL(18,6)}: an exact number, or 1
 * and 0 for true and false) and {@code t<i>_s} ({@code VARCHAR}: a string, or the JSON text of a number that is
 * not exact in that decimal and of an array), on the event tables for properties and on {@code users} for traits.
 * A key without its value (absent) has all three {@code NULL}.
 *
 * <p>The slots are exact under any mix of types: a property that is a number a million times and then a string
 * has kind {@link Kind#STRING} on that row, so every test on it gives what the JSON gives. A key is given a slot
 * when the store first sees it (so no row written before lacks it) while slots are free; a store upgraded from
 * before typed columns gives its most frequent keys slots and fills them for the rows already there. Slots are
 * never taken back. Keys without a slot, and nested fields, are read from the JSON.
 *
 * <p>An instance is an immutable view of the slots at some moment: a slot it names is filled on every row any
 * later read sees (a slot is recorded in the transaction that writes the first rows holding its key).
 */
public final class TypedColumns {
    /** Slots per document (event properties, user traits). */
    public static final int SLOTS = 16;

    /** No slots: every field is read from its JSON document. */
    public static final TypedColumns NONE = new TypedColumns(Map.of(), Map.of(), Set.of(), Set.of());

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

    private final Map<String, Integer> events;
    private final Map<String, Integer> traits;
    private final Set<Integer> eventOtherNumbers;
    private final Set<Integer> traitOtherNumbers;

    private TypedColumns(Map<String, Integer> events, Map<String, Integer> traits, Set<Integer> eventOtherNumbers,
                         Set<Integer> traitOtherNumbers) {
        this.events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
        this.traits = Collections.unmodifiableMap(new LinkedHashMap<>(traits));
        this.eventOtherNumbers = Set.copyOf(eventOtherNumbers);
        this.traitOtherNumbers = Set.copyOf(traitOtherNumbers);
    }

    /** The slots of {@code slots}, key to slot number, per document; every slot may hold any number. */
    public static TypedColumns of(Map<String, Integer> eventSlots, Map<String, Integer> traitSlots) {
        Set<Integer> all = new java.util.HashSet<>();
        for (int i = 1; i <= SLOTS; i++) {
            all.add(i);
        }
        return of(eventSlots, traitSlots, all, all);
    }

    /**
     * The slots of {@code slots}, key to slot number, per document, and per document the slots that may hold a
     * number not exact in their decimal ({@link Kind#OTHER_NUMBER}); the others hold none in any row.
     */
    public static TypedColumns of(Map<String, Integer> eventSlots, Map<String, Integer> traitSlots,
                                  Set<Integer> eventOtherNumbers, Set<Integer> traitOtherNumbers) {
        requireNonNull(eventSlots, "eventSlots is null");
        requireNonNull(traitSlots, "traitSlots is null");
        for (Map<String, Integer> m : java.util.List.of(eventSlots, traitSlots)) {
            for (int slot : m.values()) {
                if (slot < 1 || slot > SLOTS) {
                    throw new IllegalArgumentException("slot out of range: " + slot);
                }
            }
            if (m.values().stream().distinct().count() != m.size()) {
                throw new IllegalArgumentException("two keys share a slot: " + m);
            }
        }
        return new TypedColumns(eventSlots, traitSlots, eventOtherNumbers, traitOtherNumbers);
    }

    /** The slots recorded in the store behind {@code connection}. */
    public static TypedColumns read(Connection connection) throws SQLException {
        Map<String, Integer> events = new LinkedHashMap<>();
        Map<String, Integer> traits = new LinkedHashMap<>();
        Set<Integer> eventOthers = new java.util.HashSet<>();
        Set<Integer> traitOthers = new java.util.HashSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT document, slot, key, coalesce(other_numbers, true) FROM typed_slots"
                     + " ORDER BY document, slot")) {
            while (rs.next()) {
                Document d = Document.of(rs.getString(1));
                (d == Document.EVENT_PROPERTIES ? events : traits).put(rs.getString(3), rs.getInt(2));
                if (rs.getBoolean(4)) {
                    (d == Document.EVENT_PROPERTIES ? eventOthers : traitOthers).add(rs.getInt(2));
                }
            }
        }
        return of(events, traits, eventOthers, traitOthers);
    }

    /**
     * Catalogues every stored document anew and gives slots to the most frequent keys, filling them on every row:
     * what the store does once for the rows of a store written before typed columns, here for tools and tests that
     * write rows past ingestion. Answers the slots.
     */
    public static TypedColumns rebuild(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM property_kinds");
            s.execute("DELETE FROM typed_slots");
            s.execute("UPDATE typed_state SET state = 'pending'");
        }
        io.segments.store.internal.PropertyCatalog.upgrade(connection);
        return read(connection);
    }

    /** The slot of top-level key {@code key} of {@code document}, if it has one. */
    public OptionalInt slot(Document document, String key) {
        Integer slot = (document == Document.EVENT_PROPERTIES ? events : traits).get(key);
        return slot == null ? OptionalInt.empty() : OptionalInt.of(slot);
    }

    /** Key to slot of {@code document}. */
    public Map<String, Integer> slots(Document document) {
        return document == Document.EVENT_PROPERTIES ? events : traits;
    }

    /**
     * Whether slot {@code slot} of {@code document} holds no number that is not exact in its decimal, in every row
     * a read sees that pinned its snapshot of the store before it asked for these columns (the store says a slot
     * may hold one before the commit that writes the first): its numbers are all in its decimal column.
     */
    public boolean exactNumbersOnly(Document document, int slot) {
        return !(document == Document.EVENT_PROPERTIES ? eventOtherNumbers : traitOtherNumbers).contains(slot);
    }

    /** These slots, with {@code slots} of {@code document} also saying they may hold numbers not exact. */
    public TypedColumns withOtherNumbers(Document document, Set<Integer> slots) {
        Set<Integer> events = new java.util.HashSet<>(eventOtherNumbers);
        Set<Integer> traits = new java.util.HashSet<>(traitOtherNumbers);
        (document == Document.EVENT_PROPERTIES ? events : traits).addAll(slots);
        return new TypedColumns(this.events, this.traits, events, traits);
    }

    /** Whether no key has a slot. */
    public boolean isEmpty() {
        return events.isEmpty() && traits.isEmpty();
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
        return o instanceof TypedColumns t && t.events.equals(events) && t.traits.equals(traits)
                && t.eventOtherNumbers.equals(eventOtherNumbers) && t.traitOtherNumbers.equals(traitOtherNumbers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(events, traits, eventOtherNumbers, traitOtherNumbers);
    }

    @Override
    public String toString() {
        return "TypedColumns{events=" + events + ", traits=" + traits + ", other numbers: events " + eventOtherNumbers
                + ", traits " + traitOtherNumbers + "}";
    }
}

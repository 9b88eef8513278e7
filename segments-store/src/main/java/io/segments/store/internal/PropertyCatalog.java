package io.segments.store.internal;

import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Document;
import io.segments.store.TypedColumns.Scope;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * What the store has seen of its JSON documents: per event name (traits: the empty name) each top-level key and
 * how many values of each coarse kind it had ({@code property_kinds}), and which keys have typed slots in each
 * scope ({@code event_slots} per event name, {@code typed_slots} for traits; see {@link TypedColumns}). The
 * ingestion writer owns it: each group {@link #observe}s its documents, writes what is new in its transaction
 * ({@link #write}), and only once that transaction has committed does the catalog take it in ({@link #commit};
 * {@link #rollback} forgets it).
 *
 * <p>A key is given a free slot of its scope the first time it is seen there, so every row holding it is written
 * after the slot exists and gets its slot columns; a key seen before (while no slot was free) never gets one.
 */
public final class PropertyCatalog {
    static final String TABLES = """
            CREATE TEMP TABLE IF NOT EXISTS stage_kinds (document VARCHAR, event VARCHAR, key VARCHAR, kind VARCHAR,
                count BIGINT);
            """;

    /** Groups whose counts of known rows are carried in memory before they are written. */
    static final int FLUSH_GROUPS = 64;

    private final int eventSlots;
    private final Map<Scope, Set<String>> known = new HashMap<>();
    private final Map<Scope, Map<String, Integer>> slots = new HashMap<>();
    /** Per scope, the slots that may hold numbers not exact in their decimal (committed). */
    private final Map<Scope, Set<Integer>> otherNumbers = new HashMap<>();
    private Consumer<TypedColumns> beforeCommit = columns -> { };

    /** The (document, event, key, kind) rows {@code property_kinds} holds. */
    private final Set<Observation> stored = new HashSet<>();
    /** Counts of stored rows seen by committed groups and not yet added to {@code property_kinds}. */
    private final Map<Observation, Long> carried = new LinkedHashMap<>();
    private int groupsCarried;

    // per group
    /** Per scope, per key, how many values of each coarse kind ({@link TypedSql#COARSE_KINDS}) this group has. */
    private final Map<Scope, Map<String, long[]>> counts = new HashMap<>();
    /** The counts of each event name's scope, found by the name. */
    private final Map<String, Map<String, long[]>> eventCounts = new HashMap<>();
    private boolean flushes;
    private final Map<Scope, Map<String, Integer>> newSlots = new LinkedHashMap<>();
    private final Map<Scope, Set<Integer>> newOtherNumbers = new LinkedHashMap<>();

    private record Observation(Document document, String event, String key, String kind) {
    }

    private PropertyCatalog(int eventSlots) {
        this.eventSlots = eventSlots;
    }

    /** The catalog stored behind {@code connection}. */
    public static PropertyCatalog load(Connection connection) throws SQLException {
        TypedColumns typed = TypedColumns.read(connection);
        PropertyCatalog catalog = new PropertyCatalog(typed.slotCount(Document.EVENT_PROPERTIES));
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT document, event, key, kind FROM property_kinds")) {
                while (rs.next()) {
                    Document d = document(rs.getString(1));
                    Scope scope = scope(d, rs.getString(2));
                    catalog.known.computeIfAbsent(scope, x -> new HashSet<>()).add(rs.getString(3));
                    catalog.stored.add(new Observation(d, rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        for (Scope scope : typed.scopes()) {
            catalog.slots.put(scope, new LinkedHashMap<>(typed.slots(scope)));
            for (int slot = 1; slot <= typed.slotCount(scope.document()); slot++) {
                if (!typed.exactNumbersOnly(scope, slot)) {
                    catalog.otherNumbers.computeIfAbsent(scope, x -> new HashSet<>()).add(slot);
                }
            }
        }
        return catalog;
    }

    static Document document(String stored) {
        for (Document d : Document.values()) {
            if (d.stored().equals(stored)) {
                return d;
            }
        }
        throw new IllegalStateException("unknown document in property_kinds: " + stored);
    }

    /** The scope of a document of event {@code event} (traits: every event name is the same scope). */
    static Scope scope(Document document, String event) {
        return document == Document.USER_TRAITS ? Scope.TRAITS : Scope.event(event);
    }

    /** How many slots the rows of {@code document} have. */
    private int slotCount(Document document) {
        return document == Document.EVENT_PROPERTIES ? eventSlots : TypedColumns.SLOTS;
    }

    /** The top-level values of one document of this group (an event's properties, a trait update). */
    void observe(Document document, String event, Map<String, Object> values) {
        Map<String, long[]> scopeCounts = document == Document.USER_TRAITS
                ? counts.computeIfAbsent(Scope.TRAITS, x -> new HashMap<>())
                : eventCounts.computeIfAbsent(event, e -> counts.computeIfAbsent(Scope.event(e), x -> new HashMap<>()));
        for (Map.Entry<String, Object> e : values.entrySet()) {
            long[] kinds = scopeCounts.get(e.getKey());
            if (kinds == null) {
                kinds = new long[TypedSql.COARSE_KINDS.size()];
                scopeCounts.put(e.getKey(), kinds);
                firstInGroup(scope(document, event), e.getKey());
            }
            kinds[TypedSql.coarseKindIndex(e.getValue())]++;
        }
    }

    /** Gives {@code key} a free slot of {@code scope} if the store has never seen it there. */
    private void firstInGroup(Scope scope, String key) {
        if (known.getOrDefault(scope, Set.of()).contains(key) || !TypedSql.slottable(key)) {
            return;
        }
        Map<String, Integer> given = newSlots.computeIfAbsent(scope, x -> new LinkedHashMap<>());
        int free = freeSlot(slots.getOrDefault(scope, Map.of()), given, slotCount(scope.document()));
        if (free > 0) {
            given.put(key, free);
        }
    }

    /**
     * The lowest slot of {@code count} neither {@code committed} nor {@code given} uses, 0 when none is free (the
     * slots of a scope upgraded from schema version 5 need not be the first ones).
     */
    private static int freeSlot(Map<String, Integer> committed, Map<String, Integer> given, int count) {
        for (int slot = 1; slot <= count; slot++) {
            if (!committed.containsValue(slot) && !given.containsValue(slot)) {
                return slot;
            }
        }
        return 0;
    }

    /**
     * Where the columns are published that say a slot may hold a number not exact in its decimal: called in a
     * group's transaction before it commits the first such number (readers pin their snapshot before they read
     * the columns, so none sees that number with columns that deny it).
     */
    void publishOtherNumbersTo(Consumer<TypedColumns> publisher) {
        this.beforeCommit = requireNonNull(publisher, "publisher is null");
    }

    /** The slots of {@code scope} that received a number not exact in the decimal in this group ({@link SlotValues}). */
    void otherNumbers(Scope scope, boolean[] slotsWithOtherNumbers) {
        Set<Integer> committed = otherNumbers.getOrDefault(scope, Set.of());
        for (int slot = 1; slot < slotsWithOtherNumbers.length; slot++) {
            if (slotsWithOtherNumbers[slot] && !committed.contains(slot)) {
                newOtherNumbers.computeIfAbsent(scope, x -> new HashSet<>()).add(slot);
            }
        }
    }

    /** The slot values of {@code scope} for this group: with the slots committed and those the group gives out. */
    SlotValues groupSlots(Scope scope) {
        Map<String, Integer> committed = slots.getOrDefault(scope, Map.of());
        Map<String, Integer> given = newSlots.getOrDefault(scope, Map.of());
        Map<String, Integer> all = committed;
        if (!given.isEmpty()) {
            all = new LinkedHashMap<>(committed);
            all.putAll(given);
        }
        return new SlotValues(all, slotCount(scope.document()));
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
        for (Map.Entry<Observation, Long> e : observations().entrySet()) {
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
        if (newSlots.values().stream().anyMatch(m -> !m.isEmpty())) {
            insertSlots(connection, newSlots);
        }
    }

    /** Records the slots {@code given} (per scope, key to slot) in {@code typed_slots} (traits) and {@code event_slots}. */
    static void insertSlots(Connection connection, Map<Scope, Map<String, Integer>> given) throws SQLException {
        try (PreparedStatement traits = connection.prepareStatement("INSERT INTO typed_slots (document, slot, key)"
                + " VALUES ('trait', ?, ?)");
             PreparedStatement events = connection.prepareStatement("INSERT INTO event_slots (event, key, slot)"
                     + " VALUES (?, ?, ?)")) {
            for (Map.Entry<Scope, Map<String, Integer>> e : given.entrySet()) {
                for (Map.Entry<String, Integer> slot : e.getValue().entrySet()) {
                    if (e.getKey().document() == Document.USER_TRAITS) {
                        traits.setInt(1, slot.getValue());
                        traits.setString(2, slot.getKey());
                        traits.executeUpdate();
                    } else {
                        events.setString(1, e.getKey().event());
                        events.setString(2, slot.getKey());
                        events.setInt(3, slot.getValue());
                        events.executeUpdate();
                    }
                }
            }
        }
    }

    /** Records this group's new other-number flags and publishes them, before the group commits. */
    void writeOtherNumbers(DuckDBConnection connection) throws SQLException {
        if (newOtherNumbers.values().stream().allMatch(Set::isEmpty)) {
            return;
        }
        try (PreparedStatement traits = connection.prepareStatement(
                "UPDATE typed_slots SET other_numbers = true WHERE document = 'trait' AND slot = ?");
             PreparedStatement events = connection.prepareStatement(
                     "UPDATE event_slots SET other_numbers = true WHERE event = ? AND slot = ?")) {
            for (Map.Entry<Scope, Set<Integer>> e : newOtherNumbers.entrySet()) {
                for (int slot : e.getValue()) {
                    if (e.getKey().document() == Document.USER_TRAITS) {
                        traits.setInt(1, slot);
                        traits.executeUpdate();
                    } else {
                        events.setString(1, e.getKey().event());
                        events.setInt(2, slot);
                        events.executeUpdate();
                    }
                }
            }
        }
        TypedColumns published = columns();
        for (Map.Entry<Scope, Set<Integer>> e : newOtherNumbers.entrySet()) {
            published = published.withOtherNumbers(e.getKey(), e.getValue());
        }
        beforeCommit.accept(published);
    }

    /** Whether this group gave out slots (the published {@link #columns()} change when it commits). */
    boolean slotsChanged() {
        return newSlots.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** The group's transaction committed: its keys and slots are the catalog's now. */
    void commit() {
        Map<Observation, Long> observations = observations();
        if (flushes) {
            carried.clear();
            groupsCarried = 0;
        } else {
            for (Map.Entry<Observation, Long> e : observations.entrySet()) {
                if (stored.contains(e.getKey())) {
                    carried.merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            groupsCarried++;
        }
        stored.addAll(observations.keySet());
        counts.forEach((scope, keys) -> known.computeIfAbsent(scope, x -> new HashSet<>()).addAll(keys.keySet()));
        newSlots.forEach((scope, m) -> slots.computeIfAbsent(scope, x -> new LinkedHashMap<>()).putAll(m));
        newOtherNumbers.forEach((scope, set) -> otherNumbers.computeIfAbsent(scope, x -> new HashSet<>()).addAll(set));
        rollback();
    }

    /** This group's counts per (document, event, key, kind). */
    private Map<Observation, Long> observations() {
        Map<Observation, Long> observations = new LinkedHashMap<>();
        counts.forEach((scope, keys) -> keys.forEach((key, kinds) -> {
            for (int k = 0; k < kinds.length; k++) {
                if (kinds[k] > 0) {
                    observations.put(new Observation(scope.document(), scope.event(), key,
                            TypedSql.COARSE_KINDS.get(k)), kinds[k]);
                }
            }
        }));
        return observations;
    }

    /** Forgets the group. */
    void rollback() {
        counts.clear();
        eventCounts.clear();
        newSlots.clear();
        newOtherNumbers.clear();
    }

    /** The committed slots. */
    public TypedColumns columns() {
        TypedColumns.Builder builder = TypedColumns.builder(eventSlots);
        slots.forEach(builder::slots);
        otherNumbers.forEach((scope, set) -> set.forEach(slot -> builder.otherNumbers(scope, slot)));
        return builder.build();
    }
}

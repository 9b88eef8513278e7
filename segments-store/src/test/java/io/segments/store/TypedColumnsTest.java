package io.segments.store;

import io.segments.store.TypedColumns.Document;
import io.segments.store.TypedColumns.Kind;
import io.segments.store.TypedColumns.Scope;
import io.segments.store.internal.Migrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed slots: every top-level key the store first sees gets a slot while slots are free, and each row's slot
 * columns hold its value's kind, exact decimal and text exactly as the JSON holds it, whatever mix of types a key
 * has; an older store gets slots for its most frequent keys, filled on every row, when it is opened.
 */
class TypedColumnsTest {
    @TempDir
    Path dir;

    /** Each JSON value, the kind its slot holds, and its decimal and text columns (as ingestion writes them). */
    private static final List<Object[]> VALUES = List.of(
            new Object[] {"\"TV\"", Kind.STRING, null, "TV"},
            new Object[] {"\"\"", Kind.STRING, null, ""},
            new Object[] {"\"it's \\\"quoted\\\" \\u00e9\"", Kind.STRING, null, "it's \"quoted\" é"},
            new Object[] {"820", Kind.EXACT_NUMBER, new BigDecimal("820.000000"), null},
            new Object[] {"-820.5", Kind.EXACT_NUMBER, new BigDecimal("-820.500000"), null},
            // an exact number keeps the text its document had when it is not the decimal's plain form
            new Object[] {"0.000001", Kind.EXACT_NUMBER, new BigDecimal("0.000001"), "1.0E-6"},
            new Object[] {"41.0", Kind.EXACT_NUMBER, new BigDecimal("41.000000"), "41.0"},
            new Object[] {"999999999999", Kind.EXACT_NUMBER, new BigDecimal("999999999999.000000"), null},
            new Object[] {"1000000000000", Kind.OTHER_NUMBER, null, "1000000000000"},
            new Object[] {"0.1234567", Kind.OTHER_NUMBER, null, "0.1234567"},
            new Object[] {"18446744073709551615", Kind.OTHER_NUMBER, null, "18446744073709551615"},
            new Object[] {"true", Kind.BOOLEAN, new BigDecimal("1.000000"), null},
            new Object[] {"false", Kind.BOOLEAN, new BigDecimal("0.000000"), null},
            new Object[] {"null", Kind.NULL, null, null},
            new Object[] {"[\"a\",1]", Kind.ARRAY, null, "[\"a\",1]"},
            new Object[] {"{\"a\":1}", Kind.OBJECT, null, null});

    private static String track(int i, String properties) {
        return "{\"type\":\"track\",\"userId\":\"u" + (i % 3) + "\",\"event\":\"E\",\"messageId\":\"m" + i
                + "\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"properties\":" + properties + "}";
    }

    private static List<Message> json(String... messages) {
        List<Message> list = new ArrayList<>();
        for (String m : messages) {
            list.add(new MessageParser().parse(readTree(m), Wire.RECEIVED_AT, "$"));
        }
        return list;
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Wire.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static Map<String, Object> slotOf(Store store, String table, String where, int slot) {
        return Tables.rows(store, "SELECT " + TypedColumns.kindColumn(slot) + " AS k, " + TypedColumns.decimalColumn(slot)
                + " AS d, " + TypedColumns.textColumn(slot) + " AS s FROM " + table + " WHERE " + where).get(0);
    }

    @Test
    void eachValueIsTypedAsItsJsonIsWhateverTheMixOfTypesOfItsKey() throws Exception {
        try (Store store = Store.open(dir)) {
            assertThat(store.typedColumns().isEmpty()).isTrue();
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < VALUES.size(); i++) {
                messages.add(track(i, "{\"v\":" + VALUES.get(i)[0] + ",\"i\":" + i + "}"));
            }
            messages.add(track(VALUES.size(), "{\"i\":" + VALUES.size() + "}"));
            store.ingestor().submit(json(messages.toArray(String[]::new))).get(30, TimeUnit.SECONDS);

            int slot = store.typedColumns().slot(Scope.event("E"), "v").orElseThrow();
            for (int i = 0; i < VALUES.size(); i++) {
                Object[] expected = VALUES.get(i);
                Map<String, Object> row = slotOf(store, "events", Tables.property(store, "events", "i") + " = '" + i + "'",
                        slot);
                assertThat(row.get("k")).as("kind of %s", expected[0]).isEqualTo((byte) ((Kind) expected[1]).code());
                assertThat(row.get("d")).as("decimal of %s", expected[0]).isEqualTo(expected[2]);
                assertThat(row.get("s")).as("text of %s", expected[0]).isEqualTo(expected[3]);
            }
            Map<String, Object> absent = slotOf(store, "events", Tables.property(store, "events", "i") + " = '"
                    + VALUES.size() + "'", slot);
            assertThat(absent.values()).as("an absent key").containsOnlyNulls();

            // the catalog counts each kind per event and key
            assertThat(Tables.rows(store, "SELECT kind, count FROM property_kinds WHERE document = 'event'"
                    + " AND key = 'v' ORDER BY kind")).containsExactly(
                    Map.of("kind", "array", "count", 1L), Map.of("kind", "boolean", "count", 2L),
                    Map.of("kind", "null", "count", 1L), Map.of("kind", "number", "count", 8L),
                    Map.of("kind", "object", "count", 1L), Map.of("kind", "string", "count", 3L));
        }
    }

    @Test
    void aSlotIsSaidToHoldOnlyExactNumbersUntilItsFirstOtherNumberIsCommitted() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(json(track(0, "{\"amount\":12.5,\"n\":3}"))).get(30, TimeUnit.SECONDS);
            store.ingestor().submit(msgs("{'type':'identify','userId':'u1','traits':{'age':30,'score':1}}"))
                    .get(30, TimeUnit.SECONDS);
            TypedColumns typed = store.typedColumns();
            int amount = typed.slot(Scope.event("E"), "amount").orElseThrow();
            int n = typed.slot(Scope.event("E"), "n").orElseThrow();
            int score = typed.slot(Scope.TRAITS, "score").orElseThrow();
            assertThat(typed.exactNumbersOnly(Scope.event("E"), amount)).isTrue();
            assertThat(typed.exactNumbersOnly(Scope.TRAITS, score)).isTrue();

            store.ingestor().submit(json(track(1, "{\"amount\":0.1234567,\"n\":\"three\"}")))
                    .get(30, TimeUnit.SECONDS);
            store.ingestor().submit(msgs("{'type':'identify','userId':'u1','traits':{'score':1e300}}"))
                    .get(30, TimeUnit.SECONDS);
            typed = store.typedColumns();
            assertThat(typed.exactNumbersOnly(Scope.event("E"), amount)).as("amount").isFalse();
            assertThat(typed.exactNumbersOnly(Scope.event("E"), n)).as("a string is no number").isTrue();
            assertThat(typed.exactNumbersOnly(Scope.TRAITS, score)).as("score").isFalse();
        }
        try (Store store = Store.open(dir)) {
            TypedColumns typed = store.typedColumns();
            assertThat(typed.exactNumbersOnly(Scope.event("E"),
                    typed.slot(Scope.event("E"), "amount").orElseThrow())).as("after a restart").isFalse();
            assertThat(typed.exactNumbersOnly(Scope.TRAITS,
                    typed.slot(Scope.TRAITS, "age").orElseThrow())).isTrue();
        }
    }

    @Test
    void keysGetSlotsOfTheirEventNameAsTheyAreFirstSeenWhileSlotsAreFreeAndKeepThemAcrossRestarts() throws Exception {
        try (Store store = Store.open(dir)) {
            assertThat(store.withConnection(TypedColumns::eventSlotColumns)).as("a new store's event slot columns")
                    .isEqualTo(TypedColumns.EVENT_SLOTS);
            StringBuilder properties = new StringBuilder("{");
            for (int k = 0; k < TypedColumns.EVENT_SLOTS + 3; k++) {
                properties.append(k == 0 ? "" : ",").append("\"key").append(k).append("\":").append(k);
            }
            properties.append("}");
            store.ingestor().submit(json(track(0, properties.toString()))).get(30, TimeUnit.SECONDS);
            store.ingestor().submit(msgs("{'type':'identify','userId':'u9','traits':{'plan':'pro','age':30}}",
                    "{'type':'track','userId':'u9','event':'F','properties':{'key3':'x','other':true}}"))
                    .get(30, TimeUnit.SECONDS);
            TypedColumns typed = store.typedColumns();
            assertThat(typed.slots(Scope.event("E"))).hasSize(TypedColumns.EVENT_SLOTS)
                    .containsEntry("key0", 1).doesNotContainKey("key" + TypedColumns.EVENT_SLOTS);
            assertThat(typed.slots(Scope.event("F"))).as("another event name has slots of its own")
                    .containsExactly(Map.entry("key3", 1), Map.entry("other", 2));
            assertThat(Tables.rows(store, "SELECT t1_s AS s FROM events WHERE name = 'F'"))
                    .containsExactly(Map.of("s", "x"));
            assertThat(typed.slots(Scope.TRAITS)).containsOnlyKeys("plan", "age");
            assertThat(slotOf(store, "users", "user_id = 'u9'", typed.slot(Scope.TRAITS, "age").orElseThrow())
                    .get("d")).isEqualTo(new BigDecimal("30.000000"));

            // a trait changing type: its slot follows the new value
            store.ingestor().submit(msgs("{'type':'identify','userId':'u9','traits':{'age':'thirty'}}"))
                    .get(30, TimeUnit.SECONDS);
            Map<String, Object> age = slotOf(store, "users", "user_id = 'u9'",
                    typed.slot(Scope.TRAITS, "age").orElseThrow());
            assertThat(age.get("k")).isEqualTo((byte) Kind.STRING.code());
            assertThat(age.get("s")).isEqualTo("thirty");
            assertThat(age.get("d")).isNull();
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.typedColumns().slots(Scope.event("E"))).hasSize(TypedColumns.EVENT_SLOTS);
            store.ingestor().submit(json(track(1, "{\"key" + TypedColumns.EVENT_SLOTS + "\":1,\"fresh\":2}")))
                    .get(30, TimeUnit.SECONDS);
            assertThat(store.typedColumns().slot(Scope.event("E"), "fresh")).as("no slot left").isEmpty();
        }
    }

    @Test
    void slotsMoveWithTheirRowsIntoSortedRunsAndWithAMergedUser() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(msgs(
                    "{'type':'track','anonymousId':'a1','event':'Charged','messageId':'m1','properties':{'amount':820.5}}",
                    "{'type':'identify','userId':'u1','traits':{'plan':'pro'}}")).get(30, TimeUnit.SECONDS);
            store.ingestor().submit(msgs("{'type':'identify','userId':'u1','anonymousId':'a1'}"))
                    .get(30, TimeUnit.SECONDS);
            store.ingestor().sortEvents().get(30, TimeUnit.SECONDS);
            int slot = store.typedColumns().slot(Scope.event("Charged"), "amount").orElseThrow();
            assertThat(Tables.rows(store, "SELECT u.user_id AS user, e." + TypedColumns.decimalColumn(slot)
                    + " AS amount FROM events_sorted e JOIN users u USING (uid)"))
                    .containsExactly(Map.of("user", "u1", "amount", new BigDecimal("820.500000")));
        }
    }

    @Test
    void anOlderStoreGivesItsMostFrequentKeysSlotsAndFillsThemOnEveryRowWhenOpened() throws Exception {
        // a store at schema version 3, written before typed columns
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(Store.FILE_NAME))) {
            Migrator.migrate(c, Schema.COMPONENT, Schema.MIGRATIONS.subList(0, 3));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO users VALUES (0, 'u0', '{\"age\":30,\"country\":\"IN\"}', NULL, 0, 0, false)");
                s.execute("INSERT INTO identities VALUES ('u0', 0)");
                s.execute("INSERT INTO events_sorted VALUES (0, 'Charged', 1780000000000,"
                        + " '{\"amount\":820.5,\"category\":\"TV\"}', 'old-1')");
                s.execute("INSERT INTO events_recent VALUES (0, 'Charged', 1780000001000, '{\"amount\":\"n/a\"}', 'old-2')");
                s.execute("INSERT INTO events_recent VALUES (0, 'Charged', 1780000002000, '{\"amount\":1e-9}', 'old-3')");
            }
        }
        try (Store store = Store.open(dir)) {
            TypedColumns typed = store.typedColumns();
            assertThat(typed.slots(Scope.event("Charged"))).containsExactly(
                    Map.entry("amount", 1), Map.entry("category", 2));
            assertThat(typed.slots(Scope.TRAITS)).containsOnlyKeys("age", "country");
            assertThat(slotOf(store, "events", "ts = 1780000000000", 1).get("d")).isEqualTo(new BigDecimal("820.500000"));
            assertThat(slotOf(store, "events", "ts = 1780000000000", 2).get("s")).isEqualTo("TV");
            assertThat(slotOf(store, "events", "ts = 1780000001000", 1).get("s")).isEqualTo("n/a");
            assertThat(slotOf(store, "users", "uid = 0", typed.slot(Scope.TRAITS, "age").orElseThrow())
                    .get("d")).isEqualTo(new BigDecimal("30.000000"));
            assertThat(Tables.rows(store, "SELECT kind, count FROM property_kinds WHERE key = 'amount' ORDER BY kind"))
                    .containsExactly(Map.of("kind", "number", "count", 2L), Map.of("kind", "string", "count", 1L));
            assertThat(typed.exactNumbersOnly(Scope.event("Charged"), 1)).as("1e-9 is not exact").isFalse();
            assertThat(typed.exactNumbersOnly(Scope.TRAITS, typed.slot(Scope.TRAITS, "age")
                    .orElseThrow())).isTrue();

            // keys seen in the old rows keep their slots; new ingestion fills them too
            store.ingestor().submit(msgs("{'type':'track','userId':'u0','event':'Charged','messageId':'m1',"
                    + "'properties':{'amount':12,'category':'Phone'}}")).get(30, TimeUnit.SECONDS);
            assertThat(slotOf(store, "events", Tables.property(store, "events", "category") + " = 'Phone'", 2).get("s"))
                    .isEqualTo("Phone");
            // the old rows keep their whole documents, the new one leaves out what its slots hold: all read whole
            assertThat(Tables.rows(store, "SELECT CAST(props AS VARCHAR) AS p FROM events")).extracting(r -> r.get("p"))
                    .containsExactlyInAnyOrder("{\"amount\":820.5,\"category\":\"TV\"}", "{\"amount\":\"n/a\"}",
                            "{\"amount\":1e-9}", "{}");
            assertThat(Tables.events(store)).extracting(e -> e.get("props")).containsExactlyInAnyOrder(
                    Map.of("amount", 820.5, "category", "TV"), Map.of("amount", "n/a"), Map.of("amount", 1e-9),
                    Map.of("amount", 12, "category", "Phone"));
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.typedColumns().slots(Scope.event("Charged"))).as("caught up once")
                    .containsOnlyKeys("amount", "category");
            assertThat(Tables.count(store, "SELECT count(*) FROM property_kinds WHERE key = 'amount'")).isEqualTo(2);
        }
    }

    @Test
    void aStoreWithSlotsLearnsWhichHoldOtherNumbersWhenOpened() throws Exception {
        // a store at schema version 4: slots filled, the flag not yet there
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(Store.FILE_NAME))) {
            Migrator.migrate(c, Schema.COMPONENT, Schema.MIGRATIONS.subList(0, 4));
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE typed_state SET state = 'done'");
                s.execute("INSERT INTO typed_slots VALUES ('event', 1, 'amount'), ('event', 2, 'n')");
                s.execute("INSERT INTO property_kinds VALUES ('event', 'Charged', 'amount', 'number', 1),"
                        + " ('event', 'Charged', 'n', 'number', 1)");
                s.execute("INSERT INTO events_sorted (uid, name, ts, props, message_id, t1_k, t1_s, t2_k, t2_d) VALUES"
                        + " (0, 'Charged', 1, '{\"amount\":1e-9,\"n\":2}', 'm1', 3, '1e-9', 2, 2)");
            }
        }
        try (Store store = Store.open(dir)) {
            TypedColumns typed = store.typedColumns();
            assertThat(typed.exactNumbersOnly(Scope.event("Charged"), 1)).isFalse();
            assertThat(typed.exactNumbersOnly(Scope.event("Charged"), 2)).isTrue();
        }
    }

    @Test
    void slotsAreRecordedAndReadBack() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(json(track(0, "{\"a\":1,\"b\":\"x\"}"))).get(30, TimeUnit.SECONDS);
            TypedColumns read = store.withConnection(TypedColumns::read);
            assertThat(read).isEqualTo(store.typedColumns());
            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("a", 1);
            expected.put("b", 2);
            assertThat(read.slots(Scope.event("E"))).isEqualTo(expected);
        }
    }

    /** A store at schema version 5 (slots per document) with the event keys {@code slots} gives out, one row. */
    private void version5Store(Map<String, Integer> slots) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(Store.FILE_NAME))) {
            Migrator.migrate(c, Schema.COMPONENT, Schema.MIGRATIONS.subList(0, 5));
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE typed_state SET state = 'done'");
                StringBuilder columns = new StringBuilder();
                StringBuilder values = new StringBuilder();
                StringBuilder props = new StringBuilder();
                for (Map.Entry<String, Integer> e : slots.entrySet()) {
                    s.execute("INSERT INTO typed_slots VALUES ('event', " + e.getValue() + ", '" + e.getKey() + "', false)");
                    s.execute("INSERT INTO property_kinds VALUES ('event', 'Charged', '" + e.getKey() + "', 'string', 1)");
                    columns.append(", t").append(e.getValue()).append("_k, t").append(e.getValue()).append("_s");
                    values.append(", 1, '").append(e.getKey()).append("-value'");
                    props.append(props.length() == 0 ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                            .append(e.getKey()).append("-value\"");
                }
                s.execute("INSERT INTO typed_slots VALUES ('event', 16, 'unseen', false)");
                s.execute("INSERT INTO events_sorted (uid, name, ts, props" + columns + ") VALUES"
                        + " (0, 'Charged', 1, '{" + props + "}'" + values + ")");
            }
        }
    }

    @Test
    void anUpgradedStoreKeepsEachEventKeysSlotAndDropsTheSlotColumnsNoEventNameUses() throws Exception {
        version5Store(Map.of("amount", 1, "currency", 8));
        try (Store store = Store.open(dir)) {
            TypedColumns typed = store.typedColumns();
            assertThat(store.withConnection(TypedColumns::eventSlotColumns)).isEqualTo(TypedColumns.EVENT_SLOTS);
            assertThat(typed.slots(Scope.event("Charged"))).isEqualTo(Map.of("amount", 1, "currency", 8));
            assertThat(typed.scopes()).as("a key no event had gives no slot").containsOnly(Scope.event("Charged"));
            assertThat(slotOf(store, "events", "ts = 1", 8).get("s")).isEqualTo("currency-value");

            // a new key of the event takes the lowest free slot; new rows are written with the narrower tables
            store.ingestor().submit(msgs("{'type':'track','userId':'u0','event':'Charged','messageId':'m2',"
                    + "'properties':{'amount':'a','fresh':'f','currency':'c'}}")).get(30, TimeUnit.SECONDS);
            assertThat(store.typedColumns().slot(Scope.event("Charged"), "fresh")).hasValue(2);
            String fresh = Tables.property(store, "events", "fresh") + " = 'f'";
            assertThat(slotOf(store, "events", fresh, 2).get("s")).isEqualTo("f");
            assertThat(slotOf(store, "events", fresh, 8).get("s")).isEqualTo("c");
        }
    }

    @Test
    void anUpgradedStoreWhoseEventsUseMoreSlotsKeepsAllItsSlotColumns() throws Exception {
        version5Store(Map.of("amount", 1, "currency", 12));
        try (Store store = Store.open(dir)) {
            assertThat(store.withConnection(TypedColumns::eventSlotColumns)).isEqualTo(TypedColumns.SLOTS);
            assertThat(store.typedColumns().slotCount(Document.EVENT_PROPERTIES)).isEqualTo(TypedColumns.SLOTS);
            assertThat(slotOf(store, "events", "ts = 1", 12).get("s")).isEqualTo("currency-value");
            store.ingestor().submit(msgs("{'type':'track','userId':'u0','event':'Charged','messageId':'m2',"
                    + "'properties':{'currency':'c'}}")).get(30, TimeUnit.SECONDS);
            store.ingestor().sortEvents().get(30, TimeUnit.SECONDS);
            assertThat(Tables.rows(store, "SELECT t12_s AS s FROM events_sorted ORDER BY ts"))
                    .containsExactly(Map.of("s", "currency-value"), Map.of("s", "c"));
        }
    }
}

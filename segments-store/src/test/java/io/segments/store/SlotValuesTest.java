package io.segments.store;

import io.segments.store.TypedColumns.Scope;
import io.segments.store.internal.TypedSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion computes the slot columns in Java from the values it parsed; the rows of an older store get them from
 * SQL over their JSON ({@link TypedSql#withSlots}). On thousands of values of every kind, among them numbers of
 * every magnitude and precision, both give the same kind, the same decimal and a text that reads as the same JSON
 * value, for event properties and for user traits.
 */
class SlotValuesTest {
    private static final int VALUES = 6_000;

    @TempDir
    Path dir;

    /** Random JSON values as a client writes them; numbers of every size and number of digits. */
    static List<String> values(long seed) {
        Random r = new Random(seed);
        List<String> values = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "999999999999", "-999999999999",
                "1000000000000", "999999999999.999999", "999999999999.9999999", "0.000001", "0.0000001", "1e-7",
                "1E+3", "12345678.0", "1.2345678E7", "8.41e21", "1e23", "4.9E-324", "1.7976931348623157E308",
                "0.30000000000000004", "9007199254740993", "18446744073709551615", "123456789012345678901234567890",
                "true", "false", "null", "\"\"", "\"500\"", "\"a \\\"q\\\" \\u00e9 \\ud83d\\ude00\"", "[]", "[1,\"a\",2.50]",
                "[[true],{\"x\":null}]", "{}", "{\"a\":1}"));
        while (values.size() < VALUES) {
            switch (r.nextInt(6)) {
                case 0 -> values.add(Long.toString(r.nextLong() >> r.nextInt(64)));
                case 1 -> values.add(Double.toString(r.nextInt() / Math.pow(10, r.nextInt(10))));
                case 2 -> values.add(Double.toString((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 15)));
                case 3 -> values.add(String.format(java.util.Locale.ROOT, "%d.%0" + (1 + r.nextInt(9)) + "d",
                        r.nextInt(2_000_000) - 1_000_000, Math.abs(r.nextInt(1_000))));
                case 4 -> values.add("\"" + Long.toString(r.nextLong(), 36) + "\"");
                default -> values.add("[" + r.nextInt(100) + ",\"" + r.nextInt(100) + "\"," + r.nextDouble() + "]");
            }
        }
        return values;
    }

    /** An event {@code E} of user {@code u<i>} with {@code properties}. */
    private static String track(int i, String properties) {
        return "{\"type\":\"track\",\"userId\":\"u" + i + "\",\"event\":\"E\",\"messageId\":\"m" + i
                + "\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"properties\":" + properties + "}";
    }

    @Test
    void theSlotsIngestionWritesAreThoseSqlComputesFromTheJson() throws Exception {
        List<String> values = values(20261207L);
        try (Store store = Store.open(dir)) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                messages.add(track(i, "{\"i\":" + i + ",\"v\":" + values.get(i) + "}"));
                messages.add("{\"type\":\"identify\",\"userId\":\"u" + i + "\",\"messageId\":\"t" + i
                        + "\",\"traits\":{\"i\":" + i + ",\"v\":" + values.get(i) + "}}");
            }
            store.ingestor().submit(Wire.msgs(messages.toArray(String[]::new))).get(60, TimeUnit.SECONDS);
            // the same values again, for users that exist: their traits change through the update path (a new key
            // and new values of a key with a slot)
            List<String> updates = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                updates.add("{\"type\":\"identify\",\"userId\":\"u" + i + "\",\"messageId\":\"w" + i
                        + "\",\"traits\":{\"w\":" + values.get(values.size() - 1 - i) + ",\"v\":"
                        + values.get((i + 7) % values.size()) + "}}");
            }
            store.ingestor().submit(Wire.msgs(updates.toArray(String[]::new))).get(60, TimeUnit.SECONDS);

            TypedColumns typed = store.typedColumns();
            // the events' documents leave out what the slots hold: SQL computes the slots from the documents sent
            store.withConnection(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE sent (i INTEGER, props JSON)");
                }
                try (var a = c.unwrap(org.duckdb.DuckDBConnection.class).createAppender("main", "sent")) {
                    for (int i = 0; i < values.size(); i++) {
                        a.beginRow().append(i).append("{\"i\":" + i + ",\"v\":" + values.get(i) + "}").endRow();
                    }
                }
                return null;
            });
            String i = "t." + TypedColumns.decimalColumn(typed.slot(Scope.event("E"), "i").orElseThrow());
            assertSameAsSql(store, "events_recent", "(SELECT t.rowid AS r, s.props FROM events_recent t JOIN sent s"
                    + " ON s.i = CAST(" + i + " AS INTEGER)) AS src", "props",
                    typed.slot(Scope.event("E"), "v").orElseThrow(), "v", values.size());
            assertSameAsSql(store, "users", "traits", typed.slot(Scope.TRAITS, "v").orElseThrow(), "v",
                    values.size());
            assertSameAsSql(store, "users", "traits", typed.slot(Scope.TRAITS, "w").orElseThrow(), "w",
                    values.size());
        }
    }

    /** Compares the stored slot of {@code key} with SQL's on every row; fails naming the rows that differ. */
    static void assertSameAsSql(Store store, String table, String document, int slot, String key, int rows) {
        assertSameAsSql(store, table, "(SELECT rowid AS r, " + document + " FROM " + table + ") AS src", document,
                slot, key, rows);
    }

    /**
     * {@link #assertSameAsSql(Store, String, String, int, String, int)} with SQL computing from {@code source}:
     * rows {@code (r, document)}, {@code r} the rowid of the row of {@code table} the document is of.
     */
    static void assertSameAsSql(Store store, String table, String source, String document, int slot, String key,
                                int rows) {
        TypedSql.Query sql = TypedSql.withSlots(source, document, Map.of(key, slot), "r");
        String k = TypedColumns.kindColumn(slot);
        String d = TypedColumns.decimalColumn(slot);
        String s = TypedColumns.textColumn(slot);
        String differs = "(t.%1$s IS DISTINCT FROM x.%1$s OR t.%2$s IS DISTINCT FROM x.%2$s OR CASE WHEN t.%1$s = 1"
                + " THEN t.%3$s IS DISTINCT FROM x.%3$s WHEN t.%1$s IN (3, 5) THEN json(t.%3$s) IS DISTINCT FROM"
                + " json(x.%3$s) ELSE FALSE END)";
        String both = "concat_ws(' ', t.%1$s, t.%2$s, t.%3$s) || ' / ' || concat_ws(' ', x.%1$s, x.%2$s, x.%3$s)";
        String compare = "SELECT count(*) AS n, count(*) FILTER (WHERE " + differs + ") AS differ, list(" + both
                + ") FILTER (WHERE " + differs + ")[1:5] AS examples FROM " + table + " t JOIN (" + sql.sql()
                + ") AS x(r, " + TypedSql.slotColumnList() + ") ON t.rowid = x.r";
        Map<String, Object> row = Tables.rows(store, String.format(java.util.Locale.ROOT, compare, k, d, s),
                sql.parameters().toArray()).get(0);
        assertThat(((Number) row.get("n")).longValue()).as("rows of " + table).isGreaterThanOrEqualTo(rows);
        assertThat(((Number) row.get("differ")).longValue()).as("%s.%s: Java / SQL differ on %s", table, key,
                row.get("examples")).isZero();
    }

    @Test
    void eventsReadBackEveryValueAsItsJsonWroteIt() throws Exception {
        List<String> values = values(20261208L);
        try (Store store = Store.open(dir)) {
            List<String> messages = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                messages.add(track(i, "{\"i\":" + i + ",\"v\":" + values.get(i) + ",\"w\":{\"x\":" + values.get(i) + "}}"));
            }
            List<Message> sent = Wire.msgs(messages.toArray(String[]::new));
            store.ingestor().submit(sent).get(60, TimeUnit.SECONDS);

            List<Map<String, Object>> events = Tables.events(store);
            assertThat(events).hasSize(values.size());
            int whole = 0;
            for (Map<String, Object> event : events) {
                @SuppressWarnings("unchecked")
                Map<String, Object> props = (Map<String, Object>) event.get("props");
                int i = ((Number) props.get("i")).intValue();
                Map<String, Object> expected = sent.get(i).properties();
                assertThat(Wire.MAPPER.writeValueAsString(new java.util.TreeMap<>(props))).as("event %d: %s", i,
                        values.get(i)).isEqualTo(Wire.MAPPER.writeValueAsString(new java.util.TreeMap<>(expected)));
                whole += props.get("v") instanceof Map ? 1 : 0;
            }
            // only objects (read by path) stay in the stored document; "w" is an object in every event
            assertThat(Tables.count(store, "SELECT count(*) FROM events WHERE json_exists(props, '$.i')")).isZero();
            assertThat(Tables.count(store, "SELECT count(*) FROM events WHERE json_exists(props, '$.v')"))
                    .isEqualTo(whole).isPositive();
            assertThat(Tables.count(store, "SELECT count(*) FROM events WHERE json_exists(props, '$.w')"))
                    .isEqualTo(values.size());
            // and the same values through SQL: the JSON of each slot is that of the copy kept in the document
            String v = store.withConnection(EventDocuments::read).valueSql("events", "v");
            Map<String, Object> differ = Tables.rows(store, "SELECT count(*) AS n, list(CAST(" + v + " AS VARCHAR)"
                    + " || ' / ' || CAST(json_extract(props, '$.w.x') AS VARCHAR))[1:10] AS examples FROM events"
                    + " WHERE CAST(" + v + " AS VARCHAR) IS DISTINCT FROM CAST(json_extract(props, '$.w.x') AS VARCHAR)")
                    .get(0);
            assertThat(((Number) differ.get("n")).longValue()).as("SQL / document: %s", differ.get("examples")).isZero();
        }
    }
}

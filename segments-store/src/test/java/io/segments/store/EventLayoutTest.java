package io.segments.store;

import io.segments.store.internal.IngestWriter;
import io.segments.store.internal.Migrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events appended to events_recent, moved in sorted runs to events_sorted, whose oldest runs are merged into large
 * runs in events_compacted; the view events is their union.
 */
class EventLayoutTest {
    private static final String[] NAMES = {"Zoomed", "Charged", "App Launched", "Added To Cart"};

    @TempDir
    Path dir;

    /** Track event {@code i}: names cycle backwards through {@link #NAMES}, times go forwards. */
    private static String track(int i) {
        return "{'type':'track','userId':'u" + (i % 3) + "','event':'" + NAMES[i % NAMES.length] + "','messageId':'m"
                + i + "','timestamp':'2026-11-" + String.format("%02d", 1 + i) + "T10:00:00Z','properties':{'i':" + i
                + "}}";
    }

    private static List<Map<String, Object>> sortedTable(Store store) {
        return Tables.rows(store, "SELECT name, ts, " + Tables.property(store, "events_sorted", "i")
                + " AS i FROM events_sorted ORDER BY rowid");
    }

    @Test
    void theWriterMovesTheRecentEventsInSortedRunsAndTheViewKeepsEveryOne() throws Exception {
        try (Store store = Store.open(dir, new IngestWriter.Config(10, 1_000, 10, 5))) {
            for (int i = 0; i < 12; i++) {
                // one message per group: the writer checks after each commit, so runs hold 5, 5, then the rest
                store.ingestor().submit(msgs(track(i))).get(30, TimeUnit.SECONDS);
            }
            assertThat(store.ingestor().sortEvents().get(30, TimeUnit.SECONDS)).as("the last two, moved on demand")
                    .isEqualTo(2L);

            assertThat(Tables.count(store, "SELECT count(*) FROM events_recent")).isZero();
            List<Map<String, Object>> sorted = sortedTable(store);
            assertThat(sorted).hasSize(12);
            List<List<Map<String, Object>>> runs = List.of(sorted.subList(0, 5), sorted.subList(5, 10),
                    sorted.subList(10, 12));
            Comparator<Map<String, Object>> byNameAndTime = Comparator
                    .comparing((Map<String, Object> r) -> (String) r.get("name"))
                    .thenComparing(r -> (Long) r.get("ts"));
            for (int k = 0; k < runs.size(); k++) {
                List<Map<String, Object>> run = runs.get(k);
                assertThat(run).as("run %d is sorted by name and time", k).isSortedAccordingTo(byNameAndTime);
                List<String> ids = run.stream().map(r -> (String) r.get("i")).sorted().toList();
                List<String> expected = new ArrayList<>();
                for (int i = k * 5; i < Math.min(12, k * 5 + 5); i++) {
                    expected.add(Integer.toString(i));
                }
                assertThat(ids).as("run %d holds the events in arrival order %d..", k, k * 5)
                        .isEqualTo(expected.stream().sorted().toList());
            }
            assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(12);
            assertThat(Tables.count(store, "SELECT sum((" + Tables.property(store, "events", "i")
                    + ")::BIGINT) FROM events")).isEqualTo(66);
            // a user's events in time order whichever table holds them
            assertThat(store.events(0).stream().map(e -> String.valueOf(e.properties().get("i"))).toList())
                    .containsExactly("0", "3", "6", "9");
        }
    }

    @Test
    void theWriterMergesTheOldestSortedRunsIntoOneCompactedRunAndTheSummaryStaysTrue() throws Exception {
        // runs of 3 events; every 6 sorted rows become one compacted run
        try (Store store = Store.open(dir, new IngestWriter.Config(10, 1_000, 10, 3,
                IngestWriter.Config.DEFAULT_DEDUP_WINDOW, 6))) {
            for (int i = 0; i < 14; i++) {
                // visitors known by anonymousId only
                store.ingestor().submit(msgs(track(i).replace("'userId':'u", "'anonymousId':'a")))
                        .get(30, TimeUnit.SECONDS);
            }
            String summary = "SELECT uid, name, first_ts, last_ts, n FROM " + Schema.EVENT_SUMMARY;
            String recomputed = "SELECT * FROM (" + Schema.summaryOf(Schema.EVENTS_SETTLED) + ")";
            String difference = "(" + summary + " EXCEPT ALL " + recomputed + ") UNION ALL (" + recomputed
                    + " EXCEPT ALL " + summary + ")";
            assertThat(store.ingestor().sortEvents().get(30, TimeUnit.SECONDS)).as("the last two").isEqualTo(2L);

            List<Map<String, Object>> compacted = Tables.rows(store, "SELECT name, ts, "
                    + Tables.property(store, "events_compacted", "i") + " AS i FROM events_compacted ORDER BY rowid");
            assertThat(compacted).as("two compactions of the 4 runs of 3 moved so far").hasSize(12);
            Comparator<Map<String, Object>> byNameAndTime = Comparator
                    .comparing((Map<String, Object> r) -> (String) r.get("name"))
                    .thenComparing(r -> (Long) r.get("ts"));
            for (int k = 0; k < 2; k++) {
                List<Map<String, Object>> run = compacted.subList(6 * k, 6 * k + 6);
                assertThat(run).as("compacted run %d is sorted by name and time", k).isSortedAccordingTo(byNameAndTime);
                assertThat(run.stream().map(r -> Integer.parseInt((String) r.get("i"))).sorted().toList())
                        .as("compacted run %d holds the oldest sorted runs, in arrival order", k)
                        .isEqualTo(java.util.stream.IntStream.range(6 * k, 6 * k + 6).boxed().toList());
            }
            assertThat(sortedTable(store).stream().map(r -> r.get("i")).toList()).as("the last run, not yet compacted")
                    .containsExactly("13", "12");
            assertThat(Tables.count(store, "SELECT count(*) FROM events_recent")).isZero();
            assertThat(Tables.count(store, "SELECT sum((" + Tables.property(store, "events", "i")
                    + ")::BIGINT) FROM events")).as("every event once in the view").isEqualTo(91);
            assertThat(Tables.rows(store, difference)).as("the summary covers the sorted and compacted events").isEmpty();

            // a visitor's compacted events follow the user it is merged into; so does the summary
            store.ingestor().submit(msgs("{'type':'track','userId':'u9','event':'Opened','messageId':'o1',"
                    + "'timestamp':'2026-12-01T10:00:00Z'}")).get(30, TimeUnit.SECONDS);
            store.ingestor().submit(msgs("{'type':'identify','userId':'u9','anonymousId':'a0','messageId':'id1'}"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(Tables.eventsOf(store, "u9")).as("a0's 5 events (0, 3, 6, 9, 12) and u9's own").hasSize(6);
            assertThat(Tables.eventsOf(store, "a0")).isEqualTo(Tables.eventsOf(store, "u9"));
            assertThat(Tables.count(store, """
                    SELECT count(*) FROM events e JOIN users u USING (uid) WHERE u.merged_into IS NOT NULL""")).isZero();
            assertThat(Tables.rows(store, difference)).as("the summary after the merge").isEmpty();
        }
    }

    @Test
    void eventsOfBothTablesFollowTheirUserWhenItIsMerged() throws Exception {
        try (Store store = Store.open(dir, new IngestWriter.Config(10, 1_000, 10, 1_000))) {
            store.ingestor().submit(msgs(
                    "{'type':'track','anonymousId':'a1','event':'Viewed','messageId':'e1','timestamp':'2026-11-01T10:00:00Z'}"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(store.ingestor().sortEvents().get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            store.ingestor().submit(msgs(
                    "{'type':'track','anonymousId':'a1','event':'Charged','messageId':'e2','timestamp':'2026-11-02T10:00:00Z'}",
                    "{'type':'track','userId':'u1','event':'Opened','messageId':'e3','timestamp':'2026-11-03T10:00:00Z'}",
                    "{'type':'identify','userId':'u1','anonymousId':'a1','messageId':'e4'}"))
                    .get(30, TimeUnit.SECONDS);

            assertThat(Tables.count(store, "SELECT count(*) FROM events_sorted")).isEqualTo(1);
            assertThat(Tables.count(store, "SELECT count(*) FROM events_recent")).isEqualTo(2);
            assertThat(Tables.eventsOf(store, "u1")).hasSize(3);
            assertThat(Tables.eventsOf(store, "a1")).isEqualTo(Tables.eventsOf(store, "u1"));
            assertThat(Tables.count(store, """
                    SELECT count(*) FROM events e JOIN users u USING (uid) WHERE u.merged_into IS NOT NULL""")).isZero();
        }
    }

    @Test
    void aStoreWrittenBeforeTheSortedLayoutKeepsItsEventsAndSortsTheNewOnes() throws Exception {
        // a store at schema version 2: one table events, with one event in it
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(Store.FILE_NAME))) {
            Migrator.migrate(c, Schema.COMPONENT, Schema.MIGRATIONS.subList(0, 2));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO users VALUES (0, 'u0', '{}', NULL, 0, 0, false)");
                s.execute("INSERT INTO identities VALUES ('u0', 0)");
                s.execute("INSERT INTO events VALUES (0, 'Old', 1780000000000, '{\"i\":100}', 'old-1')");
            }
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.schemaVersion(Schema.COMPONENT)).isEqualTo(Schema.MIGRATIONS.size());
            assertThat(Tables.count(store, "SELECT count(*) FROM events_sorted")).as("the old rows, as they were")
                    .isEqualTo(1);
            store.ingestor().submit(msgs(track(1), track(2))).get(30, TimeUnit.SECONDS);
            assertThat(Tables.count(store, "SELECT count(*) FROM events_recent")).isEqualTo(2);
            assertThat(Tables.eventsOf(store, "u0")).hasSize(1);
            assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(3);
            assertThat(store.ingestor().sortEvents().get(30, TimeUnit.SECONDS)).isEqualTo(2L);
            assertThat(sortedTable(store).stream().map(r -> r.get("i")).toList()).containsExactly("100", "2", "1");
        }
    }

    @Test
    void aMoveOrCompactionSizeBelowOneIsRefusedByName() {
        assertThatThrownBy(() -> new IngestWriter.Config(10, 1_000, 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sortRows 0");
        assertThatThrownBy(() -> new IngestWriter.Config(10, 1_000, 10, 5, IngestWriter.Config.DEFAULT_DEDUP_WINDOW, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compactRows 0");
    }
}

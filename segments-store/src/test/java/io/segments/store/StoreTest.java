package io.segments.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;

    @Test
    void openingCreatesTheDatabaseAtTheLatestSchemaVersion() {
        try (Store store = Store.open(dir.resolve("nested/data"))) {
            assertThat(dir.resolve("nested/data").resolve(Store.FILE_NAME)).exists();
            assertThat(store.schemaVersion(Schema.COMPONENT)).isEqualTo(Schema.MIGRATIONS.size());
            assertThat(Tables.rows(store, """
                    SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1""")
                    .stream().map(r -> r.get("table_name")).toList())
                    .containsExactly("event_slots", "event_summary", "events", "events_compacted", "events_recent", "events_sorted",
                            "identities", "message_ids",
                            "property_kinds", "push_tokens", "schema_version", "typed_slots", "typed_state", "users");
            List<String> slotColumns = new ArrayList<>();
            for (int i = 1; i <= TypedColumns.SLOTS; i++) {
                slotColumns.addAll(List.of("t" + i + "_k", "t" + i + "_d", "t" + i + "_s"));
            }
            List<String> users = new ArrayList<>(List.of("uid", "user_id", "traits", "merged_into", "created_at",
                    "updated_at", "anonymous"));
            users.addAll(slotColumns);
            assertThat(Tables.rows(store, """
                    SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position""")
                    .stream().map(r -> r.get("column_name")).toList())
                    .containsExactlyElementsOf(users);
            List<String> events = new ArrayList<>(List.of("uid", "name", "ts", "props"));
            events.addAll(slotColumns.subList(0, 3 * TypedColumns.EVENT_SLOTS));
            for (String table : List.of("events", "events_compacted", "events_recent", "events_sorted")) {
                assertThat(Tables.rows(store, "SELECT column_name FROM information_schema.columns WHERE table_name = '"
                        + table + "' ORDER BY ordinal_position").stream().map(r -> r.get("column_name")).toList())
                        .as(table).containsExactlyElementsOf(events);
            }
        }
    }

    @Test
    void reopeningKeepsDataAndDoesNotMigrateAgain() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(msgs("{'type':'track','userId':'u1','event':'E','messageId':'m1'}")).get(30, TimeUnit.SECONDS);
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.schemaVersion(Schema.COMPONENT)).isEqualTo(Schema.MIGRATIONS.size());
            assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(1);
        }
    }

    @Test
    void otherComponentsMigrateTheirOwnTablesOnce() {
        List<String> steps = List.of("CREATE TABLE segments (id VARCHAR PRIMARY KEY, body JSON NOT NULL);",
                "ALTER TABLE segments ADD COLUMN name VARCHAR;");
        try (Store store = Store.open(dir)) {
            store.migrate("server", steps.subList(0, 1));
            assertThat(store.schemaVersion("server")).isEqualTo(1);
            store.migrate("server", steps);
            store.migrate("server", steps);
            assertThat(store.schemaVersion("server")).isEqualTo(2);
            assertThat(Tables.count(store, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'segments'"))
                    .isEqualTo(3);
            assertThatThrownBy(() -> store.migrate(Schema.COMPONENT, steps)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFailingMigrationStepLeavesTheVersionWhereItWas() {
        try (Store store = Store.open(dir)) {
            assertThatThrownBy(() -> store.migrate("server", List.of("CREATE TABLE a (x INTEGER);", "CREATE TABLE a (y INTEGER);")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("'server' to version 2");
            assertThat(store.schemaVersion("server")).isEqualTo(1);
        }
    }

    @Test
    void dataWrittenByANewerVersionIsRefused() {
        try (Store store = Store.open(dir)) {
            store.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE schema_version SET version = 99 WHERE component = 'store'");
                }
            });
        }
        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("newer version")
                .hasMessageContaining("99");
        // the failed open released the directory
        assertThatThrownBy(() -> Store.open(dir)).hasMessageContaining("newer version");
    }

    @Test
    void aDataDirectoryOpensOncePerProcess() {
        try (Store store = Store.open(dir)) {
            assertThatThrownBy(() -> Store.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("already open");
            assertThat(store.dataDir()).isEqualTo(dir);
        }
        try (Store again = Store.open(dir)) {
            assertThat(again.schemaVersion(Schema.COMPONENT)).isPositive();
        }
    }

    @Test
    void builtInJsonFunctionsWorkWithoutNetwork() {
        try (Store store = Store.open(dir)) {
            Map<String, Object> row = Tables.rows(store, """
                    SELECT json_extract('{"a":{"b":[1,2]}}', '$.a.b[1]')::INTEGER AS x,
                           '{"c":"TV"}'::JSON ->> 'c' AS y,
                           (SELECT count(*) FROM duckdb_extensions() WHERE loaded AND extension_name IN ('json', 'parquet', 'icu')) AS n""").get(0);
            assertThat(row).containsEntry("x", 2).containsEntry("y", "TV").containsEntry("n", 3L);
        }
    }

    @Test
    void theDatabaseNeverInstallsExtensionsAndCheckpointsEvery256MiB() {
        try (Store store = Store.open(dir)) {
            assertThat(Tables.rows(store, """
                    SELECT current_setting('autoinstall_known_extensions') AS install,
                           current_setting('autoload_known_extensions') AS load,
                           current_setting('checkpoint_threshold') AS threshold""").get(0))
                    .containsEntry("install", false).containsEntry("load", false).containsEntry("threshold", "256.0 MiB");
        }
    }

    @Test
    void connectionsSeeAcknowledgedDataAndAreClosedWithTheStore() throws Exception {
        Connection leaked;
        try (Store store = Store.open(dir)) {
            leaked = store.connect();
            store.ingestor().submit(msgs("{'type':'identify','userId':'u1','traits':{'plan':'pro'}}")).get(30, TimeUnit.SECONDS);
            try (Statement s = leaked.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
        assertThat(leaked.isClosed()).isTrue();
    }

    @Test
    void closingCheckpointsSoThatNoLogIsLeft() throws Exception {
        Path wal = dir.resolve(Store.FILE_NAME + ".wal");
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(msgs("{'type':'track','userId':'u1','event':'E'}")).get(30, TimeUnit.SECONDS);
            assertThat(wal).exists();
        }
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).isZero();
    }

    @Test
    void profileResolvesAnyIdOfTheUser() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(msgs(
                    "{'type':'identify','anonymousId':'a1','traits':{'plan':'free'},'context':{'device':{'token':'t1'}}}",
                    "{'type':'identify','userId':'u1','anonymousId':'a1','traits':{'email':'x@y.io'}}")).get(30, TimeUnit.SECONDS);
            assertThat(store.profile("a1")).hasValueSatisfying(p -> {
                assertThat(p.userId()).isEqualTo("u1");
                assertThat(p.traits()).isEqualTo(Map.of("plan", "free", "email", "x@y.io"));
                assertThat(p.pushTokens()).isEqualTo(Set.of("t1"));
            });
            assertThat(store.profile("u1")).isEqualTo(store.profile("a1"));
            assertThat(store.profile("nobody")).isEmpty();
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        Store store = Store.open(dir);
        store.close();
        store.close();
        assertThatThrownBy(store::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(store::ingestor).isInstanceOf(IllegalStateException.class);
    }
}

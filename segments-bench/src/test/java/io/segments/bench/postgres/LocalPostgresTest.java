package io.segments.bench.postgres;

import io.segments.bench.internal.DataSet;
import io.segments.bench.internal.Dirs;
import io.segments.bench.internal.IngestRun;
import io.segments.bench.internal.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster lives in a new directory under the temporary directory, which the postgres user can reach. */
class LocalPostgresTest {
    private Path dir;

    @BeforeEach
    void newDirectory() throws Exception {
        dir = Files.createTempDirectory("segments-bench-pg");
    }

    @AfterEach
    void deleteDirectory() {
        Dirs.delete(dir);
    }

    @Test
    void aClusterIsCreatedStartedStoppedAndReusedWithItsData() throws Exception {
        int port;
        try (LocalPostgres pg = LocalPostgres.start(dir, Map.of("shared_buffers", "64MB"))) {
            port = pg.port();
            try (Connection c = pg.connect()) {
                assertThat(Sql.value(c, "SELECT current_setting('server_version_num')::int / 10000")).isEqualTo(15);
                assertThat(Sql.value(c, "SELECT pg_size_bytes(current_setting('shared_buffers'))")).isEqualTo(64L << 20);
                Sql.execute(c, "CREATE TABLE kept (n int)", "INSERT INTO kept VALUES (1), (2), (3)");
            }
        }
        assertThat(dir.resolve("PG_VERSION")).exists();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
        try (LocalPostgres pg = LocalPostgres.start(dir, Map.of())) {
            try (Connection c = pg.connect()) {
                assertThat(Sql.value(c, "SELECT sum(n) FROM kept")).isEqualTo(6);
            }
        }
    }

    @Test
    void aDirectoryHoldingSomethingElseIsRefused() throws Exception {
        Path other = Path.of("target", "local-postgres-other");
        Dirs.delete(other);
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> LocalPostgres.start(other, Map.of())).hasMessageContaining("not empty");
        assertThat(other.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void theIngestionBaselinesStoreEveryEventOfTheSlice() throws Exception {
        IngestRun.Slice slice = IngestRun.slice(new DataSet(200, 5_000, 10).generator(), 2_100);
        assertThat(slice.messages()).isEqualTo(2_100);
        assertThat(slice.bodies()).hasSize(5);
        assertThat(slice.events()).isBetween(1_000L, 2_099L);
        try (LocalPostgres pg = LocalPostgres.start(dir, Map.of())) {
            assertThat(IngestRun.postgres(slice, pg).eventsStored()).isEqualTo(slice.events());
        }
        assertThat(IngestRun.duckdb(slice, Path.of("target", "ingest-test.duckdb")).eventsStored())
                .isEqualTo(slice.events());
    }
}

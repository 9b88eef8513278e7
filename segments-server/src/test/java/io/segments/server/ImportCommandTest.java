package io.segments.server;

import io.segments.server.internal.ImportCommand;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code segments import FILE}: loads into the data directory, or explains that a server holds it. */
class ImportCommandTest {
    private final Path root = ServerExtension.newTempDir("segments-import-cli");
    private final Path dataDir = root.resolve("data");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void cleanUp() {
        ServerExtension.deleteRecursively(root);
    }

    private int run(String file) {
        return ImportCommand.run(dataDir, ServerConfig.DEFAULT_DEDUP_WINDOW, file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void loads_a_file_and_summarizes_with_the_bad_lines() throws Exception {
        Path file = root.resolve("events.ndjson");
        Files.writeString(file, """
                {"type": "identify", "userId": "u1", "traits": {"plan": "pro"}, "messageId": "c1"}
                {"type": "track", "userId": "u1", "event": "Bought", "timestamp": "2026-10-01T00:00:00Z", "messageId": "c2"}
                this is not json

                {"type": "track", "anonymousId": "a1", "event": "Viewed", "messageId": "c3"}
                {"type": "track", "event": "No one", "messageId": "c4"}
                """);

        int status = run(file.toString());

        assertThat(status).isZero();
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("6 lines", "3 messages stored", "2 bad lines")
                .contains("line 3: not valid JSON").contains("line 6:").contains("$.userId");
        try (Store store = Store.open(dataDir)) {
            assertThat(store.profile("u1").orElseThrow().traits()).containsEntry("plan", "pro");
            long events = store.withConnection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(events).isEqualTo(2);
        }
    }

    @Test
    void a_missing_file_is_named() {
        int status = run(root.resolve("nope.ndjson").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.ndjson").contains("no such file");
    }

    @Test
    void a_running_server_on_the_directory_is_reported_with_the_http_import_to_use() throws Exception {
        Path file = root.resolve("events.ndjson");
        Files.writeString(file, "{\"type\": \"track\", \"userId\": \"u1\", \"event\": \"A\"}\n");
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            int status = run(file.toString());

            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("is in use")
                    .contains("POST")
                    .contains(server.uri() + "/api/import");
        }
    }
}

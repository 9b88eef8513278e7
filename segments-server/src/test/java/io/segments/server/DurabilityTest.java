package io.segments.server;

import io.segments.store.EventDocuments;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as its own JVM, streamed to by several clients, stopped mid-stream by SIGKILL (a crash) or SIGTERM
 * (a clean stop). After a restart on the same data directory every batch that was answered 200 is there exactly
 * once, and no batch is there in part.
 */
class DurabilityTest {
    private static final int BATCH_SIZE = 100;
    private static final int CLIENTS = 4;

    private Path dataDir;

    @BeforeEach
    void createDataDir() {
        dataDir = ServerExtension.newTempDir("segments-durability").resolve("data");
    }

    @AfterEach
    void deleteDataDir() {
        ServerExtension.deleteRecursively(dataDir.getParent());
    }

    @Test
    void after_a_kill_9_mid_stream_every_acknowledged_batch_is_present_exactly_once() throws Exception {
        Set<Integer> acknowledged;
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            BatchStream stream = new BatchStream(server.uri(), CLIENTS, BATCH_SIZE);
            stream.awaitAcknowledged(60);
            server.kill(); // while the clients keep sending
            stream.close();
            acknowledged = stream.acknowledged();
            assertThat(stream.attempted()).as("requests were in flight when the server died")
                    .isGreaterThan(acknowledged.size() + stream.otherAnswers().values().stream().mapToInt(i -> i).sum());
        }

        try (SegmentsServer restarted = SegmentsServer.start(ServerConfig.of(dataDir, 0).withHost("127.0.0.1")
                .withWriteKey(ServerExtension.WRITE_KEY).withAdminKey(ServerExtension.ADMIN_KEY))) {
            assertEveryAcknowledgedBatchExactlyOnce(restarted.store(), acknowledged);

            // a client retrying an acknowledged batch after the crash adds nothing
            int retried = acknowledged.iterator().next();
            TestHttp.Response r = new TestHttp(restarted.uri()).post("/v1/batch", BatchStream.body(retried, BATCH_SIZE),
                    TestHttp.basic(ServerExtension.WRITE_KEY, ""));
            assertThat(r.status()).isEqualTo(200);
            assertEveryAcknowledgedBatchExactlyOnce(restarted.store(), acknowledged);
        }
    }

    @Test
    void sigterm_stops_cleanly_with_every_acknowledged_batch_durable() throws Exception {
        Set<Integer> acknowledged;
        Map<Integer, Integer> otherAnswers;
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            BatchStream stream = new BatchStream(server.uri(), CLIENTS, BATCH_SIZE);
            stream.awaitAcknowledged(60);
            int exit = server.terminate(60);
            stream.close();
            acknowledged = stream.acknowledged();
            otherAnswers = stream.otherAnswers();

            assertThat(exit).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);
            assertThat(server.output()).contains("stopped cleanly");
            assertThat(server.output().lines().filter(l -> l.startsWith("listening on ")))
                    .containsExactly("listening on " + server.uri());
        }
        assertThat(otherAnswers.keySet()).as("answers other than 200 while stopping").isSubsetOf(503);
        assertThat(dataDir.resolve("server.url")).doesNotExist();
        Path wal = dataDir.resolve(Store.FILE_NAME + ".wal");
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("the log was checkpointed into the database").isTrue();

        try (Store store = Store.open(dataDir)) {
            assertEveryAcknowledgedBatchExactlyOnce(store, acknowledged);
        }
    }

    /** Every acknowledged batch has all its messages once; any other batch is there whole or not at all. */
    private static void assertEveryAcknowledgedBatchExactlyOnce(Store store, Set<Integer> acknowledged) {
        Map<Integer, Integer> perBatch = new HashMap<>();
        Map<String, Integer> perMessage = new HashMap<>();
        EventDocuments documents = store.withConnection(EventDocuments::read);
        store.withConnection(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (" + documents.valueSql("events", "batch") + "->>'$') || '-' || ("
                         + documents.valueSql("events", "i") + "->>'$') FROM events WHERE name = 'Streamed'")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    perMessage.merge(id, 1, Integer::sum);
                    perBatch.merge(Integer.parseInt(id.substring(0, id.indexOf('-'))), 1, Integer::sum);
                }
            }
            return null;
        });
        assertThat(acknowledged).isNotEmpty();
        assertThat(perMessage.values()).as("no message stored twice").allMatch(n -> n == 1);
        for (int batch : acknowledged) {
            assertThat(perBatch.getOrDefault(batch, 0)).as("messages of acknowledged batch " + batch).isEqualTo(BATCH_SIZE);
        }
        assertThat(perBatch.values()).as("no batch stored in part").allMatch(n -> n == BATCH_SIZE);
    }
}

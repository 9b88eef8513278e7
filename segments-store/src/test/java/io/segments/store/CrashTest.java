package io.segments.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every batch acknowledged before a kill -9 is in the store after reopening, exactly once; no batch is half stored. */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedBatchesSurviveAKillMinus9() throws Exception {
        Set<Integer> acknowledged = ingestUntilKilled();
        try (Store store = Store.open(dir)) {
            Map<Integer, Long> messagesPerBatch = new HashMap<>();
            for (Map<String, Object> row : Tables.rows(store, "SELECT (" + Tables.property(store, "events", "batch")
                    + ")::INTEGER AS batch, count(*) AS n FROM events GROUP BY ALL")) {
                messagesPerBatch.put((Integer) row.get("batch"), (Long) row.get("n"));
            }
            int eventsPerBatch = CrashChild.MESSAGES_PER_BATCH - 1;
            for (int batch : acknowledged) {
                assertThat(messagesPerBatch.get(batch)).as("events of acknowledged batch %d", batch).isEqualTo(eventsPerBatch);
            }
            assertThat(messagesPerBatch.values()).as("no batch is partly stored").allMatch(n -> n == eventsPerBatch);
            long batches = messagesPerBatch.size();
            assertThat(Tables.count(store, "SELECT count(*) FROM message_ids")).isEqualTo(batches * CrashChild.MESSAGES_PER_BATCH);
            assertThat(Tables.count(store, "SELECT count(DISTINCT (" + Tables.property(store, "events", "batch") + ", "
                    + Tables.property(store, "events", "i") + ")) FROM events"))
                    .isEqualTo(batches * (CrashChild.MESSAGES_PER_BATCH - 1));
            assertThat(Tables.count(store, "SELECT count(*) FROM push_tokens")).isEqualTo(batches);
            // every anonymous visitor of a stored batch was identified: only the ten known users hold data
            assertThat(Tables.count(store, """
                    SELECT count(DISTINCT e.uid) FROM events e JOIN users u USING (uid)
                    WHERE u.merged_into IS NULL AND u.user_id LIKE 'user-%'""")).isEqualTo(Math.min(10, batches));
            assertThat(Tables.count(store, "SELECT count(*) FROM events e JOIN users u USING (uid) WHERE u.anonymous")).isZero();

            // the reopened store keeps ingesting: acknowledged batches sent again are dropped as duplicates
            int resent = acknowledged.iterator().next();
            store.ingestor().submit(CrashChild.batch(resent)).get(30, TimeUnit.SECONDS);
            assertThat(store.ingestor().stats().duplicatesDropped()).isEqualTo(CrashChild.MESSAGES_PER_BATCH);
            assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(batches * (CrashChild.MESSAGES_PER_BATCH - 1));
        }
    }

    /**
     * Runs {@link CrashChild} on the data directory (with {@code arguments} after it) until it has acknowledged 150
     * batches, kills it with SIGKILL while more are in flight, and answers the batches it acknowledged.
     */
    private Set<Integer> ingestUntilKilled(String... arguments) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString()));
        command.addAll(List.of(arguments));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<Integer> acknowledged = new TreeSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 150 && (line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(Integer.parseInt(line.substring(4)));
                }
            }
            assertThatThrownBy(() -> Store.open(dir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("in use by another process");
            // SIGKILL mid-stream, more batches in flight; acknowledgements not read yet are simply not checked
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);
        Path wal = dir.resolve(Store.FILE_NAME + ".wal");
        assertThat(wal).as("the killed process left its log to replay").exists();
        assertThat(Files.size(wal)).isPositive();
        return acknowledged;
    }

    /**
     * With a deduplication window of 2,800 messages (generations of 400) the killed writer had started and forgotten
     * generations many times: the reopened store has every acknowledged batch once, keeps a window's worth of
     * fingerprints, and drops the last acknowledged batch when it is sent again.
     */
    @Test
    void aKillMinus9WhileGenerationsComeAndGoKeepsTheWindow() throws Exception {
        Set<Integer> acknowledged = ingestUntilKilled("2800");

        try (Store store = Store.open(dir, 2800)) {
            Map<Integer, Long> messagesPerBatch = new HashMap<>();
            for (Map<String, Object> row : Tables.rows(store, "SELECT (" + Tables.property(store, "events", "batch")
                    + ")::INTEGER AS batch, count(*) AS n FROM events GROUP BY ALL")) {
                messagesPerBatch.put((Integer) row.get("batch"), (Long) row.get("n"));
            }
            for (int batch : acknowledged) {
                assertThat(messagesPerBatch.get(batch)).as("events of acknowledged batch %d", batch)
                        .isEqualTo(CrashChild.MESSAGES_PER_BATCH - 1);
            }
            long tables = Tables.count(store, "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'message_ids_%'");
            assertThat(tables).isBetween(1L, 7L);

            int last = ((TreeSet<Integer>) acknowledged).last();
            store.ingestor().submit(CrashChild.batch(last)).get(30, TimeUnit.SECONDS);
            assertThat(store.ingestor().stats().duplicatesDropped()).isEqualTo(CrashChild.MESSAGES_PER_BATCH);
            assertThat(Tables.count(store, "SELECT count(*) FROM events WHERE "
                    + Tables.property(store, "events", "batch") + " = ?", String.valueOf(last)))
                    .isEqualTo(CrashChild.MESSAGES_PER_BATCH - 1);
        }
    }
}

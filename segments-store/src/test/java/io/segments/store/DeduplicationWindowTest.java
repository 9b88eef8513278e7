package io.segments.store;

import io.segments.store.internal.IngestWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deduplication window: a messageId among the last {@code dedupWindow} stored messages is always dropped when
 * sent again, after a restart too; one older than the whole remembered window is forgotten and stored again. Here the
 * window is 70 messages, remembered in 8 generations of 10 (7 of them full at any time), and every batch of 10 is
 * one group commit.
 */
class DeduplicationWindowTest {
    private static final long WINDOW = 70;
    private static final int GROUP = 10;
    /** The most fingerprints kept: 8 generations of at most {@code GROUP - 1 + GROUP} each. */
    private static final long MOST_KEPT = 8 * (WINDOW / 7 - 1 + GROUP);

    @TempDir
    Path dir;
    Store store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static IngestWriter.Config window(long window) {
        return new IngestWriter.Config(GROUP, 1_000, 10, 1_000_000, window);
    }

    private void open(IngestWriter.Config config) {
        store = Store.open(dir, config);
    }

    /** Stores m{from} .. m{to - 1}, one event each, in batches of {@link #GROUP}. */
    private void ingestRange(int from, int to) throws Exception {
        for (int start = from; start < to; start += GROUP) {
            List<String> batch = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + GROUP); i++) {
                batch.add(track(i));
            }
            ingest(batch.toArray(String[]::new));
        }
    }

    private void ingest(String... messages) throws Exception {
        store.ingestor().submit(msgs(messages)).get(30, TimeUnit.SECONDS);
    }

    private static String track(int i) {
        return "{'type':'track','userId':'u1','event':'E','messageId':'m" + i + "','timestamp':'2026-11-01T00:00:00Z',"
                + "'properties':{'m':'m" + i + "'}}";
    }

    private long stored(int i) {
        return Tables.count(store, "SELECT count(*) FROM events WHERE " + Tables.property(store, "events", "m") + " = ?",
                "m" + i);
    }

    /** Fingerprints on disk, over every generation's table. */
    private long fingerprintsOnDisk() {
        long total = 0;
        for (Map<String, Object> row : Tables.rows(store,
                "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'message_ids%'")) {
            total += Tables.count(store, "SELECT count(*) FROM \"" + row.get("table_name") + "\"");
        }
        return total;
    }

    @Test
    void aDuplicateJustInsideTheWindowIsDroppedAndOneOlderThanTheRememberedWindowIsStoredAgain() throws Exception {
        open(window(WINDOW));
        ingestRange(0, 200);

        ingest(track(130), track(199), track(0));

        assertThat(stored(130)).isEqualTo(1); // the 70th latest message: just inside the window
        assertThat(stored(199)).isEqualTo(1);
        assertThat(stored(0)).isEqualTo(2);   // 200 messages ago: forgotten
        assertThat(store.ingestor().stats().duplicatesDropped()).isEqualTo(2);
    }

    @Test
    void aRestartKeepsTheWindow() throws Exception {
        open(window(WINDOW));
        ingestRange(0, 200);
        store.close();
        open(window(WINDOW));

        ingest(track(130), track(199), track(0));

        assertThat(stored(130)).isEqualTo(1);
        assertThat(stored(199)).isEqualTo(1);
        assertThat(stored(0)).isEqualTo(2);
    }

    @Test
    void fingerprintsOnDiskAreKeptForTheRememberedWindowOnly() throws Exception {
        open(window(WINDOW));
        ingestRange(0, 500);

        assertThat(fingerprintsOnDisk()).isBetween(WINDOW, MOST_KEPT);
        store.close();
        open(window(WINDOW));
        ingestRange(500, 1000);
        assertThat(fingerprintsOnDisk()).isBetween(WINDOW, MOST_KEPT);
    }

    @Test
    void fingerprintsOfAllTimeAreCutToTheNewestOnesAtTheNextStart() throws Exception {
        open(window(IngestWriter.Config.DEFAULT_DEDUP_WINDOW));
        ingestRange(0, 200); // all in one generation, as a store written before the window keeps them
        store.close();
        open(window(WINDOW));

        ingest(track(130), track(199), track(0));

        assertThat(stored(130)).isEqualTo(1);
        assertThat(stored(199)).isEqualTo(1);
        assertThat(stored(0)).isEqualTo(2);
        assertThat(fingerprintsOnDisk()).isBetween(WINDOW, MOST_KEPT);
    }

    @Test
    void aGroupThatFailsAfterFindingTheGenerationFullLeavesTheWindowAsItWas() throws Exception {
        open(window(WINDOW));
        ingestRange(0, 10); // the first generation is full: the next group that stores a message starts one
        // an identity the ingestor does not know about makes storing a new user with that id fail
        store.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO identities VALUES ('poison', 999)");
            }
        });
        assertThatThrownBy(() -> ingest("{'type':'track','userId':'poison','event':'E','messageId':'p1'}"))
                .isInstanceOf(ExecutionException.class);
        ingest(track(5)); // stores nothing: a duplicate

        ingest(track(3), track(10));

        assertThat(stored(3)).isEqualTo(1);
        assertThat(stored(10)).isEqualTo(1);
        store.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM identities WHERE external_id = 'poison'");
            }
        });
        store.close();
        open(window(WINDOW));
        ingest(track(3), track(10));
        assertThat(stored(3)).isEqualTo(1);
        assertThat(stored(10)).isEqualTo(1);
    }

    @Test
    void aWindowSmallerThanOneMessagePerGenerationIsRefused() {
        assertThatThrownBy(() -> window(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deduplication window").hasMessageContaining("got 6");
    }
}

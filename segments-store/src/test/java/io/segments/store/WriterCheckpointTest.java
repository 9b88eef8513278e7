package io.segments.store;

import io.segments.store.internal.IngestWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a move into sorted runs the writer writes its log into the database file, so that the moved rows are
 * dropped instead of compressed into the recent table first, and no group commit pays for that work later.
 */
class WriterCheckpointTest {
    private static final long WAIT_MILLIS = 30_000;

    @TempDir
    Path dir;

    private static String track(int i) {
        return "{'type':'track','userId':'u" + (i % 3) + "','event':'Viewed','messageId':'m" + i
                + "','timestamp':'2026-11-" + String.format("%02d", 1 + i) + "T10:00:00Z','properties':{'i':" + i + "}}";
    }

    private long logBytes() throws IOException {
        Path log = dir.resolve(Store.FILE_NAME + ".wal");
        try {
            return Files.size(log);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0; // no log, or the checkpoint removed it while we looked
        }
    }

    /** Waits until the log is empty; fails when it is not after {@value #WAIT_MILLIS} ms. */
    private void awaitEmptyLog() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (logBytes() > 0) {
            assertThat(System.currentTimeMillis()).as("the log is still %d bytes long", logBytes()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void afterTheWriterMovesTheRecentEventsItEmptiesItsLogIntoTheDatabaseFile() throws Exception {
        try (Store store = Store.open(dir, new IngestWriter.Config(10, 1_000, 10, 5))) {
            for (int i = 0; i < 4; i++) {
                store.ingestor().submit(msgs(track(i))).get(30, TimeUnit.SECONDS);
            }
            assertThat(logBytes()).as("four commits, no move yet: they are in the log").isPositive();

            store.ingestor().submit(msgs(track(4))).get(30, TimeUnit.SECONDS); // the fifth: the writer moves all five

            awaitEmptyLog();
            assertThat(Tables.count(store, "SELECT count(*) FROM events_sorted")).isEqualTo(5);
            assertThat(Tables.count(store, "SELECT count(*) FROM events_recent")).isZero();
            assertThat(Tables.count(store, "SELECT sum((" + Tables.property(store, "events", "i")
                    + ")::BIGINT) FROM events")).isEqualTo(10);
        }
    }

    @Test
    void aMoveAskedForIsFollowedByTheCheckpointToo() throws Exception {
        try (Store store = Store.open(dir, new IngestWriter.Config(10, 1_000, 10, 1_000))) {
            store.ingestor().submit(msgs(track(0), track(1), track(2))).get(30, TimeUnit.SECONDS);
            assertThat(logBytes()).isPositive();

            assertThat(store.ingestor().sortEvents().get(30, TimeUnit.SECONDS)).isEqualTo(3L);

            awaitEmptyLog();
            assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(3);
        }
        try (Store reopened = Store.open(dir)) {
            assertThat(Tables.count(reopened, "SELECT count(*) FROM events_sorted")).isEqualTo(3);
        }
    }
}

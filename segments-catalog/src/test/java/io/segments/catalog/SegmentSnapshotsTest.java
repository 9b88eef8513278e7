package io.segments.catalog;

import io.segments.model.SegmentsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.segments.catalog.Fixture.NOW;
import static io.segments.catalog.SegmentCatalogTest.dynamic;
import static io.segments.catalog.SegmentCatalogTest.failure;
import static io.segments.catalog.SegmentCatalogTest.staticSegment;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentSnapshotsTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-11-20");

    @TempDir
    Path dir;
    Fixture f;
    SegmentSnapshots snapshots;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        snapshots = new SegmentSnapshots(f.store, f.catalog, f.queries);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void oneSnapshotPerSegmentAndDayWithTheMembersAtThatMoment() {
        f.track("a", "Charged", NOW.minusSeconds(60)).track("b", "Charged", NOW.minusSeconds(30)).ingest();
        String buyers = f.catalog.create(dynamic("Buyers", "{'did': 'Charged'}")).id().orElseThrow();
        String list = f.catalog.create(staticSegment("VIPs", "a", "z")).id().orElseThrow();

        List<SegmentSnapshots.Snapshot> first = snapshots.takeDue(NOW);

        assertThat(first).extracting(SegmentSnapshots.Snapshot::segmentId).containsExactlyInAnyOrder(buyers, list);
        SegmentSnapshots.Snapshot taken = snapshots.list(buyers, TODAY, TODAY).get(0);
        assertThat(taken.members()).isEqualTo(f.queries.count(buyers, Optional.of(NOW)).count()).isEqualTo(2);
        assertThat(taken.takenAt()).isEqualTo(NOW);
        assertThat(taken.day()).isEqualTo(TODAY);
        assertThat(taken.previousDay()).isEmpty();
        assertThat(taken.entered()).isEmpty();
        assertThat(snapshots.list(list, TODAY, TODAY).get(0).members()).isEqualTo(1); // "z" is no user

        // later the same day: nothing more, even with new members
        f.track("c", "Charged", NOW.plusSeconds(3600)).ingest();
        assertThat(snapshots.takeDue(NOW.plusSeconds(7200))).isEmpty();
        assertThat(snapshots.list(buyers, TODAY, TODAY)).containsExactly(taken);
    }

    @Test
    void theNextSnapshotCountsWhoEnteredAndWhoLeftSinceThePreviousOne() {
        f.track("a", "Charged", NOW.minusSeconds(3600)).track("b", "Charged", NOW.minusSeconds(3600)).ingest();
        String recent = f.catalog.create(dynamic("Bought in the last day", "{'did': 'Charged', 'when': {'last': '1d'}}"))
                .id().orElseThrow();
        snapshots.takeDue(NOW);
        RoaringBitmap before = f.queries.memberUids(recent, Optional.of(NOW));

        // a and b's purchases age out of the window, c and d buy; two days later (no snapshot on the day between)
        Instant later = NOW.plusSeconds(2 * 86_400);
        f.track("c", "Charged", later.minusSeconds(60)).track("d", "Charged", later.minusSeconds(60))
                .track("e", "Charged", later.minusSeconds(60)).track("a", "Charged", later.minusSeconds(60)).ingest();
        List<SegmentSnapshots.Snapshot> taken = snapshots.takeDue(later);

        RoaringBitmap after = f.queries.memberUids(recent, Optional.of(later));
        SegmentSnapshots.Snapshot snapshot = taken.get(0);
        assertThat(snapshot.day()).isEqualTo(TODAY.plusDays(2));
        assertThat(snapshot.previousDay()).contains(TODAY);
        assertThat(snapshot.members()).isEqualTo(after.getLongCardinality()).isEqualTo(4);
        assertThat(snapshot.entered()).contains((long) RoaringBitmap.andNotCardinality(after, before)).contains(3L);
        assertThat(snapshot.exited()).contains((long) RoaringBitmap.andNotCardinality(before, after)).contains(1L);
        assertThat(snapshots.list(recent, TODAY, TODAY.plusDays(2)))
                .extracting(SegmentSnapshots.Snapshot::day).containsExactly(TODAY, TODAY.plusDays(2));
        // only the latest snapshot keeps its member set
        assertThat(storedMemberSets(recent)).isEqualTo(1);
    }

    @Test
    void aSnapshotKeepsWhatWasTrueWhenTraitsChangeLater() {
        f.identify("a", Map.of("country", "IN")).identify("b", Map.of("country", "IN")).ingest();
        String india = f.catalog.create(dynamic("India", "{'attribute': 'country', 'op': 'eq', 'value': 'IN'}"))
                .id().orElseThrow();
        snapshots.takeDue(NOW);

        f.identify("b", Map.of("country", "US")).ingest();
        Instant tomorrow = NOW.plusSeconds(86_400);
        SegmentSnapshots.Snapshot second = snapshots.takeDue(tomorrow).get(0);

        // recomputed from history, yesterday's count uses today's traits: 1; the snapshot of that day says 2
        assertThat(f.queries.count(india, Optional.of(NOW)).count()).isEqualTo(1);
        assertThat(snapshots.list(india, TODAY, TODAY).get(0).members()).isEqualTo(2);
        assertThat(second.members()).isEqualTo(1);
        assertThat(second.exited()).contains(1L);
        assertThat(second.entered()).contains(0L);
    }

    @Test
    void aDeletedSegmentsSnapshotsGoWithIt() {
        String id = f.catalog.create(dynamic("Buyers", "{'did': 'Charged'}")).id().orElseThrow();
        snapshots.takeDue(NOW);
        f.catalog.delete(id);

        assertThat(failure(() -> snapshots.list(id, TODAY, TODAY)).code()).isEqualTo(SegmentsException.Code.NOT_FOUND);
        assertThat(storedRows(id)).isZero();
    }

    @Test
    void aReversedOrTooLongRangeIsRefused() {
        String id = f.catalog.create(dynamic("Buyers", "{'did': 'Charged'}")).id().orElseThrow();

        SegmentsException reversed = failure(() -> snapshots.list(id, TODAY, TODAY.minusDays(1)));
        SegmentsException tooLong = failure(() -> snapshots.list(id, TODAY.minusDays(SegmentSnapshots.MAX_DAYS + 1),
                TODAY));

        assertThat(reversed.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        assertThat(reversed.getMessage()).contains("2026-11-20").contains("after");
        assertThat(tooLong.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        assertThat(snapshots.list(id, TODAY.minusDays(SegmentSnapshots.MAX_DAYS), TODAY)).isEmpty();
    }

    private long storedMemberSets(String id) {
        return count("SELECT count(*) FROM segment_snapshots WHERE uids IS NOT NULL AND segment_id = '" + id + "'");
    }

    private long storedRows(String id) {
        return count("SELECT count(*) FROM segment_snapshots WHERE segment_id = '" + id + "'");
    }

    private long count(String sql) {
        return f.store.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

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

    /** The job run at {@code now}, the instant the catalog and the queries also read as now (as in the server). */
    private List<SegmentSnapshots.Snapshot> takeDue(Instant now) {
        f.clock.set(now);
        return snapshots.takeDue(now);
    }

    @Test
    void eachDaysSnapshotHoldsTheMembersAtTheEndOfThatDay() {
        f.track("a", "Charged", NOW.minusSeconds(60)).track("b", "Charged", NOW.minusSeconds(30)).ingest();
        String buyers = f.catalog.create(dynamic("Buyers", "{'did': 'Charged'}")).id().orElseThrow();
        String list = f.catalog.create(staticSegment("VIPs", "a", "z")).id().orElseThrow();
        // the day is not over: nothing to record yet (and the day before, the segments did not exist)
        assertThat(takeDue(NOW)).isEmpty();

        // a purchase late in the day counts, one just after midnight does not
        Instant endOfDay = SegmentSnapshots.end(TODAY);
        assertThat(endOfDay).isEqualTo(Instant.parse("2026-11-20T23:59:59.999Z"));
        f.track("c", "Charged", endOfDay).track("d", "Charged", endOfDay.plusMillis(1)).ingest();
        Instant justAfter = endOfDay.plusSeconds(30);
        List<SegmentSnapshots.Snapshot> first = takeDue(justAfter);

        assertThat(first).extracting(SegmentSnapshots.Snapshot::segmentId).containsExactlyInAnyOrder(buyers, list);
        SegmentSnapshots.Snapshot taken = snapshots.list(buyers, TODAY, TODAY).get(0);
        assertThat(taken.members()).isEqualTo(f.queries.count(buyers, Optional.of(endOfDay)).count()).isEqualTo(3);
        assertThat(taken.takenAt()).isEqualTo(justAfter);
        assertThat(taken.day()).isEqualTo(TODAY);
        assertThat(taken.previousDay()).isEmpty();
        assertThat(taken.entered()).isEmpty();
        assertThat(taken.exited()).isEmpty();
        assertThat(snapshots.list(list, TODAY, TODAY).get(0).members()).isEqualTo(1); // "z" is no user

        // later the same day: nothing more
        assertThat(takeDue(justAfter.plusSeconds(7200))).isEmpty();
        assertThat(snapshots.list(buyers, TODAY, TODAY.plusDays(1))).containsExactly(taken);
    }

    @Test
    void theNextSnapshotCountsWhoEnteredAndWhoLeftSinceThePreviousOne() {
        f.track("a", "Charged", NOW.minusSeconds(3600)).track("b", "Charged", NOW.minusSeconds(3600)).ingest();
        String recent = f.catalog.create(dynamic("Bought in the last day", "{'did': 'Charged', 'when': {'last': '1d'}}"))
                .id().orElseThrow();
        takeDue(NOW.plusSeconds(86_400));
        RoaringBitmap before = f.queries.memberUids(recent, Optional.of(SegmentSnapshots.end(TODAY)));
        assertThat(before.getLongCardinality()).isEqualTo(2);

        // a and b's purchases age out of the window, c, d and e buy, a buys again; two days later (the day
        // between has no snapshot: the server was down)
        LocalDate later = TODAY.plusDays(2);
        Instant lateThatDay = SegmentSnapshots.end(later).minusSeconds(60);
        f.track("c", "Charged", lateThatDay).track("d", "Charged", lateThatDay).track("e", "Charged", lateThatDay)
                .track("a", "Charged", lateThatDay).ingest();
        List<SegmentSnapshots.Snapshot> taken = takeDue(SegmentSnapshots.end(later).plusSeconds(5));

        RoaringBitmap after = f.queries.memberUids(recent, Optional.of(SegmentSnapshots.end(later)));
        SegmentSnapshots.Snapshot snapshot = taken.get(0);
        assertThat(snapshot.day()).isEqualTo(later);
        assertThat(snapshot.previousDay()).contains(TODAY);
        assertThat(snapshot.members()).isEqualTo(after.getLongCardinality()).isEqualTo(4);
        assertThat(snapshot.entered()).contains((long) RoaringBitmap.andNotCardinality(after, before)).contains(3L);
        assertThat(snapshot.exited()).contains((long) RoaringBitmap.andNotCardinality(before, after)).contains(1L);
        assertThat(snapshots.list(recent, TODAY, later))
                .extracting(SegmentSnapshots.Snapshot::day).containsExactly(TODAY, later);
        // only the latest snapshot keeps its member set
        assertThat(storedMemberSets(recent)).isEqualTo(1);
    }

    @Test
    void aSnapshotKeepsWhatWasTrueWhenTraitsChangeLater() {
        f.identify("a", Map.of("country", "IN")).identify("b", Map.of("country", "IN")).ingest();
        String india = f.catalog.create(dynamic("India", "{'attribute': 'country', 'op': 'eq', 'value': 'IN'}"))
                .id().orElseThrow();
        takeDue(NOW.plusSeconds(86_400));

        f.identify("b", Map.of("country", "US")).ingest();
        SegmentSnapshots.Snapshot second = takeDue(NOW.plusSeconds(2 * 86_400)).get(0);

        // recomputed from history, the first day's count uses today's traits: 1; that day's snapshot says 2
        assertThat(f.queries.count(india, Optional.of(SegmentSnapshots.end(TODAY))).count()).isEqualTo(1);
        assertThat(snapshots.list(india, TODAY, TODAY).get(0).members()).isEqualTo(2);
        assertThat(second.day()).isEqualTo(TODAY.plusDays(1));
        assertThat(second.members()).isEqualTo(1);
        assertThat(second.exited()).contains(1L);
        assertThat(second.entered()).contains(0L);
    }

    @Test
    void aDeletedSegmentsSnapshotsGoWithIt() {
        String id = f.catalog.create(dynamic("Buyers", "{'did': 'Charged'}")).id().orElseThrow();
        assertThat(takeDue(NOW.plusSeconds(86_400))).hasSize(1);
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

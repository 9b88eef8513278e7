package io.segments.catalog;

import io.segments.model.Segment;
import io.segments.model.SegmentsException;
import io.segments.store.Store;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The recorded history of every segment: for each UTC day, each segment's members at the end of that day
 * ({@code 23:59:59.999Z}, the instant of that day's trend point), recorded just after the day ended, with how
 * many entered and how many left since the segment's previous snapshot.
 *
 * <p>The trend ({@code SegmentAnalytics.trend}) recomputes the past from the events, with the user
 * traits as they are now, because traits have no history. A snapshot is what the segment actually held
 * when it was taken: where a trait changed since, where a segment's definition was edited, or for a
 * static segment's edited list, the recorded count and the recomputed point differ, and the snapshot is
 * the one that was true then.
 *
 * <p>{@link #takeDue} records, for each segment that existed at the end of the last completed UTC day and has
 * no snapshot of it yet, its members as of that day's end (the events up to then, the traits and definition
 * as they are when it runs); it is idempotent, so the server calls it at start and then periodically. Days
 * the server missed entirely are not made up afterwards. Only each segment's latest snapshot keeps its member
 * set (a compressed bitmap of the store's {@code uid}s, needed to compute the next one's entries and exits);
 * older rows keep the figures.
 */
public final class SegmentSnapshots {
    /** The component under which {@link #MIGRATIONS} are recorded in the store's {@code schema_version}. */
    public static final String COMPONENT = "snapshots";

    /** Schema steps in order; released steps are never edited, only appended to. */
    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE segment_snapshots (
                segment_id VARCHAR NOT NULL,
                day DATE NOT NULL,
                taken_at BIGINT NOT NULL,
                members BIGINT NOT NULL,
                previous_day DATE,
                entered BIGINT,
                exited BIGINT,
                uids BLOB,
                PRIMARY KEY (segment_id, day)
            );
            """);

    /** Days of snapshots listed when no range is given: the 90 days up to today. */
    public static final int DEFAULT_DAYS = 90;
    /** The longest range one listing may ask for. */
    public static final int MAX_DAYS = 3660;

    private static final Logger LOG = LoggerFactory.getLogger(SegmentSnapshots.class);

    private final Store store;
    private final SegmentCatalog catalog;
    private final SegmentQueries queries;
    private final Object takeLock = new Object();

    /**
     * One snapshot: segment {@code segmentId}'s {@code members} at the end of UTC day {@code day}, recorded at
     * {@code takenAt}, and, when there was an earlier snapshot of it (of {@code previousDay}), how many users
     * {@code entered} and {@code exited} since then.
     */
    public record Snapshot(String segmentId, LocalDate day, Instant takenAt, long members,
                           Optional<LocalDate> previousDay, Optional<Long> entered, Optional<Long> exited) {
        public Snapshot {
            requireNonNull(segmentId, "segmentId is null");
            requireNonNull(day, "day is null");
            requireNonNull(takenAt, "takenAt is null");
            requireNonNull(previousDay, "previousDay is null");
            requireNonNull(entered, "entered is null");
            requireNonNull(exited, "exited is null");
            if (previousDay.isPresent() != entered.isPresent() || entered.isPresent() != exited.isPresent()) {
                throw new IllegalArgumentException("previousDay, entered and exited are present together");
            }
        }
    }

    /** The snapshots of the segments of {@code catalog}, evaluated through {@code queries}; creates the table if needed. */
    public SegmentSnapshots(Store store, SegmentCatalog catalog, SegmentQueries queries) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.queries = requireNonNull(queries, "queries is null");
        store.migrate(COMPONENT, MIGRATIONS);
        catalog.addListener(new SegmentCatalog.Listener() {
            @Override
            public void deleted(Segment segment) {
                delete(segment.id().orElseThrow());
            }
        });
    }

    /**
     * Takes the snapshot of the last UTC day completed before {@code now} of every segment that existed at its
     * end and has none yet, each with its members as of that end, and returns them. A segment that fails to evaluate is logged and skipped
     * (tried again at the next call); the others are taken. An interrupt stops after the segment in hand.
     */
    public List<Snapshot> takeDue(Instant now) {
        requireNonNull(now, "now is null");
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        Instant end = end(day);
        synchronized (takeLock) {
            Set<String> done = store.withConnection(c -> taken(c, day));
            List<Snapshot> taken = new ArrayList<>();
            for (Segment segment : catalog.list(Optional.empty())) {
                if (Thread.currentThread().isInterrupted()) {
                    break; // stopping: the rest are taken at the next call
                }
                String id = segment.id().orElseThrow();
                if (done.contains(id) || segment.createdAt().orElseThrow().isAfter(end)) {
                    continue;
                }
                try {
                    RoaringBitmap members = queries.memberUids(id, Optional.of(end));
                    store.withConnection(c -> {
                        taken.add(record(c, id, day, now, members));
                        return null;
                    });
                } catch (SegmentsException e) {
                    if (e.code() == SegmentsException.Code.NOT_FOUND) {
                        continue; // deleted meanwhile
                    }
                    LOG.warn("no snapshot of segment {} for {}: {}", id, day, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("no snapshot of segment {} for {}: {}", id, day, e.toString());
                }
            }
            return taken;
        }
    }

    /**
     * The snapshots of segment {@code id} taken on the UTC days {@code from} to {@code to} (both included), oldest
     * first; {@code not_found} for an unknown segment, {@code invalid_request} for a reversed or too long range.
     */
    public List<Snapshot> list(String id, LocalDate from, LocalDate to) {
        requireNonNull(id, "id is null");
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isAfter(to)) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "from (" + from + ") is after to (" + to + ")", "$.from");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "a listing of snapshots covers at most "
                    + MAX_DAYS + " days: " + from + " to " + to + " is more", "$.to");
        }
        catalog.get(id);
        return store.withConnection(c -> {
            List<Snapshot> snapshots = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT segment_id, day, taken_at, members, previous_day,"
                    + " entered, exited FROM segment_snapshots WHERE segment_id = ? AND day BETWEEN ? AND ?"
                    + " ORDER BY day")) {
                p.setString(1, id);
                p.setDate(2, Date.valueOf(from));
                p.setDate(3, Date.valueOf(to));
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        snapshots.add(snapshot(rs));
                    }
                }
            }
            return snapshots;
        });
    }

    /** The last millisecond of UTC day {@code day}, whose members its snapshot records. */
    public static Instant end(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
    }

    private void delete(String id) {
        store.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM segment_snapshots WHERE segment_id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    private static Set<String> taken(Connection c, LocalDate day) throws SQLException {
        Set<String> ids = new TreeSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT segment_id FROM segment_snapshots WHERE day = ?")) {
            p.setDate(1, Date.valueOf(day));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Stores today's snapshot against the latest earlier one, in one transaction; the earlier one drops its member set. */
    private static Snapshot record(Connection c, String id, LocalDate day, Instant now, RoaringBitmap members)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Optional<LocalDate> previousDay = Optional.empty();
            Optional<Long> entered = Optional.empty();
            Optional<Long> exited = Optional.empty();
            try (PreparedStatement p = c.prepareStatement("SELECT day, uids FROM segment_snapshots"
                    + " WHERE segment_id = ? AND day < ? ORDER BY day DESC LIMIT 1")) {
                p.setString(1, id);
                p.setDate(2, Date.valueOf(day));
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        byte[] bytes = rs.getBytes(2);
                        if (bytes != null) {
                            RoaringBitmap before = read(bytes);
                            previousDay = Optional.of(rs.getDate(1).toLocalDate());
                            entered = Optional.of((long) RoaringBitmap.andNotCardinality(members, before));
                            exited = Optional.of((long) RoaringBitmap.andNotCardinality(before, members));
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE segment_snapshots SET uids = NULL WHERE segment_id = ? AND day < ?")) {
                p.setString(1, id);
                p.setDate(2, Date.valueOf(day));
                p.executeUpdate();
            }
            Snapshot snapshot = new Snapshot(id, day, now, members.getLongCardinality(), previousDay, entered, exited);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO segment_snapshots (segment_id, day, taken_at,"
                    + " members, previous_day, entered, exited, uids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setDate(2, Date.valueOf(day));
                p.setLong(3, now.toEpochMilli());
                p.setLong(4, snapshot.members());
                if (previousDay.isPresent()) {
                    p.setDate(5, Date.valueOf(previousDay.get()));
                    p.setLong(6, entered.orElseThrow());
                    p.setLong(7, exited.orElseThrow());
                } else {
                    p.setNull(5, Types.DATE);
                    p.setNull(6, Types.BIGINT);
                    p.setNull(7, Types.BIGINT);
                }
                p.setBytes(8, write(members));
                p.executeUpdate();
            }
            c.commit();
            return snapshot;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Snapshot snapshot(ResultSet rs) throws SQLException {
        Date previous = rs.getDate(5);
        long entered = rs.getLong(6);
        boolean hasEntered = !rs.wasNull();
        long exited = rs.getLong(7);
        return new Snapshot(rs.getString(1), rs.getDate(2).toLocalDate(), Instant.ofEpochMilli(rs.getLong(3)),
                rs.getLong(4), Optional.ofNullable(previous).map(Date::toLocalDate),
                hasEntered ? Optional.of(entered) : Optional.empty(), hasEntered ? Optional.of(exited) : Optional.empty());
    }

    private static byte[] write(RoaringBitmap bitmap) {
        bitmap.runOptimize();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(bitmap.serializedSizeInBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            bitmap.serialize(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static RoaringBitmap read(byte[] bytes) {
        RoaringBitmap bitmap = new RoaringBitmap();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            bitmap.deserialize(in);
        } catch (IOException e) {
            throw new IllegalStateException("a stored snapshot's member set does not read: " + e.getMessage(), e);
        }
        return bitmap;
    }
}

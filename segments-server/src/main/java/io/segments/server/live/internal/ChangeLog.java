package io.segments.server.live.internal;

import io.segments.live.Change;
import io.segments.server.live.ChangeRecord;
import io.segments.store.Store;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table {@code live_changes}: every entry and exit of a live segment, ids ascending in the order
 * the changes happened (the ids are a sequence kept here: the next is one more than the largest stored,
 * so they never repeat). Only the live engine thread appends; anyone reads. Also creates
 * {@code live_webhooks}, the webhook subscriptions with their delivery cursors, and (step 2)
 * {@code live_campaign_cursor}, the one row holding the id of the last record whose entries were handed
 * to triggered campaigns ({@link io.segments.server.live.LiveCampaigns}); (step 3) the column {@code observed_at}
 * of {@code live_changes}, null in records stored before it (read as their {@code at}).
 */
public final class ChangeLog {
    public static final String COMPONENT = "live";
    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE live_changes (
                id BIGINT PRIMARY KEY,
                segment_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                change VARCHAR NOT NULL,
                "at" BIGINT NOT NULL,
                recorded_at BIGINT NOT NULL
            );
            CREATE TABLE live_webhooks (
                id VARCHAR PRIMARY KEY,
                url VARCHAR NOT NULL,
                segment_id VARCHAR,
                secret VARCHAR NOT NULL,
                delivered_through BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            );
            """, """
            CREATE TABLE live_campaign_cursor (
                id INTEGER PRIMARY KEY,
                delivered_through BIGINT NOT NULL
            );
            """, """
            ALTER TABLE live_changes ADD COLUMN observed_at BIGINT;
            """);

    private final Store store;
    private final Connection writer;
    private long lastId;

    public ChangeLog(Store store) {
        this.store = store;
        store.migrate(COMPONENT, MIGRATIONS);
        this.writer = store.connect();
        this.lastId = store.withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM live_changes")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The id of the newest record, 0 when there is none. */
    public synchronized long lastId() {
        return lastId;
    }

    /** Stores {@code changes} in one transaction, in order, and answers them as records. */
    public synchronized List<ChangeRecord> append(List<Change> changes, Instant recordedAt) {
        List<ChangeRecord> records = new ArrayList<>(changes.size());
        long id = lastId;
        for (Change c : changes) {
            records.add(new ChangeRecord(++id, c.segmentId(), c.userId(), c.kind(), c.at(), c.observedAt(), recordedAt));
        }
        try (DuckDBAppender a = ((DuckDBConnection) writer).createAppender("main", "live_changes")) {
            for (ChangeRecord r : records) {
                a.beginRow().append(r.id()).append(r.segmentId()).append(r.userId()).append(r.change())
                        .append(r.at().toEpochMilli()).append(recordedAt.toEpochMilli())
                        .append(r.observedAt().toEpochMilli()).endRow();
            }
            a.flush();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + changes.size() + " live changes: " + e.getMessage(), e);
        }
        lastId = id;
        return records;
    }

    /** At most {@code limit} records after id {@code after}, of one segment when given, ascending. */
    public List<ChangeRecord> after(Optional<String> segmentId, long after, int limit) {
        return store.withConnection(c -> {
            String sql = "SELECT id, segment_id, user_id, change, \"at\", recorded_at, coalesce(observed_at, \"at\")"
                    + " FROM live_changes WHERE id > ?"
                    + (segmentId.isPresent() ? " AND segment_id = ?" : "") + " ORDER BY id LIMIT ?";
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = 1;
                p.setLong(i++, after);
                if (segmentId.isPresent()) {
                    p.setString(i++, segmentId.get());
                }
                p.setInt(i, limit);
                List<ChangeRecord> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ChangeRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                                "entered".equals(rs.getString(4)) ? Change.Kind.ENTERED : Change.Kind.EXITED,
                                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(7)),
                                Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
                return out;
            }
        });
    }

    public void close() {
        try {
            writer.close();
        } catch (SQLException e) {
            // the store closes it anyway
        }
    }
}

package io.segments.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A {@link DeliveryLedger} in the {@link CampaignTables} of a JDBC database (DuckDB for the
 * embedded store). It works on one connection it does not own, in auto-commit mode, and
 * serialises its calls on it; each state change is one committed {@code UPDATE} guarded by the
 * status it moves from, so an outcome is never overwritten.
 */
public final class JdbcDeliveryLedger implements DeliveryLedger {
    private static final int BATCH = 10_000;
    private static final String COLUMNS = "campaign_id, user_id, status, idempotency_key, recipient, "
            + "provider_message_id, skip_reason, reason, attempts, updated_at";

    private final Connection connection;
    private final Clock clock;

    /** A ledger over {@code connection}, whose tables must exist ({@link #createTables}). */
    public JdbcDeliveryLedger(Connection connection) {
        this(connection, Clock.systemUTC());
    }

    public JdbcDeliveryLedger(Connection connection, Clock clock) {
        this.connection = requireNonNull(connection, "connection is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Runs {@link CampaignTables#DDL} on {@code connection} (idempotent). */
    public static void createTables(Connection connection) {
        try (Statement s = connection.createStatement()) {
            for (String ddl : CampaignTables.DDL) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the campaign tables: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized int enroll(String campaignId, Collection<String> userIds) {
        requireNonNull(campaignId, "campaignId is null");
        Set<String> distinct = new LinkedHashSet<>(userIds);
        if (distinct.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            int added = 0;
            try (PreparedStatement p = connection.prepareStatement("""
                    INSERT INTO campaign_deliveries (campaign_id, user_id, status, idempotency_key, attempts,
                        enrolled_at, updated_at)
                    VALUES (?, ?, 'pending', ?, 0, ?, ?)
                    ON CONFLICT (campaign_id, user_id) DO NOTHING""")) {
                int inBatch = 0;
                for (String userId : distinct) {
                    p.setString(1, campaignId);
                    p.setString(2, requireNonNull(userId, "a user id is null"));
                    p.setString(3, new DeliveryKey(campaignId, userId).idempotencyKey());
                    p.setLong(4, now);
                    p.setLong(5, now);
                    p.addBatch();
                    if (++inBatch == BATCH) {
                        added += sum(p.executeBatch());
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    added += sum(p.executeBatch());
                }
                connection.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure("enroll " + distinct.size() + " users in", campaignId, e);
        }
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int c : counts) {
            total += Math.max(c, 0);
        }
        return total;
    }

    @Override
    public synchronized Claim claim(String campaignId, String userId, String recipient) {
        try {
            DeliveryStatus status = status(campaignId, userId).orElseThrow(() -> new IllegalStateException(
                    "user '" + userId + "' is not in the audience of campaign '" + campaignId + "': enroll first"));
            if (status.isOutcome()) {
                return Claim.DONE;
            }
            try (PreparedStatement p = connection.prepareStatement("""
                    UPDATE campaign_deliveries SET status = 'claimed', recipient = ?, updated_at = ?
                    WHERE campaign_id = ? AND user_id = ? AND status IN ('pending', 'claimed')""")) {
                p.setString(1, recipient);
                p.setLong(2, clock.millis());
                p.setString(3, campaignId);
                p.setString(4, userId);
                if (p.executeUpdate() != 1) {
                    throw new IllegalStateException("the claim of user '" + userId + "' in campaign '" + campaignId
                            + "' changed no row");
                }
            }
            return status == DeliveryStatus.CLAIMED ? Claim.RECLAIMED : Claim.CLAIMED;
        } catch (SQLException e) {
            throw failure("claim user '" + userId + "' of", campaignId, e);
        }
    }

    @Override
    public synchronized boolean release(String campaignId, String userId) {
        try (PreparedStatement p = connection.prepareStatement("""
                UPDATE campaign_deliveries SET status = 'pending', updated_at = ?
                WHERE campaign_id = ? AND user_id = ? AND status = 'claimed'""")) {
            p.setLong(1, clock.millis());
            p.setString(2, campaignId);
            p.setString(3, userId);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("release user '" + userId + "' of", campaignId, e);
        }
    }

    @Override
    public synchronized boolean recordSent(String campaignId, String userId, String providerMessageId, int attempts) {
        return update(campaignId, userId, "sent", "status = 'claimed'", providerMessageId, null, null, attempts);
    }

    @Override
    public synchronized boolean recordFailed(String campaignId, String userId, String reason, int attempts) {
        return update(campaignId, userId, "failed", "status = 'claimed'", null, null,
                requireNonNull(reason, "reason is null"), attempts);
    }

    @Override
    public synchronized boolean recordSkipped(String campaignId, String userId, SkipReason skipReason, String reason) {
        return update(campaignId, userId, "skipped", "status IN ('pending', 'claimed')", null,
                requireNonNull(skipReason, "skipReason is null").json(), requireNonNull(reason, "reason is null"), 0);
    }

    private boolean update(String campaignId, String userId, String status, String guard, String providerMessageId,
                           String skipReason, String reason, int attempts) {
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE campaign_deliveries SET status = ?, provider_message_id = ?, skip_reason = ?, reason = ?, "
                        + "attempts = ?, updated_at = ? WHERE campaign_id = ? AND user_id = ? AND " + guard)) {
            p.setString(1, status);
            p.setString(2, providerMessageId);
            p.setString(3, skipReason);
            p.setString(4, reason);
            p.setInt(5, attempts);
            p.setLong(6, clock.millis());
            p.setString(7, campaignId);
            p.setString(8, userId);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("record user '" + userId + "' as " + status + " in", campaignId, e);
        }
    }

    private Optional<DeliveryStatus> status(String campaignId, String userId) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT status FROM campaign_deliveries WHERE campaign_id = ? AND user_id = ?")) {
            p.setString(1, campaignId);
            p.setString(2, userId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(status(rs.getString(1))) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized Set<String> unfinished(String campaignId) {
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT user_id FROM campaign_deliveries
                WHERE campaign_id = ? AND status IN ('pending', 'claimed')""")) {
            p.setString(1, campaignId);
            Set<String> users = new HashSet<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
            }
            return users;
        } catch (SQLException e) {
            throw failure("list the unfinished deliveries of", campaignId, e);
        }
    }

    @Override
    public synchronized Optional<Delivery> delivery(String campaignId, String userId) {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM campaign_deliveries WHERE campaign_id = ? AND user_id = ?")) {
            p.setString(1, campaignId);
            p.setString(2, userId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(delivery(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the delivery of user '" + userId + "' in", campaignId, e);
        }
    }

    @Override
    public synchronized List<Delivery> deliveries(String campaignId, Optional<DeliveryStatus> status,
                                                  Optional<String> afterUserId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM campaign_deliveries WHERE campaign_id = ?");
        status.ifPresent(s -> sql.append(" AND status = ?"));
        afterUserId.ifPresent(a -> sql.append(" AND user_id > ?"));
        sql.append(" ORDER BY user_id LIMIT ?");
        try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
            int i = 1;
            p.setString(i++, campaignId);
            if (status.isPresent()) {
                p.setString(i++, status.get().json());
            }
            if (afterUserId.isPresent()) {
                p.setString(i++, afterUserId.get());
            }
            p.setInt(i, limit);
            List<Delivery> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(delivery(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("list the deliveries of", campaignId, e);
        }
    }

    @Override
    public synchronized DeliveryStats stats(String campaignId) {
        try (PreparedStatement p = connection.prepareStatement("""
                SELECT status, skip_reason, COUNT(*) FROM campaign_deliveries WHERE campaign_id = ?
                GROUP BY status, skip_reason""")) {
            p.setString(1, campaignId);
            long audience = 0;
            long sent = 0;
            long failed = 0;
            long pending = 0;
            Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(3);
                    audience += n;
                    switch (status(rs.getString(1))) {
                        case PENDING, CLAIMED -> pending += n;
                        case SENT -> sent += n;
                        case FAILED -> failed += n;
                        case SKIPPED -> skipped.merge(skipReason(rs.getString(2)), n, Long::sum);
                    }
                }
            }
            return new DeliveryStats(campaignId, audience, sent, failed, skipped, pending);
        } catch (SQLException e) {
            throw failure("count the deliveries of", campaignId, e);
        }
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(
                rs.getString(1),
                rs.getString(2),
                status(rs.getString(3)),
                rs.getString(4),
                Optional.ofNullable(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)),
                Optional.ofNullable(rs.getString(7)).map(JdbcDeliveryLedger::skipReason),
                Optional.ofNullable(rs.getString(8)),
                rs.getInt(9),
                Instant.ofEpochMilli(rs.getLong(10)));
    }

    private static DeliveryStatus status(String s) {
        return DeliveryStatus.fromJson(s).orElseThrow(() -> new IllegalStateException(
                "campaign_deliveries holds an unknown status '" + s + "'"));
    }

    private static SkipReason skipReason(String s) {
        return SkipReason.fromJson(s).orElseThrow(() -> new IllegalStateException(
                "campaign_deliveries holds an unknown skip reason '" + s + "'"));
    }

    private static IllegalStateException failure(String what, String campaignId, SQLException e) {
        return new IllegalStateException("delivery ledger: cannot " + what + " campaign '" + campaignId + "': "
                + e.getMessage(), e);
    }
}

package io.segments.campaigns.internal;

import io.segments.campaigns.Campaign;
import io.segments.campaigns.CampaignJson;
import io.segments.campaigns.CampaignRun;
import io.segments.campaigns.CampaignState;
import io.segments.campaigns.CampaignTemplates;
import io.segments.campaigns.CampaignTrigger;
import io.segments.campaigns.Message;
import io.segments.model.Channel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The SQL of the {@code campaigns} table ({@link io.segments.campaigns.CampaignTables}). Every state
 * change is one guarded {@code UPDATE}; the caller serialises calls on a connection.
 */
public final class CampaignRows {
    private static final String COLUMNS = "id, segment_id, name, channel, message, state, created_at, updated_at, "
            + "send_started_at, send_frozen_at, send_finished_at, send_members, send_audience, send_not_reachable, "
            + "send_opted_out, trigger_kind";

    private CampaignRows() {
    }

    /** A stored campaign and its send, once started. */
    public record Row(Campaign campaign, Optional<CampaignRun> run) {
        public Row {
            requireNonNull(campaign, "campaign is null");
            requireNonNull(run, "run is null");
        }

        public String id() {
            return campaign.id().orElseThrow();
        }
    }

    /** Stores a new campaign that has an id and times. */
    public static void insert(Connection c, Campaign campaign) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO campaigns (id, segment_id, name, channel, message, "
                + "state, created_at, updated_at, trigger_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, campaign.id().orElseThrow());
            p.setString(2, campaign.segmentId());
            p.setString(3, campaign.name());
            p.setString(4, campaign.channel().json());
            p.setString(5, CampaignJson.toJson(campaign.message()).toString());
            p.setString(6, campaign.state().json());
            p.setLong(7, campaign.createdAt().orElseThrow().toEpochMilli());
            p.setLong(8, campaign.updatedAt().orElseThrow().toEpochMilli());
            if (campaign.trigger().isPresent()) {
                p.setString(9, campaign.trigger().get().json());
            } else {
                p.setNull(9, Types.VARCHAR);
            }
            p.executeUpdate();
        }
    }

    /**
     * Replaces the segment, name, channel, message and trigger of a campaign that is still a draft; false when it
     * is no longer one (the state is checked in the same statement).
     */
    public static boolean updateDraft(Connection c, Campaign campaign) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE campaigns SET segment_id = ?, name = ?, channel = ?, "
                + "message = ?, trigger_kind = ?, updated_at = ? WHERE id = ? AND state = ?")) {
            p.setString(1, campaign.segmentId());
            p.setString(2, campaign.name());
            p.setString(3, campaign.channel().json());
            p.setString(4, CampaignJson.toJson(campaign.message()).toString());
            if (campaign.trigger().isPresent()) {
                p.setString(5, campaign.trigger().get().json());
            } else {
                p.setNull(5, Types.VARCHAR);
            }
            p.setLong(6, campaign.updatedAt().orElseThrow().toEpochMilli());
            p.setString(7, campaign.id().orElseThrow());
            p.setString(8, CampaignState.DRAFT.json());
            return p.executeUpdate() == 1;
        }
    }

    public static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM campaigns WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static Optional<Row> find(Connection c, String id) throws SQLException {
        List<Row> rows = query(c, "SELECT " + COLUMNS + " FROM campaigns WHERE id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * The campaigns of segment {@code segmentId} and in {@code state}, each when given, newest first (by creation
     * time descending, then id).
     */
    public static List<Row> list(Connection c, Optional<String> segmentId, Optional<CampaignState> state)
            throws SQLException {
        List<String> where = new ArrayList<>();
        List<String> values = new ArrayList<>();
        segmentId.ifPresent(s -> {
            where.add("segment_id = ?");
            values.add(s);
        });
        state.ifPresent(s -> {
            where.add("state = ?");
            values.add(s.json());
        });
        String sql = "SELECT " + COLUMNS + " FROM campaigns" + (where.isEmpty() ? "" : " WHERE "
                + String.join(" AND ", where)) + " ORDER BY created_at DESC, id";
        return query(c, sql, values.toArray(String[]::new));
    }

    /** Deletes a campaign that is still a draft; false when there is none (the state is checked in the statement). */
    public static boolean deleteDraft(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM campaigns WHERE id = ? AND state = ?")) {
            p.setString(1, id);
            p.setString(2, CampaignState.DRAFT.json());
            return p.executeUpdate() == 1;
        }
    }

    /** The campaigns in a state, oldest first. */
    public static List<Row> inState(Connection c, CampaignState state) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM campaigns WHERE state = ? ORDER BY created_at, id", state.json());
    }

    /** The campaigns with a trigger whose send started ({@code sending}), oldest first. */
    public static List<Row> triggered(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM campaigns WHERE state = 'sending' "
                + "AND trigger_kind IS NOT NULL ORDER BY created_at, id");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return rows;
    }

    /** {@code draft -> sending}: the send starts. Answers false when the campaign is no draft. */
    public static boolean start(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE campaigns SET state = 'sending', send_started_at = ?, "
                + "updated_at = ? WHERE id = ? AND state = 'draft'")) {
            p.setLong(1, at.toEpochMilli());
            p.setLong(2, at.toEpochMilli());
            p.setString(3, id);
            return p.executeUpdate() == 1;
        }
    }

    /** {@code sending -> draft}, for a send that failed before any user was enrolled. */
    public static void backToDraft(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE campaigns SET state = 'draft', send_started_at = NULL, "
                + "send_frozen_at = NULL, send_members = NULL, send_audience = NULL, send_not_reachable = NULL, "
                + "send_opted_out = NULL, updated_at = ? WHERE id = ? AND state = 'sending'")) {
            p.setLong(1, at.toEpochMilli());
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    /** Records the frozen audience of a sending campaign. */
    public static void frozen(Connection c, String id, Instant at, long members, long audience, long notReachable,
                              long optedOut) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE campaigns SET send_frozen_at = ?, send_members = ?, "
                + "send_audience = ?, send_not_reachable = ?, send_opted_out = ?, updated_at = ? "
                + "WHERE id = ? AND state = 'sending'")) {
            p.setLong(1, at.toEpochMilli());
            p.setLong(2, members);
            p.setLong(3, audience);
            p.setLong(4, notReachable);
            p.setLong(5, optedOut);
            p.setLong(6, at.toEpochMilli());
            p.setString(7, id);
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("campaign " + id + " is no longer sending; its audience was not recorded");
            }
        }
    }

    /** {@code sending -> sent | failed}. */
    public static void finish(Connection c, String id, CampaignState state, Instant at) throws SQLException {
        if (state != CampaignState.SENT && state != CampaignState.FAILED) {
            throw new IllegalArgumentException("a send finishes as sent or failed, not " + state.json());
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE campaigns SET state = ?, send_finished_at = ?, "
                + "updated_at = ? WHERE id = ? AND state = 'sending'")) {
            p.setString(1, state.json());
            p.setLong(2, at.toEpochMilli());
            p.setLong(3, at.toEpochMilli());
            p.setString(4, id);
            p.executeUpdate();
        }
    }

    private static List<Row> query(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                p.setString(i + 1, parameters[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        Channel channel = Channel.fromJson(rs.getString(4)).orElseThrow(() -> corrupt(id, "channel"));
        Message message;
        try {
            message = CampaignJson.readMessage(Json.tree(rs.getString(5)), channel, CampaignTemplates.MESSAGE_PATH);
        } catch (RuntimeException e) {
            throw new IllegalStateException("campaign " + id + " has a stored message that no longer reads: "
                    + e.getMessage(), e);
        }
        CampaignState state = CampaignState.fromJson(rs.getString(6)).orElseThrow(() -> corrupt(id, "state"));
        String triggerName = rs.getString(16);
        Optional<CampaignTrigger> trigger = triggerName == null ? Optional.empty()
                : Optional.of(CampaignTrigger.fromJson(triggerName).orElseThrow(() -> corrupt(id, "trigger_kind")));
        Campaign campaign = new Campaign(Optional.of(id), rs.getString(2), rs.getString(3), channel, message, state,
                Optional.of(Instant.ofEpochMilli(rs.getLong(7))), Optional.of(Instant.ofEpochMilli(rs.getLong(8))),
                trigger);
        Optional<Instant> started = instant(rs, 9);
        Optional<CampaignRun> run = started.map(s -> {
            try {
                return new CampaignRun(s, instant(rs, 10), instant(rs, 11), count(rs, 12), count(rs, 13),
                        count(rs, 14), count(rs, 15));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the send of campaign " + id + ": " + e.getMessage(), e);
            }
        });
        return new Row(campaign, run);
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static long count(ResultSet rs, int column) throws SQLException {
        long n = rs.getLong(column);
        return rs.wasNull() ? 0 : n;
    }

    private static IllegalStateException corrupt(String id, String column) {
        return new IllegalStateException("campaign " + id + " has an unknown " + column + " in the campaigns table");
    }
}

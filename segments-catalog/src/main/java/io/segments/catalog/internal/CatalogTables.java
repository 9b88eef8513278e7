package io.segments.catalog.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.catalog.MemberBreakdown;
import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.json.SegmentJson;
import io.segments.model.SegmentsException;
import org.roaringbitmap.RoaringBitmap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's own tables in the embedded store and every statement on them. Segments are
 * rows of {@code catalog_segments} (the filter as its canonical JSON text, times as epoch
 * milliseconds UTC); a static segment's member ids are rows of {@code catalog_static_members}.
 * Callers pass the connection, so one transaction can span several calls.
 */
public final class CatalogTables {
    /** The component under which {@link #MIGRATIONS} are recorded in the store's {@code schema_version}. */
    public static final String COMPONENT = "catalog";

    /** Schema steps in order; released steps are never edited, only appended to. */
    public static final List<String> MIGRATIONS = List.of("""
            CREATE TABLE catalog_segments (
                id VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                description VARCHAR,
                type VARCHAR NOT NULL,
                filter VARCHAR,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE catalog_static_members (
                segment_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL
            );
            """);

    /** Member ids are inserted this many at a time, each chunk bound as one JSON array. */
    private static final int INSERT_CHUNK = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, name, description, type, filter, created_at, updated_at";

    private CatalogTables() {
    }

    public static Optional<Segment> find(Connection c, String id) throws SQLException {
        Optional<Segment> row;
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM catalog_segments WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                row = rs.next() ? Optional.of(segment(rs, List.of())) : Optional.empty();
            }
        }
        if (row.isEmpty() || row.get().type() != SegmentType.STATIC) {
            return row;
        }
        return Optional.of(withMembers(row.get(), members(c, id)));
    }

    public static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM catalog_segments WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Segments whose name contains {@code nameContains} ignoring case (all when empty), newest first
     * (creation time descending, then id ascending). Static segments come with their members when
     * {@code withMembers}, otherwise with an empty list.
     */
    public static List<Segment> list(Connection c, Optional<String> nameContains, boolean withMembers)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM catalog_segments"
                + (nameContains.isPresent() ? " WHERE contains(lower(name), lower(?))" : "")
                + " ORDER BY created_at DESC, id ASC";
        List<Segment> segments = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (nameContains.isPresent()) {
                p.setString(1, nameContains.get());
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    segments.add(segment(rs, List.of()));
                }
            }
        }
        if (!withMembers || segments.stream().noneMatch(s -> s.type() == SegmentType.STATIC)) {
            return segments;
        }
        Map<String, List<String>> members = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT m.segment_id, m.user_id FROM catalog_static_members m"
                + " JOIN catalog_segments s ON s.id = m.segment_id"
                + (nameContains.isPresent() ? " WHERE contains(lower(s.name), lower(?))" : "")
                + " ORDER BY m.segment_id, m.user_id")) {
            if (nameContains.isPresent()) {
                p.setString(1, nameContains.get());
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<Segment> complete = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            complete.add(s.type() == SegmentType.STATIC
                    ? withMembers(s, members.getOrDefault(s.id().orElseThrow(), List.of())) : s);
        }
        return complete;
    }

    /** A static segment's member ids in ascending order. */
    public static List<String> members(Connection c, String id) throws SQLException {
        List<String> members = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT user_id FROM catalog_static_members WHERE segment_id = ? ORDER BY user_id")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getString(1));
                }
            }
        }
        return members;
    }

    /**
     * The {@code uid}s of the users (rows of {@code users} not merged into another) whose
     * {@code user_id} is listed as a member of static segment {@code id}.
     */
    public static RoaringBitmap knownMemberUids(Connection c, String id) throws SQLException {
        RoaringBitmap uids = new RoaringBitmap();
        try (PreparedStatement p = c.prepareStatement("SELECT u.uid FROM catalog_static_members m"
                + " JOIN users u ON u.user_id = m.user_id"
                + " WHERE m.segment_id = ? AND u.merged_into IS NULL")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    uids.add(rs.getInt(1));
                }
            }
        }
        return uids;
    }

    /**
     * The distinct {@code ids} classified against the users now (see {@link MemberBreakdown}): how many are users,
     * never seen, or merged into another user, with samples. Duplicates are the caller's to count.
     */
    public static MemberBreakdown classify(Connection c, Collection<String> ids, long listed, long duplicates,
                                           List<String> duplicateSample) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(classifySql(
                "SELECT DISTINCT unnest(from_json(?::JSON, '[\"VARCHAR\"]')) AS id"))) {
            p.setString(1, jsonArray(List.copyOf(ids)));
            return classified(p, listed, duplicates, duplicateSample);
        }
    }

    /** The member list of static segment {@code id} classified as by {@link #classify}. */
    public static MemberBreakdown classifyMembers(Connection c, String id) throws SQLException {
        long listed;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM catalog_static_members WHERE segment_id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                listed = rs.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(classifySql(
                "SELECT DISTINCT user_id AS id FROM catalog_static_members WHERE segment_id = ?"))) {
            p.setString(1, id);
            return classified(p, listed, 0, List.of());
        }
    }

    /**
     * Each listed id's class, the same rule as {@link #knownMemberUids}: 0, a user's id now (a row of users not
     * merged); 2, not that but an id seen before (identities maps it to the user it belongs to now); 1, never seen.
     * One row per class and sample id (the first {@value MemberBreakdown#SAMPLE} by id), with the class's size.
     */
    private static String classifySql(String listed) {
        return "WITH listed AS (" + listed + "),"
                + " classified AS (SELECT l.id, o.user_id AS owner,"
                + "   CASE WHEN m.user_id IS NOT NULL THEN 0 WHEN o.user_id IS NULL THEN 1 ELSE 2 END AS kind"
                + "   FROM listed l"
                + "   LEFT JOIN (SELECT DISTINCT user_id FROM users WHERE merged_into IS NULL) m ON m.user_id = l.id"
                + "   LEFT JOIN identities i ON i.external_id = l.id"
                + "   LEFT JOIN users o ON o.uid = i.uid)"
                + " SELECT kind, count(*) OVER (PARTITION BY kind) AS n, id, owner FROM classified"
                + " QUALIFY row_number() OVER (PARTITION BY kind ORDER BY id) <= " + MemberBreakdown.SAMPLE
                + " ORDER BY kind, id";
    }

    private static MemberBreakdown classified(PreparedStatement p, long listed, long duplicates,
                                              List<String> duplicateSample) throws SQLException {
        long[] sizes = new long[3];
        List<String> unknown = new ArrayList<>();
        List<MemberBreakdown.Merged> merged = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                int kind = rs.getInt(1);
                sizes[kind] = rs.getLong(2);
                if (kind == 1) {
                    unknown.add(rs.getString(3));
                } else if (kind == 2) {
                    merged.add(new MemberBreakdown.Merged(rs.getString(3), rs.getString(4)));
                }
            }
        }
        return new MemberBreakdown(listed, duplicates, sizes[1], sizes[2], sizes[0], duplicateSample, unknown, merged);
    }

    /** Inserts a complete segment (id and both times present) with its members. */
    public static void insert(Connection c, Segment s) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO catalog_segments (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, s.id().orElseThrow());
            bindContent(p, 2, s);
            p.setLong(6, s.createdAt().orElseThrow().toEpochMilli());
            p.setLong(7, s.updatedAt().orElseThrow().toEpochMilli());
            p.executeUpdate();
        }
        insertMembers(c, s.id().orElseThrow(), s.members());
    }

    /** Replaces everything of segment {@code s.id()} but its creation time. */
    public static void update(Connection c, Segment s) throws SQLException {
        String id = s.id().orElseThrow();
        try (PreparedStatement p = c.prepareStatement("UPDATE catalog_segments SET name = ?, description = ?,"
                + " type = ?, filter = ?, updated_at = ? WHERE id = ?")) {
            bindContent(p, 1, s);
            p.setLong(5, s.updatedAt().orElseThrow().toEpochMilli());
            p.setString(6, id);
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("segment " + id + " vanished while being updated");
            }
        }
        deleteMembers(c, id);
        insertMembers(c, id, s.members());
    }

    public static void delete(Connection c, String id) throws SQLException {
        deleteMembers(c, id);
        try (PreparedStatement p = c.prepareStatement("DELETE FROM catalog_segments WHERE id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    private static void bindContent(PreparedStatement p, int first, Segment s) throws SQLException {
        p.setString(first, s.name());
        p.setString(first + 1, s.description().orElse(null));
        p.setString(first + 2, s.type().json());
        p.setString(first + 3, s.filter().map(SegmentJson::write).orElse(null));
    }

    private static void deleteMembers(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM catalog_static_members WHERE segment_id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    private static void insertMembers(Connection c, String id, List<String> members) throws SQLException {
        for (int from = 0; from < members.size(); from += INSERT_CHUNK) {
            List<String> chunk = members.subList(from, Math.min(members.size(), from + INSERT_CHUNK));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO catalog_static_members (segment_id, user_id)"
                    + " SELECT ?, unnest(from_json(?::JSON, '[\"VARCHAR\"]'))")) {
                p.setString(1, id);
                p.setString(2, jsonArray(chunk));
                p.executeUpdate();
            }
        }
    }

    private static String jsonArray(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("member ids cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static Segment segment(ResultSet rs, List<String> members) throws SQLException {
        String id = rs.getString(1);
        String typeName = rs.getString(4);
        SegmentType type = SegmentType.fromJson(typeName).orElseThrow(() -> new IllegalStateException(
                "stored segment " + id + " has an unknown type: " + typeName));
        String filterText = rs.getString(5);
        Optional<Condition> filter = Optional.empty();
        if (filterText != null) {
            try {
                filter = Optional.of(SegmentJson.readCondition(filterText, "$.filter"));
            } catch (SegmentsException e) {
                throw new IllegalStateException("stored segment " + id + " has a filter that no longer reads: "
                        + e.getMessage() + e.path().map(p -> " at " + p).orElse(""), e);
            }
        }
        return new Segment(Optional.of(id), rs.getString(2), Optional.ofNullable(rs.getString(3)), type, filter,
                members, Optional.of(Instant.ofEpochMilli(rs.getLong(6))),
                Optional.of(Instant.ofEpochMilli(rs.getLong(7))));
    }

    private static Segment withMembers(Segment s, List<String> members) {
        return new Segment(s.id(), s.name(), s.description(), s.type(), s.filter(), members, s.createdAt(),
                s.updatedAt());
    }
}

package io.segments.campaigns.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.eval.Profile;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Profiles read in bulk from the store's {@code users}, {@code identities} and {@code push_tokens}
 * tables ({@code io.segments.store.Schema}): two queries per call, whatever the number of users, the
 * ids passed as one array parameter. Traits are read as the store reads them (untyped JSON values).
 */
public final class UserProfiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private UserProfiles() {
    }

    /** A user of the store: its dense {@code uid} and its profile. */
    public record User(int uid, Profile profile) {
    }

    /** The live users (not merged into another) among {@code uids}, in ascending uid order. */
    public static List<User> byUid(Connection c, int[] uids) throws SQLException {
        if (uids.length == 0) {
            return List.of();
        }
        Object[] boxed = new Object[uids.length];
        for (int i = 0; i < uids.length; i++) {
            boxed[i] = uids[i];
        }
        Map<Integer, Set<String>> tokens = tokens(c, c.createArrayOf("INTEGER", boxed));
        List<User> users = new ArrayList<>(uids.length);
        try (PreparedStatement p = c.prepareStatement("SELECT uid, user_id, traits FROM users "
                + "WHERE uid IN (SELECT UNNEST(?)) AND merged_into IS NULL ORDER BY uid")) {
            p.setArray(1, c.createArrayOf("INTEGER", boxed));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    int uid = rs.getInt(1);
                    users.add(new User(uid, new Profile(rs.getString(2), traits(rs.getString(3), uid),
                            tokens.getOrDefault(uid, Set.of()))));
                }
            }
        }
        return users;
    }

    /**
     * The users that the external ids (user ids or anonymous ids) belong to now, by external id. Each
     * profile carries the external id it was asked by as its {@code userId} (so that a delivery keeps
     * the id it was enrolled under, even if the user was identified or merged since), with the traits
     * and push tokens of the user it belongs to. Ids never seen are missing from the answer.
     */
    public static Map<String, User> byExternalId(Connection c, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Object[] array = ids.toArray();
        Map<String, User> users = new HashMap<>();
        Map<String, String> traitsByExternal = new HashMap<>();
        Map<String, Integer> uidByExternal = new HashMap<>();
        Set<Integer> uids = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement("SELECT i.external_id, u.uid, u.traits FROM identities i "
                + "JOIN users u ON u.uid = i.uid WHERE i.external_id IN (SELECT UNNEST(?))")) {
            p.setArray(1, c.createArrayOf("VARCHAR", array));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    uidByExternal.put(rs.getString(1), rs.getInt(2));
                    traitsByExternal.put(rs.getString(1), rs.getString(3));
                    uids.add(rs.getInt(2));
                }
            }
        }
        if (uidByExternal.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Set<String>> tokens = tokens(c, c.createArrayOf("INTEGER", uids.toArray()));
        for (Map.Entry<String, Integer> e : uidByExternal.entrySet()) {
            int uid = e.getValue();
            users.put(e.getKey(), new User(uid, new Profile(e.getKey(), traits(traitsByExternal.get(e.getKey()), uid),
                    tokens.getOrDefault(uid, Set.of()))));
        }
        return users;
    }

    /** The user an external id belongs to now, with the user's current id; empty for an id never seen. */
    public static Optional<User> byExternalId(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT u.uid FROM identities i JOIN users u ON u.uid = i.uid "
                + "WHERE i.external_id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<User> users = byUid(c, new int[] {rs.getInt(1)});
                return users.isEmpty() ? Optional.empty() : Optional.of(users.get(0));
            }
        }
    }

    private static Map<Integer, Set<String>> tokens(Connection c, Array uids) throws SQLException {
        Map<Integer, Set<String>> tokens = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT uid, token FROM push_tokens WHERE uid IN (SELECT UNNEST(?))")) {
            p.setArray(1, uids);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    tokens.computeIfAbsent(rs.getInt(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        return tokens;
    }

    private static Map<String, Object> traits(String json, int uid) {
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the traits of user uid " + uid + " are not a JSON object", e);
        }
    }
}

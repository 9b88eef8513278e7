package io.segments.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The id dictionary in memory: external id to uid, and per uid its external id, whether it is
 * anonymous and what it was merged into. Only the ingestion writer thread uses it.
 *
 * <p>Changes made while a group commit is being prepared are recorded (what is new, what changed)
 * so that the commit can write them, and can be undone if the transaction fails.
 */
public final class Directory {
    private static final int NONE = -1;

    private final HashMap<String, Integer> uidByExternalId;
    private String[] userIds;
    private boolean[] anonymous;
    private int[] mergedInto;
    private int size;

    private final ArrayDeque<Runnable> undo = new ArrayDeque<>();
    private final Map<String, Boolean> changedIds = new LinkedHashMap<>(); // external id -> was new
    private final Set<Integer> changedUsers = new LinkedHashSet<>();
    private final List<int[]> merges = new ArrayList<>();
    private final Map<Integer, String> previousUserIds = new LinkedHashMap<>(); // existing uid -> id at last commit
    private int firstNewUid;

    private Directory(int capacity, int idCapacity) {
        userIds = new String[Math.max(16, capacity)];
        anonymous = new boolean[userIds.length];
        mergedInto = new int[userIds.length];
        uidByExternalId = new HashMap<>(Math.max(16, (int) (idCapacity / 0.75f) + 1));
    }

    /** A directory of no user, as for an empty store. */
    static Directory empty() {
        return new Directory(16, 16);
    }

    /** Reads the {@code users} and {@code identities} tables. */
    public static Directory load(Connection connection) throws SQLException {
        int users;
        int ids;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM identities)")) {
            rs.next();
            users = Math.toIntExact(rs.getLong(1));
            ids = Math.toIntExact(rs.getLong(2));
        }
        Directory d = new Directory(users + users / 2, ids + ids / 4);
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT uid, user_id, coalesce(anonymous, false), merged_into FROM users ORDER BY uid")) {
            while (rs.next()) {
                int uid = rs.getInt(1);
                if (uid != d.size) {
                    throw new IllegalStateException("users.uid is not dense: expected uid " + d.size + ", found " + uid);
                }
                d.ensureCapacity(uid + 1);
                d.userIds[uid] = rs.getString(2);
                d.anonymous[uid] = rs.getBoolean(3);
                int merged = rs.getInt(4);
                d.mergedInto[uid] = rs.wasNull() ? NONE : merged;
                d.size++;
            }
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT external_id, uid FROM identities")) {
            while (rs.next()) {
                int uid = rs.getInt(2);
                if (uid < 0 || uid >= d.size) {
                    throw new IllegalStateException("identities row for uid " + uid + " has no users row");
                }
                d.uidByExternalId.put(rs.getString(1), uid);
            }
        }
        d.firstNewUid = d.size;
        return d;
    }

    /** Number of uids allocated (merged ones included). */
    public int size() {
        return size;
    }

    /** The current (never merged) uid of an external id, or -1. */
    public int lookup(String externalId) {
        Integer uid = uidByExternalId.get(externalId);
        return uid == null ? NONE : find(uid);
    }

    /** Follows {@code mergedInto} to the user that holds {@code uid}'s data now. */
    public int find(int uid) {
        int u = uid;
        while (mergedInto[u] != NONE) {
            u = mergedInto[u];
        }
        return u;
    }

    public String userId(int uid) {
        return userIds[uid];
    }

    public boolean isAnonymous(int uid) {
        return anonymous[uid];
    }

    /** The uid {@code uid} was merged into (directly), or -1. */
    public int mergedInto(int uid) {
        return mergedInto[uid];
    }

    /** Allocates the next uid for a new user known by {@code externalId}, and maps that id to it. */
    public int create(String externalId, boolean isAnonymous) {
        ensureCapacity(size + 1);
        int uid = size++;
        userIds[uid] = externalId;
        anonymous[uid] = isAnonymous;
        mergedInto[uid] = NONE;
        undo.push(() -> {
            userIds[uid] = null;
            size--;
        });
        map(externalId, uid);
        return uid;
    }

    /** Maps an external id to {@code uid} (new, or moved from another user). */
    public void map(String externalId, int uid) {
        Integer old = uidByExternalId.put(externalId, uid);
        undo.push(old == null ? () -> uidByExternalId.remove(externalId) : () -> uidByExternalId.put(externalId, old));
        changedIds.putIfAbsent(externalId, old == null);
    }

    /** An anonymous user becomes the identified user {@code userId}, keeping its uid and data. */
    public void identify(int uid, String userId) {
        String oldId = userIds[uid];
        boolean oldAnonymous = anonymous[uid];
        userIds[uid] = userId;
        anonymous[uid] = false;
        if (uid < firstNewUid && !oldId.equals(userId)) {
            previousUserIds.putIfAbsent(uid, oldId);
        }
        undo.push(() -> {
            userIds[uid] = oldId;
            anonymous[uid] = oldAnonymous;
        });
        touch(uid);
    }

    /** {@code source}'s data now belongs to {@code target}. */
    public void merge(int source, int target) {
        if (source == target || mergedInto[source] != NONE || mergedInto[target] != NONE) {
            throw new IllegalArgumentException("cannot merge uid " + source + " into uid " + target);
        }
        mergedInto[source] = target;
        merges.add(new int[] {source, target});
        undo.push(() -> mergedInto[source] = NONE);
        touch(source);
    }

    private void touch(int uid) {
        if (uid < firstNewUid) {
            changedUsers.add(uid);
        }
    }

    /** The uid of the first user created since the last commit or rollback. */
    public int firstNewUid() {
        return firstNewUid;
    }

    /** External ids mapped since the last commit, with whether each was new (else: moved). */
    public Map<String, Boolean> changedIds() {
        return changedIds;
    }

    /** Users that existed before this group and whose row (user_id, anonymous, merged_into) changed. */
    public Set<Integer> changedUsers() {
        return changedUsers;
    }

    /** Merges since the last commit, in order, each {source, target} as merged (targets may be merged later). */
    public List<int[]> merges() {
        return merges;
    }

    /** The user id of {@code uid} as of the last commit (before any rename in this group). */
    public String committedUserId(int uid) {
        return previousUserIds.getOrDefault(uid, userIds[uid]);
    }

    /** Users that existed before this group and were renamed (identified under a new userId) in it. */
    public Set<Integer> renamedUsers() {
        return previousUserIds.keySet();
    }

    /** Keeps every change since the last commit. */
    public void commit() {
        undo.clear();
        clearChanges();
    }

    /** Undoes every change since the last commit. */
    public void rollback() {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
        clearChanges();
    }

    private void clearChanges() {
        changedIds.clear();
        changedUsers.clear();
        merges.clear();
        previousUserIds.clear();
        firstNewUid = size;
    }

    private void ensureCapacity(int capacity) {
        if (capacity > userIds.length) {
            int n = Math.max(capacity, userIds.length * 2);
            userIds = Arrays.copyOf(userIds, n);
            anonymous = Arrays.copyOf(anonymous, n);
            mergedInto = Arrays.copyOf(mergedInto, n);
        }
    }
}

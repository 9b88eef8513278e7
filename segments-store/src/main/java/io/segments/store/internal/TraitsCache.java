package io.segments.store.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed traits of the most recently used users (least recently used evicted first), so that
 * a trait update does not have to read the profile back from the database, and an update that
 * changes nothing (SDKs repeat {@code context.traits} on every call) writes nothing.
 */
public final class TraitsCache {
    private final LinkedHashMap<Integer, Map<String, Object>> entries;

    public TraitsCache(int maxUsers) {
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Map<String, Object>> eldest) {
                return size() > maxUsers;
            }
        };
    }

    /** The traits of {@code uid}, or null when not cached. */
    public Map<String, Object> get(int uid) {
        return entries.get(uid);
    }

    public void put(int uid, Map<String, Object> traits) {
        entries.put(uid, Collections.unmodifiableMap(traits));
    }

    public int size() {
        return entries.size();
    }
}

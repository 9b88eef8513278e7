package io.segments.campaigns;

import io.segments.model.eval.Profile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Short ways to write test users. */
final class Profiles {
    private Profiles() {
    }

    /** A profile from alternating trait names and values. */
    static Profile user(String id, Object... traits) {
        return new Profile(id, traits(traits), Set.of());
    }

    static Profile pushUser(String id, Set<String> tokens, Object... traits) {
        return new Profile(id, traits(traits), tokens);
    }

    static Map<String, Object> traits(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("traits come in name, value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}

package io.segments.model.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A user as evaluators see it: the external id, the merged traits (JSON values as Jackson
 * reads them untyped: String, Number, Boolean, null, List, Map) and the push tokens.
 */
public record Profile(String userId, Map<String, Object> traits, Set<String> pushTokens) {
    public Profile {
        requireNonNull(userId, "userId is null");
        traits = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(traits, "traits is null")));
        pushTokens = Set.copyOf(requireNonNull(pushTokens, "pushTokens is null"));
    }

    public static Profile of(String userId, Map<String, Object> traits) {
        return new Profile(userId, traits, Set.of());
    }
}

package io.segments.campaigns;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A request to send a campaign's message once to one address, number or push token
 * ({@code {"to": ..., "userId"?: ..., "traits"?: {...}}}): rendered with the traits of user
 * {@code userId} when given, overlaid with {@code traits} (sample values, e.g. for placeholders
 * without fallback).
 */
public record TestSend(String to, Optional<String> userId, Map<String, Object> traits) {
    public TestSend {
        requireNonNull(to, "to is null");
        requireNonNull(userId, "userId is null");
        traits = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(traits, "traits is null")));
    }

    public static TestSend to(String to) {
        return new TestSend(to, Optional.empty(), Map.of());
    }
}

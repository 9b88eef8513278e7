package io.segments.engine;

import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.testing.Dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds small data sets for tests that read as specifications. */
public final class Data {
    /** The {@code now} of hand-written examples. */
    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final List<Profile> profiles = new ArrayList<>();
    private final Map<String, List<Event>> events = new LinkedHashMap<>();

    public static Data users(String... ids) {
        Data data = new Data();
        for (String id : ids) {
            data.user(id, Map.of());
        }
        return data;
    }

    public Data user(String id, Map<String, Object> traits) {
        return user(id, traits, Set.of());
    }

    public Data user(String id, Map<String, Object> traits, Set<String> pushTokens) {
        profiles.removeIf(p -> p.userId().equals(id));
        profiles.add(new Profile(id, traits, pushTokens));
        return this;
    }

    /** An event of {@code user} at {@code NOW - ago} (a duration like {@code 5d}, {@code 90m}). */
    public Data event(String user, String name, String ago, Map<String, Object> properties) {
        return eventAt(user, name, NOW.toEpochMilli() - millis(ago), properties);
    }

    public Data event(String user, String name, String ago) {
        return event(user, name, ago, Map.of());
    }

    public Data eventAt(String user, String name, long timestamp, Map<String, Object> properties) {
        events.computeIfAbsent(user, u -> new ArrayList<>()).add(new Event(name, timestamp, properties));
        return this;
    }

    /** {@code "5d"}, {@code "-1h"} (in the future), {@code "0s"}. */
    public static long millis(String duration) {
        boolean negative = duration.startsWith("-");
        String d = negative ? duration.substring(1) : duration;
        long amount = Long.parseLong(d.substring(0, d.length() - 1));
        long unit;
        switch (d.charAt(d.length() - 1)) {
            case 's':
                unit = 1_000L;
                break;
            case 'm':
                unit = 60_000L;
                break;
            case 'h':
                unit = 3_600_000L;
                break;
            case 'd':
                unit = 86_400_000L;
                break;
            default:
                throw new IllegalArgumentException(duration);
        }
        return (negative ? -1 : 1) * amount * unit;
    }

    public Dataset build() {
        return new Dataset(profiles, events);
    }
}

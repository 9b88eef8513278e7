package io.segments.testing;

import io.segments.model.Span;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds small hand-made data sets for tests that read as specifications:
 * <pre>{@code
 * Dataset data = Timeline.dataset(
 *         user("edge").did("A", ago("10d")),
 *         user("indian").trait("country", "IN").did("Charged", ago("1h"), "amount", 500));
 * }</pre>
 * Times are relative to the fixed {@link #NOW} unless given as instants.
 */
public final class Timeline {
    /** The evaluation time of the shared suites. */
    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private Timeline() {
    }

    public static User user(String id) {
        return new User(id);
    }

    public static Dataset dataset(User... users) {
        return dataset(List.of(users));
    }

    public static Dataset dataset(List<User> users) {
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (User u : users) {
            if (events.containsKey(u.id)) {
                throw new IllegalArgumentException("user " + u.id + " twice in one data set");
            }
            profiles.add(new Profile(u.id, u.traits, u.pushTokens));
            events.put(u.id, List.copyOf(u.events));
        }
        return new Dataset(profiles, events);
    }

    /** {@link #NOW} minus a duration written as in definitions ({@code "10d"}). */
    public static Instant ago(String span) {
        return NOW.minusMillis(duration(span));
    }

    /** {@link #NOW} plus a duration written as in definitions. */
    public static Instant later(String span) {
        return NOW.plusMillis(duration(span));
    }

    /** An ISO instant ({@code 2026-11-01T10:00:00Z}). */
    public static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** Milliseconds of a duration written as in definitions. */
    public static long duration(String span) {
        return Span.parse(span).orElseThrow(() -> new IllegalArgumentException("not a duration: " + span))
                .toMillis();
    }

    /** A map from alternating keys and values; values may be null or nested maps and lists. */
    public static Map<String, Object> map(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** One user: traits, push tokens and events, added in any order. */
    public static final class User {
        private final String id;
        private final Map<String, Object> traits = new LinkedHashMap<>();
        private final Set<String> pushTokens = new LinkedHashSet<>();
        private final List<Event> events = new ArrayList<>();

        private User(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** A profile trait; the value may be null (present but null). */
        public User trait(String name, Object value) {
            traits.put(name, value);
            return this;
        }

        public User pushToken(String token) {
            pushTokens.add(token);
            return this;
        }

        /** An event at {@code at} with properties given as alternating keys and values. */
        public User did(String event, Instant at, Object... properties) {
            events.add(new Event(event, at.toEpochMilli(), map(properties)));
            return this;
        }

        /** An event at {@code at} with a property map. */
        public User did(String event, Instant at, Map<String, Object> properties) {
            events.add(new Event(event, at.toEpochMilli(), properties));
            return this;
        }
    }
}

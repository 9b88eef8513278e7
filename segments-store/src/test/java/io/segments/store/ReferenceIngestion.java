package io.segments.store;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The meaning of ingestion, one message at a time with plain objects and no database: what the
 * {@link Ingestor}'s group commits must end up with, whatever the grouping.
 */
final class ReferenceIngestion {
    static final class Person {
        String userId;
        boolean anonymous;
        final Map<String, Object> traits = new LinkedHashMap<>();
        final List<String> events = new ArrayList<>();
        final Set<String> tokens = new TreeSet<>();
        Person mergedInto;
    }

    private final Map<String, Person> byId = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<Person> people = new ArrayList<>();

    void apply(Message m) {
        if (!seen.add(m.messageId())) {
            return;
        }
        String userId = m.userId().orElse(null);
        String anonymousId = m.anonymousId().filter(a -> !a.equals(userId)).orElse(null);
        Person p;
        if (userId == null) {
            p = getOrCreate(anonymousId, true);
        } else if (anonymousId == null) {
            p = getOrCreate(userId, false);
        } else {
            p = link(userId, anonymousId, false);
        }
        if (m.kind() == Message.Kind.ALIAS && userId != null && m.previousId().isPresent()
                && !m.previousId().get().equals(userId)) {
            p = link(userId, m.previousId().get(), true);
        }
        if (m.kind() == Message.Kind.TRACK) {
            p.events.add(event(m.event().orElseThrow(), m.timestamp(), m.properties()));
        }
        p.traits.putAll(m.traits());
        m.pushToken().ifPresent(p.tokens::add);
    }

    /** An event as text: name, time and properties (keys in order, numbers as their JSON text). */
    static String event(String name, long ts, Map<String, Object> props) {
        try {
            return name + "|" + ts + "|" + SORTED.writeValueAsString(props);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SORTED = new com.fasterxml.jackson.databind
            .ObjectMapper().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    Person resolve(String externalId) {
        Person p = byId.get(externalId);
        while (p != null && p.mergedInto != null) {
            p = p.mergedInto;
        }
        return p;
    }

    Set<String> externalIds() {
        return byId.keySet();
    }

    List<Person> liveUsers() {
        return people.stream().filter(p -> p.mergedInto == null).toList();
    }

    private Person create(String externalId, boolean anonymous) {
        Person p = new Person();
        p.userId = externalId;
        p.anonymous = anonymous;
        people.add(p);
        byId.put(externalId, p);
        return p;
    }

    private Person getOrCreate(String externalId, boolean anonymous) {
        Person p = resolve(externalId);
        if (p == null) {
            return create(externalId, anonymous);
        }
        if (!anonymous) {
            p.anonymous = false;
        }
        return p;
    }

    private Person link(String userId, String otherId, boolean alias) {
        Person known = resolve(userId);
        Person other = resolve(otherId);
        if (other == null) {
            if (known == null) {
                known = create(userId, false);
            }
            known.anonymous = false;
            byId.put(otherId, known);
            return known;
        }
        if (known == other) {
            known.anonymous = false;
            return known;
        }
        boolean absorb = alias || other.anonymous;
        if (known == null) {
            if (absorb) {
                other.userId = userId;
                other.anonymous = false;
                byId.put(userId, other);
                return other;
            }
            known = create(userId, false);
            if (!otherId.equals(other.userId)) {
                byId.put(otherId, known);
            }
            return known;
        }
        known.anonymous = false;
        if (absorb) {
            other.mergedInto = known;
            known.events.addAll(other.events);
            other.events.clear();
            for (Map.Entry<String, Object> e : other.traits.entrySet()) {
                if (!known.traits.containsKey(e.getKey())) {
                    known.traits.put(e.getKey(), e.getValue());
                }
            }
            known.tokens.addAll(other.tokens);
            other.tokens.clear();
        } else if (!otherId.equals(other.userId)) {
            byId.put(otherId, known);
        }
        return known;
    }
}

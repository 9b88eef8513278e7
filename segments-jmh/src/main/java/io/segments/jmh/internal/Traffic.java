package io.segments.jmh.internal;

import io.segments.datagen.GeneratedMessage;
import io.segments.datagen.Generator;
import io.segments.datagen.Order;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.testing.Dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A generator's messages in time order, held in memory as arrays, each message attributed to its
 * subject ({@link GeneratedMessage#subjectId()}: the user id, or the anonymous id of a visitor not yet
 * identified). Index {@code i} is the i-th message; for an identify message {@link #names} is null and
 * {@link #traits} holds its traits, for a track message {@link #names} and {@link #properties} hold the
 * event and {@link #tokens} the push token, if any.
 */
public final class Traffic {
    public final int count;
    public final String[] users;
    public final long[] times;
    public final String[] names;
    public final Map<String, Object>[] properties;
    public final Map<String, Object>[] traits;
    public final String[] tokens;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Traffic(List<GeneratedMessage> messages) {
        count = messages.size();
        users = new String[count];
        times = new long[count];
        names = new String[count];
        properties = new Map[count];
        traits = new Map[count];
        tokens = new String[count];
        Map<String, String> interned = new HashMap<>();
        for (int i = 0; i < count; i++) {
            GeneratedMessage m = messages.get(i);
            users[i] = interned.computeIfAbsent(m.subjectId(), id -> id);
            times[i] = m.timestamp();
            if (m.type() == GeneratedMessage.Type.TRACK) {
                names[i] = m.event();
                properties[i] = m.properties();
                tokens[i] = m.pushToken();
            } else {
                traits[i] = m.traits();
            }
        }
    }

    /** Every message of {@code generator}, which must emit them in {@link Order#TIME}. */
    public static Traffic of(Generator generator) {
        requireNonNull(generator, "generator is null");
        if (generator.order() != Order.TIME) {
            throw new IllegalArgumentException("the generator must emit messages in time order, not " + generator.order());
        }
        List<GeneratedMessage> messages = new ArrayList<>();
        generator.forEachMessage(messages::add);
        return new Traffic(messages);
    }

    public boolean isTrack(int i) {
        return names[i] != null;
    }

    /** The indexes of the track messages, in time order. */
    public int[] trackIndexes() {
        return java.util.stream.IntStream.range(0, count).filter(this::isTrack).toArray();
    }

    /**
     * Every subject as a user of the segment language: traits merged message by message (the later
     * value wins), push tokens collected, events in time order.
     */
    public Dataset dataset() {
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        Map<String, Set<String>> pushTokens = new HashMap<>();
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String user = users[i];
            Map<String, Object> userTraits = merged.computeIfAbsent(user, u -> new LinkedHashMap<>());
            Set<String> userTokens = pushTokens.computeIfAbsent(user, u -> new LinkedHashSet<>());
            List<Event> userEvents = events.computeIfAbsent(user, u -> new ArrayList<>());
            if (isTrack(i)) {
                userEvents.add(new Event(names[i], times[i], properties[i]));
                if (tokens[i] != null && !tokens[i].isEmpty()) {
                    userTokens.add(tokens[i]);
                }
            } else {
                userTraits.putAll(traits[i]);
            }
        }
        List<Profile> profiles = new ArrayList<>();
        merged.forEach((user, userTraits) -> profiles.add(new Profile(user, userTraits, pushTokens.get(user))));
        return new Dataset(profiles, events);
    }
}

package io.segments.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One ingestion message, normalized from the Segment Tracking API form.
 * {@code track}, {@code page} and {@code screen} are all {@link Kind#TRACK} with an event name
 * ({@code page}/{@code screen} become {@code Page Viewed}/{@code Screen Viewed} with {@code name} as a
 * property). {@code traits} holds identify traits and {@code context.traits} (for {@code group}: the traits
 * {@code groupId} and {@code group}, see {@link MessageParser}); {@code pushToken} comes from
 * {@code context.device.token}; {@code timestamp} is epoch milliseconds (the received time when absent).
 * At least one of {@code userId} and {@code anonymousId} is present; {@code previousId} is set for alias.
 */
public record Message(Kind kind, String messageId, Optional<String> userId, Optional<String> anonymousId,
                      Optional<String> previousId, Optional<String> event, Map<String, Object> properties,
                      Map<String, Object> traits, Optional<String> pushToken, long timestamp) {

    public enum Kind { TRACK, IDENTIFY, ALIAS, GROUP }

    public Message {
        requireNonNull(kind, "kind is null");
        requireNonNull(messageId, "messageId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(anonymousId, "anonymousId is null");
        requireNonNull(previousId, "previousId is null");
        requireNonNull(event, "event is null");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(properties, "properties is null")));
        traits = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(traits, "traits is null")));
        requireNonNull(pushToken, "pushToken is null");
        if (userId.isEmpty() && anonymousId.isEmpty()) {
            throw new IllegalArgumentException("a message needs userId or anonymousId");
        }
        if (kind == Kind.TRACK && event.isEmpty()) {
            throw new IllegalArgumentException("a track message needs an event name");
        }
    }
}

package io.segments.datagen;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One generated message, exactly what its NDJSON line says, for consumers that want to skip JSON.
 *
 * @param type        identify or track
 * @param messageId   unique within the data set
 * @param userId      the user id, or {@code null} for a message of an anonymous visitor
 * @param anonymousId the anonymous id, or {@code null}; a message carrying both ids merges the visitor into the user
 * @param event       the event name of a track message, {@code null} for identify
 * @param timestamp   epoch milliseconds, UTC
 * @param properties  event properties (empty for identify): String, Integer, Double, Boolean or nested Map values
 * @param traits      profile traits (empty for track), same value types
 * @param pushToken   {@code context.device.token}, or {@code null}
 */
public record GeneratedMessage(Type type, String messageId, String userId, String anonymousId, String event,
                               long timestamp, Map<String, Object> properties, Map<String, Object> traits,
                               String pushToken) {

    /** The message types the generator produces. */
    public enum Type {
        IDENTIFY("identify"),
        TRACK("track");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The value of the JSON {@code type} field. */
        public String wireName() {
            return wireName;
        }
    }

    public GeneratedMessage {
        requireNonNull(type, "type is null");
        requireNonNull(messageId, "messageId is null");
        requireNonNull(properties, "properties is null");
        requireNonNull(traits, "traits is null");
        if (userId == null && anonymousId == null) {
            throw new IllegalArgumentException("message " + messageId + " has neither userId nor anonymousId");
        }
        if ((type == Type.TRACK) != (event != null)) {
            throw new IllegalArgumentException("message " + messageId + ": a track message, and only it, has an event");
        }
    }

    /** The id the message is about: the user id, or the anonymous id of a visitor not identified in it. */
    public String subjectId() {
        return userId != null ? userId : anonymousId;
    }
}

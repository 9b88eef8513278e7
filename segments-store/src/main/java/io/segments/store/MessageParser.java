package io.segments.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.model.SegmentsException;
import io.segments.store.internal.Json;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads Segment Tracking API messages ({@code track}, {@code identify}, {@code page}, {@code screen},
 * {@code alias}, {@code group}) into {@link Message}s. Fields other than those below are ignored, as
 * SDKs add their own.
 *
 * <ul>
 *   <li>{@code userId} / {@code anonymousId}: strings (integers are taken as their text; empty means
 *       absent); at least one is required.</li>
 *   <li>{@code track}: {@code event} (a non-empty string), {@code properties} (an object).
 *       {@code page} / {@code screen}: the events {@value #PAGE_VIEWED} / {@value #SCREEN_VIEWED} with
 *       {@code name}, when given, as the property {@code name}.</li>
 *   <li>{@code identify}: {@code traits} (an object). {@code context.traits} of any message are traits
 *       too; a message's own {@code traits} win over its {@code context.traits}.</li>
 *   <li>{@code alias}: {@code previousId} and {@code userId} are required.</li>
 *   <li>{@code group}: {@code groupId} is required; the user gets the traits {@code groupId} and
 *       {@code group} (the group's {@code traits}, an object), so segments can test {@code group.plan}.</li>
 *   <li>{@code context.device.token}: the push token. {@code timestamp}: ISO 8601 date-time; with no
 *       offset it is UTC, a date alone is its start; absent, the received time. {@code messageId}: absent,
 *       a unique one is generated (such a message cannot be deduplicated).</li>
 *   <li>{@code sentAt} (the message's own, else its batch's): when the sender's clock says it sent the
 *       message. As the Segment spec does, the sender's clock skew is taken out of {@code timestamp}: the
 *       stored time is {@code timestamp + (receivedAt - sentAt)}, so an event stamped by a device whose clock
 *       is an hour fast is stored an hour earlier. Without {@code sentAt} the timestamp is kept as sent. A
 *       parser {@link #forImport() for a bulk import} ignores {@code sentAt}: a file has no meaningful time of
 *       receipt.</li>
 * </ul>
 *
 * Every error is a {@link SegmentsException} with code {@code INVALID_REQUEST} and the JSON path of
 * the offending field below the path the caller gives (e.g. {@code $.batch[3].timestamp}).
 */
public final class MessageParser {
    public static final String PAGE_VIEWED = "Page Viewed";
    public static final String SCREEN_VIEWED = "Screen Viewed";

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private final boolean correctClockSkew;

    /** A parser for messages received now (the HTTP endpoints): {@code sentAt} corrects the sender's clock skew. */
    public MessageParser() {
        this(true);
    }

    private MessageParser(boolean correctClockSkew) {
        this.correctClockSkew = correctClockSkew;
    }

    /**
     * A parser for messages loaded from a file: timestamps are kept as written and {@code sentAt} is ignored, since
     * the time the file is read says nothing about the sender's clock (and an export of Segment data already holds
     * corrected timestamps).
     */
    public static MessageParser forImport() {
        return new MessageParser(false);
    }

    /** Parses one message; its {@code type} field says what it is. */
    public Message parse(JsonNode message, long receivedAt, String path) {
        return parse(message, null, receivedAt, path);
    }

    /**
     * Parses one message sent to the endpoint of {@code endpointType} ({@code "track"} for
     * {@code /v1/track}, ...); the message's own {@code type} may then be absent but must not differ.
     * {@code endpointType} null means the message must carry its {@code type}.
     */
    public Message parse(JsonNode message, String endpointType, long receivedAt, String path) {
        return parse(message, endpointType, receivedAt, OptionalLong.empty(), path);
    }

    /** {@link #parse(JsonNode, String, long, String)} of a message whose batch says it was sent at {@code batchSentAt}. */
    private Message parse(JsonNode message, String endpointType, long receivedAt, OptionalLong batchSentAt,
                          String path) {
        if (message == null || !message.isObject()) {
            throw error("a message must be a JSON object", path);
        }
        String type = type(message, endpointType, path);
        Optional<String> userId = id(message, "userId", path);
        Optional<String> anonymousId = id(message, "anonymousId", path);
        if (userId.isEmpty() && anonymousId.isEmpty()) {
            throw error("a message needs a userId or an anonymousId", path + ".userId");
        }
        String messageId = id(message, "messageId", path).orElseGet(MessageParser::generatedId);
        long timestamp = timestamp(message, receivedAt, path);
        OptionalLong sentAt = correctClockSkew ? sentAt(message, path) : OptionalLong.empty();
        if (sentAt.isEmpty()) {
            sentAt = batchSentAt;
        }
        JsonNode sentTimestamp = message.get("timestamp");
        if (sentAt.isPresent() && sentTimestamp != null && !sentTimestamp.isNull()) {
            // without a timestamp the time received needs no correction
            timestamp = corrected(timestamp, receivedAt, sentAt.getAsLong(), path);
        }

        JsonNode context = object(message, "context", path);
        Map<String, Object> traits = new LinkedHashMap<>();
        Optional<String> pushToken = Optional.empty();
        if (context != null) {
            JsonNode contextTraits = object(context, "traits", path + ".context");
            if (contextTraits != null) {
                traits.putAll(Json.untypedObject(contextTraits));
            }
            JsonNode device = object(context, "device", path + ".context");
            if (device != null) {
                pushToken = string(device, "token", path + ".context.device").filter(t -> !t.isEmpty());
            }
        }

        Message.Kind kind;
        Optional<String> event = Optional.empty();
        Optional<String> previousId = Optional.empty();
        Map<String, Object> properties = new LinkedHashMap<>();
        switch (type) {
            case "track" -> {
                kind = Message.Kind.TRACK;
                event = string(message, "event", path);
                if (event.isEmpty() || event.get().isBlank()) {
                    throw error("a track message needs an event name (a non-empty string)", path + ".event");
                }
                properties = properties(message, path);
            }
            case "page", "screen" -> {
                kind = Message.Kind.TRACK;
                event = Optional.of(type.equals("page") ? PAGE_VIEWED : SCREEN_VIEWED);
                properties = properties(message, path);
                Optional<String> name = string(message, "name", path);
                if (name.isPresent()) {
                    properties.put("name", name.get());
                }
            }
            case "identify" -> {
                kind = Message.Kind.IDENTIFY;
                JsonNode own = object(message, "traits", path);
                if (own != null) {
                    traits.putAll(Json.untypedObject(own));
                }
            }
            case "alias" -> {
                kind = Message.Kind.ALIAS;
                previousId = id(message, "previousId", path);
                if (previousId.isEmpty()) {
                    throw error("an alias message needs a previousId", path + ".previousId");
                }
                if (userId.isEmpty()) {
                    throw error("an alias message needs a userId", path + ".userId");
                }
            }
            case "group" -> {
                kind = Message.Kind.GROUP;
                String groupId = id(message, "groupId", path)
                        .orElseThrow(() -> error("a group message needs a groupId", path + ".groupId"));
                JsonNode groupTraits = object(message, "traits", path);
                traits.put("groupId", groupId);
                traits.put("group", groupTraits == null ? new LinkedHashMap<>() : Json.untypedObject(groupTraits));
            }
            default -> throw new IllegalStateException("unhandled message type " + type);
        }
        return new Message(kind, messageId, userId, anonymousId, previousId, event, properties, traits,
                pushToken, timestamp);
    }

    /**
     * Parses a {@code /v1/batch} body {@code {"batch": [message, ...], "context"?: {...}}}; the batch's
     * {@code context} is merged into each message's (the message's own fields win). Paths are
     * {@code $.batch[i]...}; the first bad message fails the whole batch.
     */
    public List<Message> parseBatch(JsonNode body, long receivedAt) {
        if (body == null || !body.isObject()) {
            throw error("the body must be a JSON object with a batch array", "$");
        }
        JsonNode batch = body.get("batch");
        if (batch == null || batch.isNull()) {
            throw error("batch is required: an array of messages", "$.batch");
        }
        if (!batch.isArray()) {
            throw error("batch must be an array of messages", "$.batch");
        }
        JsonNode context = object(body, "context", "$");
        OptionalLong sentAt = correctClockSkew ? sentAt(body, "$") : OptionalLong.empty();
        List<Message> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            JsonNode message = batch.get(i);
            String path = "$.batch[" + i + "]";
            if (context != null && message.isObject()) {
                JsonNode own = message.get("context");
                if (own == null || own.isNull() || own.isObject()) {
                    ObjectNode merged = message.deepCopy();
                    merged.set("context", mergeObjects(context, own));
                    message = merged;
                }
            }
            messages.add(parse(message, null, receivedAt, sentAt, path));
        }
        return messages;
    }

    private static JsonNode mergeObjects(JsonNode base, JsonNode override) {
        ObjectNode merged = base.deepCopy();
        if (override == null || override.isNull()) {
            return merged;
        }
        for (Map.Entry<String, JsonNode> field : override.properties()) {
            JsonNode existing = merged.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merged.set(field.getKey(), mergeObjects(existing, field.getValue()));
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return merged;
    }

    private static String type(JsonNode message, String endpointType, String path) {
        JsonNode node = message.get("type");
        String type = null;
        if (node != null && !node.isNull()) {
            if (!node.isTextual()) {
                throw error("type must be a string", path + ".type");
            }
            type = node.textValue().toLowerCase(Locale.ROOT);
            if (!isType(type)) {
                throw error("unknown message type '" + node.textValue()
                        + "': expected track, identify, page, screen, alias or group", path + ".type");
            }
        }
        if (endpointType != null) {
            String expected = endpointType.toLowerCase(Locale.ROOT);
            if (!isType(expected)) {
                throw new IllegalArgumentException("unknown endpoint type " + endpointType);
            }
            if (type != null && !type.equals(expected)) {
                throw error("type '" + type + "' does not match the endpoint's type '" + expected + "'", path + ".type");
            }
            return expected;
        }
        if (type == null) {
            throw error("type is required: track, identify, page, screen, alias or group", path + ".type");
        }
        return type;
    }

    private static boolean isType(String type) {
        return switch (type) {
            case "track", "identify", "page", "screen", "alias", "group" -> true;
            default -> false;
        };
    }

    private static Optional<String> id(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? Optional.empty() : Optional.of(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asText());
        }
        throw error(field + " must be a string", path + "." + field);
    }

    private static Optional<String> string(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw error(field + " must be a string", path + "." + field);
        }
        return Optional.of(node.textValue());
    }

    private static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw error(field + " must be an object", path + "." + field);
        }
        return node;
    }

    private static Map<String, Object> properties(JsonNode message, String path) {
        JsonNode node = object(message, "properties", path);
        return node == null ? new LinkedHashMap<>() : Json.untypedObject(node);
    }

    private static long timestamp(JsonNode message, long receivedAt, String path) {
        JsonNode node = message.get("timestamp");
        if (node == null || node.isNull()) {
            return receivedAt;
        }
        if (!node.isTextual()) {
            throw error("timestamp must be an ISO 8601 date-time string", path + ".timestamp");
        }
        String text = node.textValue();
        try {
            return parseTimestamp(text);
        } catch (DateTimeException | ArithmeticException e) {
            throw error("timestamp is not an ISO 8601 date-time (like 2026-11-28T10:00:00Z): '"
                    + abbreviate(text) + "'", path + ".timestamp");
        }
    }

    /** The {@code sentAt} of a message or batch body at {@code path}, when given. */
    private static OptionalLong sentAt(JsonNode parent, String path) {
        JsonNode node = parent.get("sentAt");
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        String at = path + ".sentAt";
        if (!node.isTextual()) {
            throw error("sentAt must be an ISO 8601 date-time string", at);
        }
        try {
            return OptionalLong.of(parseTimestamp(node.textValue()));
        } catch (DateTimeException | ArithmeticException e) {
            throw error("sentAt is not an ISO 8601 date-time (like 2026-11-28T10:00:00Z): '"
                    + abbreviate(node.textValue()) + "'", at);
        }
    }

    /** {@code timestamp} moved by the sender's clock skew, {@code receivedAt - sentAt}. */
    private static long corrected(long timestamp, long receivedAt, long sentAt, String path) {
        try {
            return Math.addExact(timestamp, Math.subtractExact(receivedAt, sentAt));
        } catch (ArithmeticException e) {
            throw error("sentAt is too far from the time received to correct the timestamp by", path + ".sentAt");
        }
    }

    /** Epoch milliseconds of an ISO 8601 date-time; without an offset it is UTC, a date alone is its start. */
    static long parseTimestamp(String text) {
        TemporalAccessor t = TIMESTAMP.parse(text);
        if (!t.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDate.from(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(t).toInstant().toEpochMilli();
        }
        return LocalDateTime.from(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static String generatedId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static SegmentsException error(String message, String path) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
    }
}

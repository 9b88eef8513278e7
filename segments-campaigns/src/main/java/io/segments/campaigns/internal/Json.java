package io.segments.campaigns.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.segments.model.SegmentsException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict JSON reading for this module: malformed text, duplicate keys and trailing content are
 * rejected, unknown keys are errors, and every error is {@code invalid_request} with the JSON path
 * of the first offending place.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private Json() {
    }

    public static JsonNode tree(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw invalid("no JSON value: the input is empty", "$");
            }
            return node;
        } catch (JacksonException e) {
            String path = "$";
            if (e.getProcessor() instanceof JsonParser parser) {
                path = path(parser.getParsingContext());
            }
            String message = e.getOriginalMessage();
            throw invalid("malformed JSON: " + (message == null ? e.getClass().getSimpleName() : message), path);
        }
    }

    private static String path(JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return "$";
        }
        String parent = path(context.getParent());
        if (context.inArray()) {
            return context.getCurrentIndex() >= 0 ? parent + "[" + context.getCurrentIndex() + "]" : parent;
        }
        String name = context.getCurrentName();
        return name == null ? parent : key(parent, name);
    }

    public static SegmentsException invalid(String message, String path) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
    }

    /** {@code path.key}, or {@code path['odd key']} for a key that is not a plain name. */
    public static String key(String path, String key) {
        if (PLAIN.matcher(key).matches()) {
            return path + "." + key;
        }
        return path + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    public static JsonNode object(JsonNode node, String path, String what) {
        if (node == null || !node.isObject()) {
            throw invalid(what + " is a JSON object, not " + kind(node), path);
        }
        return node;
    }

    /** Rejects the first key (in document order) that is not in {@code allowed}. */
    public static void checkKeys(JsonNode object, String path, List<String> allowed, String what) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("unknown key \"" + name + "\" in " + what + ": expected one of " + String.join(", ", allowed),
                        key(path, name));
            }
        }
    }

    /** The member {@code name}; absent when missing or null. */
    public static Optional<JsonNode> optional(JsonNode object, String name) {
        JsonNode n = object.get(name);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    public static JsonNode required(JsonNode object, String name, String path, String what) {
        return optional(object, name).orElseThrow(() -> invalid(what + " needs \"" + name + "\"", key(path, name)));
    }

    public static String text(JsonNode node, String path, String what) {
        if (!node.isTextual()) {
            throw invalid(what + " is a string, not " + kind(node), path);
        }
        return node.textValue();
    }

    /**
     * A string of {@code 1..max} characters that is not only white space, counted in code points as the segment
     * language counts names (an emoji is one character, not two UTF-16 units).
     */
    public static String text(JsonNode node, String path, String what, int max) {
        String s = text(node, path, what);
        if (s.isBlank()) {
            throw invalid(what + " is empty", path);
        }
        int length = s.codePointCount(0, s.length());
        if (length > max) {
            throw invalid(what + " is " + length + " characters long; at most " + max + " are allowed", path);
        }
        return s;
    }

    public static Instant instant(JsonNode node, String path) {
        String text = text(node, path, "a time");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("\"" + text + "\" is not an ISO-8601 instant such as 2026-11-28T10:00:00Z", path);
        }
    }

    /** A JSON tree as untyped Java values (String, BigDecimal or BigInteger, Boolean, null, List, Map), as traits are. */
    public static Object untyped(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), untyped(field.getValue()));
                }
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(untyped(element));
                }
                return list;
            }
            case STRING:
                return node.textValue();
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            default:
                return null;
        }
    }

    public static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }
}

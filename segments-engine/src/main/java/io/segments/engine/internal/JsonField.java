package io.segments.engine.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A value inside a JSON document column: the event properties or the user traits, and the
 * keys that lead to it (a dotted name split at its dots). The value is "missing" when a key
 * is absent, when a step on the way is not an object, or when the value is JSON null.
 */
public record JsonField(Document document, List<String> keys) {
    public JsonField {
        requireNonNull(document, "document is null");
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a field needs at least one key");
        }
    }

    /** The JSON document columns of the store. */
    public enum Document {
        /** {@code events.props}. */
        EVENT_PROPERTIES,
        /** {@code users.traits}. */
        USER_TRAITS
    }

    /** The field a possibly dotted name addresses ({@code product.category}: two keys). */
    public static JsonField named(Document document, String name) {
        return new JsonField(document, List.of(name.split("\\.", -1)));
    }
}

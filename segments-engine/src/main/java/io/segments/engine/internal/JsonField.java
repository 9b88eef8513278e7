package io.segments.engine.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A value inside a JSON document column: the event properties or the user traits, and the
 * keys that lead to it (a dotted name split at its dots). The value is "missing" when a key
 * is absent, when a step on the way is not an object, or when the value is JSON null.
 *
 * <p>An event property read only on events of one name carries that {@code event} name (its typed slot is
 * that event's, see {@code TypedColumns}); every test of such a field is made together with a test of the name.
 * Without one ({@code null}: a report's breakdown over many events, and every trait), the field is read from
 * its JSON document.
 */
public record JsonField(Document document, List<String> keys, String event) {
    public JsonField {
        requireNonNull(document, "document is null");
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a field needs at least one key");
        }
        if (event != null && document != Document.EVENT_PROPERTIES) {
            throw new IllegalArgumentException("only an event property belongs to an event name");
        }
    }

    /** A field of no event name in particular. */
    public JsonField(Document document, List<String> keys) {
        this(document, keys, null);
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
        return named(document, null, name);
    }

    /** {@link #named(Document, String)} of the events named {@code event} (null: of any). */
    public static JsonField named(Document document, String event, String name) {
        return new JsonField(document, List.of(name.split("\\.", -1)), event);
    }
}

package io.segments.datagen.internal;

import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * A constant string with its JSON form pre-encoded: {@link #json()} is the quoted, escaped UTF-8 literal
 * and {@link #asKey()} the same followed by a colon, ready to be copied into the output.
 */
public final class Text {
    private final String value;
    private final byte[] json;
    private final byte[] key;

    private Text(String value) {
        this.value = requireNonNull(value, "value is null");
        this.json = Json.quote(value);
        this.key = (new String(json, StandardCharsets.UTF_8) + ":").getBytes(StandardCharsets.UTF_8);
    }

    public static Text of(String value) {
        return new Text(value);
    }

    public static Text[] of(String... values) {
        Text[] texts = new Text[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = new Text(values[i]);
        }
        return texts;
    }

    public String value() {
        return value;
    }

    /** {@code "value"} as UTF-8 bytes, escaped. */
    public byte[] json() {
        return json;
    }

    /** {@code "value":} as UTF-8 bytes, escaped. */
    public byte[] asKey() {
        return key;
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.segments.datagen.internal;

/**
 * Receives one message field by field, in output order. One implementation writes JSON bytes, the other
 * builds a {@code GeneratedMessage}; the renderer drives both, so the two outputs cannot disagree.
 */
public interface Emitter {
    void begin(boolean identify);

    void userId(int user);

    void anonymousId(int user);

    void event(Text name);

    /** Opens {@code traits} (identify) or {@code properties} (track). */
    void beginFields(boolean traits);

    void field(Text key, Text value);

    void field(Text key, String value);

    void field(Text key, int value);

    void field(Text key, boolean value);

    /** A money amount in cents, written as a number with two decimals. */
    void cents(Text key, long cents);

    void beginObject(Text key);

    void endObject();

    void endFields();

    /** {@code context.device.token}. */
    void pushToken(int user);

    void timestamp(long millis);

    void messageId(int user, int daySeq);

    void end();
}

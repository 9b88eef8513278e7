package io.segments.jmh.internal;

import io.segments.datagen.Generator;

import java.io.ByteArrayOutputStream;

/** Request bodies of {@code /v1/batch} built from a generator's messages. */
public final class Batches {
    private Batches() {
    }

    /**
     * {@code {"batch": [m1, m2, ...]}} holding the first {@code size} messages of {@code generator} as UTF-8
     * JSON, exactly as the generator writes them.
     */
    public static byte[] body(Generator generator, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds at least one message, not " + size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size * 400);
        out.writeBytes("{\"batch\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int[] written = {0};
        generator.forEachJson((bytes, offset, length) -> {
            if (written[0] < size) {
                if (written[0] > 0) {
                    out.write(',');
                }
                out.write(bytes, offset, length);
                written[0]++;
            }
        });
        if (written[0] < size) {
            throw new IllegalArgumentException("the generator emits " + written[0] + " messages, fewer than " + size);
        }
        out.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}

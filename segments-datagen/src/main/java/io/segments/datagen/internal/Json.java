package io.segments.datagen.internal;

import java.nio.charset.StandardCharsets;

/** JSON string escaping shared by the constant tables and the streaming writer. */
final class Json {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Json() {
    }

    /** The quoted, escaped JSON literal of {@code s} as UTF-8. */
    static byte[] quote(String s) {
        ByteBuf buf = new ByteBuf(s.length() + 8);
        buf.string(s);
        return buf.toByteArray();
    }

    /**
     * Appends the escaped body (without quotes) of {@code s} as UTF-8; returns the new position.
     * The caller guarantees room for {@code 6 * s.length()} bytes.
     */
    static int escapeInto(String s, byte[] dst, int pos) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    dst[pos++] = '\\';
                }
                dst[pos++] = (byte) c;
            } else if (c < 0x20) {
                switch (c) {
                    case '\n' -> {
                        dst[pos++] = '\\';
                        dst[pos++] = 'n';
                    }
                    case '\r' -> {
                        dst[pos++] = '\\';
                        dst[pos++] = 'r';
                    }
                    case '\t' -> {
                        dst[pos++] = '\\';
                        dst[pos++] = 't';
                    }
                    default -> {
                        dst[pos++] = '\\';
                        dst[pos++] = 'u';
                        dst[pos++] = '0';
                        dst[pos++] = '0';
                        dst[pos++] = HEX[c >> 4];
                        dst[pos++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                dst[pos++] = (byte) (0xC0 | (c >> 6));
                dst[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                dst[pos++] = (byte) (0xF0 | (cp >> 18));
                dst[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at index " + i + " of a generated string");
            } else {
                dst[pos++] = (byte) (0xE0 | (c >> 12));
                dst[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                dst[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }
}

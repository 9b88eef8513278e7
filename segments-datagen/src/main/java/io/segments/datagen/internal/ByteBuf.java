package io.segments.datagen.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte array with the few append operations the JSON writer needs. */
public final class ByteBuf {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private byte[] bytes;
    private int size;

    public ByteBuf(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    public ByteBuf raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    public ByteBuf raw(char asciiChar) {
        ensure(1);
        bytes[size++] = (byte) asciiChar;
        return this;
    }

    /** Appends {@code s} quoted and escaped. */
    public ByteBuf string(String s) {
        ensure(s.length() * 6 + 2);
        bytes[size++] = '"';
        size = Json.escapeInto(s, bytes, size);
        bytes[size++] = '"';
        return this;
    }

    public ByteBuf decimal(long v) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            int n = (int) v;
            int digits = n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : n < 100_000 ? 5
                    : n < 1_000_000 ? 6 : n < 10_000_000 ? 7 : n < 100_000_000 ? 8 : n < 1_000_000_000 ? 9 : 10;
            return padded(n, digits);
        }
        return raw(Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Appends exactly {@code width} decimal digits of a non-negative value (zero-padded). */
    public ByteBuf padded(int v, int width) {
        ensure(width);
        int pos = size + width;
        while (pos - size >= 2) {
            int q = v / 100;
            int r = v - q * 100;
            bytes[--pos] = (byte) ('0' + r % 10);
            bytes[--pos] = (byte) ('0' + r / 10);
            v = q;
        }
        if (pos > size) {
            bytes[--pos] = (byte) ('0' + v % 10);
        }
        size += width;
        return this;
    }

    /** Appends the low {@code digits * 4} bits of {@code v} as lower-case hex, zero-padded. */
    public ByteBuf hex(long v, int digits) {
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        size += digits;
        return this;
    }

    /** Appends a non-negative amount of cents as a JSON number with two decimals ({@code 12.05}). */
    public ByteBuf cents(long cents) {
        if (cents < 0) {
            throw new IllegalArgumentException("negative amount: " + cents);
        }
        decimal(cents / 100);
        raw('.');
        return padded((int) (cents % 100), 2);
    }
}

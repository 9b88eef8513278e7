package io.segments.datagen.internal;

import java.util.Arrays;

/**
 * Generated messages before rendering, as columns of primitives: about 30 bytes a message, so a day of
 * a large data set can be held and sorted by time.
 */
public final class Rows {
    static final byte IDENTIFY = 0;
    static final byte IDENTIFY_MERGE = 1;
    static final byte IDENTIFY_OPT_OUT = 2;
    static final byte APP_LAUNCHED = 3;
    static final byte PRODUCT_VIEWED = 4;
    static final byte SEARCHED = 5;
    static final byte ADDED_TO_CART = 6;
    static final byte CHARGED = 7;
    static final int KINDS = 8;

    /** {@link #flags} bit: sent with the anonymous id only. */
    static final byte AS_ANONYMOUS = 1;
    /** {@link #flags} bit: carries the device push token. */
    static final byte WITH_TOKEN = 2;

    int size;
    long[] ts;
    int[] user;
    /** {@code day << 16 | sequence number of the message among the user's messages generated for that day}. */
    int[] daySeq;
    byte[] kind;
    byte[] flags;
    /** Product index, or search query index. */
    int[] item;
    /** Unit price in cents (views, carts) or amount in cents (charges). */
    int[] cents;
    /** Quantity (carts) or number of items (charges). */
    short[] count;
    byte[] color;
    private long[] keys = new long[0];
    private int[] order = new int[0];

    Rows(int capacity) {
        capacity = Math.max(16, capacity);
        ts = new long[capacity];
        user = new int[capacity];
        daySeq = new int[capacity];
        kind = new byte[capacity];
        flags = new byte[capacity];
        item = new int[capacity];
        cents = new int[capacity];
        count = new short[capacity];
        color = new byte[capacity];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    int add(long time, int userIndex, int day, int seq, byte k, byte f) {
        if (seq > 0xFFFF) {
            throw new IllegalStateException("user " + userIndex + " has more than 65535 messages on day " + day
                    + "; lower eventsPerUser");
        }
        if (size == ts.length) {
            grow();
        }
        int i = size++;
        ts[i] = time;
        user[i] = userIndex;
        daySeq[i] = day << 16 | seq;
        kind[i] = k;
        flags[i] = f;
        item[i] = 0;
        cents[i] = 0;
        count[i] = 0;
        color[i] = 0;
        return i;
    }

    /** Appends row {@code i} of {@code other}. */
    void copyFrom(Rows other, int i) {
        if (size == ts.length) {
            grow();
        }
        int j = size++;
        ts[j] = other.ts[i];
        user[j] = other.user[i];
        daySeq[j] = other.daySeq[i];
        kind[j] = other.kind[i];
        flags[j] = other.flags[i];
        item[j] = other.item[i];
        cents[j] = other.cents[i];
        count[j] = other.count[i];
        color[j] = other.color[i];
    }

    private void grow() {
        int n = ts.length * 2;
        ts = Arrays.copyOf(ts, n);
        user = Arrays.copyOf(user, n);
        daySeq = Arrays.copyOf(daySeq, n);
        kind = Arrays.copyOf(kind, n);
        flags = Arrays.copyOf(flags, n);
        item = Arrays.copyOf(item, n);
        cents = Arrays.copyOf(cents, n);
        count = Arrays.copyOf(count, n);
        color = Arrays.copyOf(color, n);
    }

    /**
     * Orders the rows with {@code ts < limit} by time and then by index (so ties keep generation order):
     * afterwards {@code order()[0 .. n)} holds their indexes, where n is the returned count.
     * {@code base} is a lower bound of every timestamp.
     */
    int sortBefore(long base, long limit) {
        long maxOffset = 0;
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (ts[i] < limit) {
                n++;
                maxOffset = Math.max(maxOffset, ts[i] - base);
            }
        }
        int indexBits = 64 - Long.numberOfLeadingZeros(Math.max(1, size));
        int offsetBits = 64 - Long.numberOfLeadingZeros(Math.max(1, maxOffset));
        if (indexBits + offsetBits > 63) {
            throw new IllegalStateException("too many rows to sort: " + size + " spanning " + maxOffset + " ms");
        }
        if (keys.length < n) {
            keys = new long[Math.max(n, keys.length * 2)];
            order = new int[keys.length];
        }
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (ts[i] < limit) {
                long offset = ts[i] - base;
                if (offset < 0) {
                    throw new IllegalStateException("row at " + ts[i] + " before the lower bound " + base);
                }
                keys[k++] = offset << indexBits | i;
            }
        }
        Arrays.sort(keys, 0, n);
        long mask = (1L << indexBits) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        return n;
    }

    int[] order() {
        return order;
    }
}

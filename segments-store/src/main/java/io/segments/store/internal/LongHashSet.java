package io.segments.store.internal;

/**
 * A set of non-zero longs in one open-addressing array (linear probing): 8 bytes per slot, at
 * most 70% full, so about 11 to 23 bytes per element and no object per element.
 */
public final class LongHashSet {
    private long[] table;
    private int size;
    private int mask;

    public LongHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected / 0.7 + 1)) - 1) << 1;
        table = new long[capacity];
        mask = capacity - 1;
    }

    /** Removes every element, keeping the capacity. */
    public void clear() {
        java.util.Arrays.fill(table, 0L);
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean contains(long value) {
        check(value);
        int i = slot(value);
        while (true) {
            long v = table[i];
            if (v == value) {
                return true;
            }
            if (v == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds {@code value}; true if it was not present. */
    public boolean add(long value) {
        check(value);
        if (size + 1 > table.length * 0.7) {
            grow();
        }
        int i = slot(value);
        while (true) {
            long v = table[i];
            if (v == value) {
                return false;
            }
            if (v == 0) {
                table[i] = value;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        if (table.length >= 1 << 30) {
            throw new IllegalStateException("set is full at " + size + " elements");
        }
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length - 1;
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }

    private int slot(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static void check(long value) {
        if (value == 0) {
            throw new IllegalArgumentException("0 cannot be stored");
        }
    }
}

package io.segments.store.internal;

import java.util.Arrays;

/**
 * The messageId fingerprints of the latest stored messages, in memory: the deduplication window. Fingerprints are
 * remembered in generations of about {@link #generationSize()} messages; the window holds the current generation
 * and the {@value #GENERATIONS} - 1 before it, so it always holds at least the last {@link #guaranteed()} messages
 * (the window asked for), and starting a generation ({@link #advanceTo}) forgets the oldest one.
 *
 * <p>One open-addressing table of longs (linear probing) holds them all: each slot keeps the first 56 bits of a
 * fingerprint's 64-bit hash and, in its last 8 bits, the tag of its generation (1 to 255, never 0: 0 is an empty
 * slot). A lookup is one probe sequence whatever the number of generations; forgetting a generation is one pass
 * over the table that rebuilds each cluster without it. The table grows as messages arrive up to a capacity fixed by
 * the window ({@link #maxBytes()}: about 13 bytes per message of the window); it never grows past it, so memory
 * does not depend on how many messages were ever stored. While it grows the previous, smaller table is briefly
 * held too.
 */
public final class FingerprintWindow {
    /** Generations remembered: the current one and those before it. */
    public static final int GENERATIONS = 8;
    /** The smallest window: a generation of at least one message. */
    public static final long MIN_WINDOW = GENERATIONS - 1;
    /** The largest window, so that the table stays within one Java array. */
    public static final long MAX_WINDOW = 1_000_000_000;

    private static final double MAX_LOAD = 0.7;
    private static final int FIRST_CAPACITY = 1 << 10;
    private static final long KEY = ~0xFFL;

    private final long generationSize;
    private final long maxEntries;
    private final int capacity;
    private final long hardLimit;
    private final long[] counts = new long[256]; // fingerprints per generation tag
    private long[] table;
    private long size;
    private long generation;
    private int tag = tag(0);

    private FingerprintWindow(long generationSize, long maxEntries) {
        this.generationSize = generationSize;
        this.maxEntries = maxEntries;
        this.capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.ceil(maxEntries / MAX_LOAD));
        this.hardLimit = (long) (capacity * 0.9);
        this.table = new long[Math.min(capacity, FIRST_CAPACITY)];
    }

    /**
     * A window always holding the last {@code window} messages stored, when each generation ends after the group
     * of at most {@code maxGroup} messages that brings it to {@link #generationSize()}.
     */
    public static FingerprintWindow of(long window, int maxGroup) {
        checkWindow(window);
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be positive, got " + maxGroup);
        }
        long generationSize = (window + GENERATIONS - 2) / (GENERATIONS - 1);
        return new FingerprintWindow(generationSize, GENERATIONS * (generationSize - 1 + maxGroup));
    }

    /** Fails unless {@code window} messages can be a window. */
    static void checkWindow(long window) {
        if (window < MIN_WINDOW || window > MAX_WINDOW) {
            throw new IllegalArgumentException("the deduplication window must be between " + MIN_WINDOW + " and "
                    + MAX_WINDOW + " messages, got " + window);
        }
    }

    /** Messages per generation: a new one starts once the current one holds this many. */
    public long generationSize() {
        return generationSize;
    }

    /** Messages always remembered: those of the {@value #GENERATIONS} - 1 full generations before the current one. */
    public long guaranteed() {
        return (GENERATIONS - 1) * generationSize;
    }

    /** The most fingerprints remembered when each generation ends as {@link #of} says. */
    public long maxEntries() {
        return maxEntries;
    }

    /** Memory of the table at its largest, in bytes. */
    public long maxBytes() {
        return 8L * capacity;
    }

    /** Memory of the table now, in bytes. */
    public long bytes() {
        return 8L * table.length;
    }

    /** Fingerprints remembered. */
    public long size() {
        return size;
    }

    /** Fingerprints remembered in the generation {@code age} generations before the current one (0: the current). */
    public long count(int age) {
        return age < 0 || age >= GENERATIONS || age > generation ? 0 : counts[tag(generation - age)];
    }

    /** The current generation's number. */
    public long generation() {
        return generation;
    }

    /** Whether the current generation is full: the next group should start a new one. */
    public boolean due() {
        return counts[tag] >= generationSize;
    }

    /**
     * Makes {@code newGeneration} the current generation, forgetting every generation {@value #GENERATIONS} or
     * more before it.
     */
    public void advanceTo(long newGeneration) {
        if (newGeneration < generation) {
            throw new IllegalArgumentException("generation " + newGeneration + " is before the current one, " + generation);
        }
        if (newGeneration == generation) {
            return;
        }
        boolean[] forgotten = new boolean[256];
        boolean any = false;
        for (long g = Math.max(0, generation - GENERATIONS + 1); g <= Math.min(generation, newGeneration - GENERATIONS); g++) {
            int t = tag(g);
            if (counts[t] > 0) {
                forgotten[t] = true;
                any = true;
            }
        }
        generation = newGeneration;
        tag = tag(newGeneration);
        if (any) {
            forget(forgotten);
        }
    }

    /**
     * Remembers {@code h} in the current generation; false, remembering nothing, when the table is at its hard
     * limit (90% of its capacity: only a single group larger than the whole window gets there).
     */
    public boolean add(long h) {
        if (size >= hardLimit) {
            return false;
        }
        if (size + 1 > table.length * MAX_LOAD && table.length < capacity) {
            grow();
        }
        insert(table, (h & KEY) | tag);
        counts[tag]++;
        size++;
        return true;
    }

    /**
     * The live generations remembering {@code h} (by its first 56 bits), as a bit set of their ages: bit 0 the
     * current generation, bit 1 the one before, ...; 0 when none does.
     */
    public int ages(long h) {
        long[] t = table;
        long key = h & KEY;
        int i = slot(key, t.length);
        int ages = 0;
        while (true) {
            long v = t[i];
            if (v == 0) {
                return ages;
            }
            if ((v & KEY) == key) {
                ages |= 1 << ((tag - (int) (v & 0xFF) + 255) % 255);
            }
            if (++i == t.length) {
                i = 0;
            }
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[(int) Math.min(capacity, 2L * old.length)];
        for (long v : old) {
            if (v != 0) {
                insert(bigger, v);
            }
        }
        table = bigger;
    }

    /**
     * Removes the entries of the {@code forgotten} tags in one pass: starting after an empty slot, each cluster (a
     * run of full slots) is emptied and its remaining entries inserted again. An entry never lands after the place
     * it had, so a cluster is rebuilt within its own slots and the clusters after it are untouched.
     */
    private void forget(boolean[] forgotten) {
        long[] t = table;
        int n = t.length;
        int start = 0;
        while (t[start] != 0) {
            start++;
        }
        long[] kept = new long[64];
        int p = start + 1 == n ? 0 : start + 1;
        while (p != start) {
            if (t[p] == 0) {
                p = p + 1 == n ? 0 : p + 1;
                continue;
            }
            int keptCount = 0;
            int q = p;
            do {
                long v = t[q];
                t[q] = 0;
                int vt = (int) (v & 0xFF);
                if (forgotten[vt]) {
                    counts[vt]--;
                    size--;
                } else {
                    if (keptCount == kept.length) {
                        kept = Arrays.copyOf(kept, keptCount * 2);
                    }
                    kept[keptCount++] = v;
                }
                q = q + 1 == n ? 0 : q + 1;
            } while (t[q] != 0);
            for (int j = 0; j < keptCount; j++) {
                insert(t, kept[j]);
            }
            p = q; // the empty slot that ended the cluster
        }
    }

    private static void insert(long[] t, long v) {
        int i = slot(v & KEY, t.length);
        while (t[i] != 0) {
            if (++i == t.length) {
                i = 0;
            }
        }
        t[i] = v;
    }

    /** The home slot of a key (its first 56 bits, already mixed: a hash), mapped onto {@code n} slots. */
    private static int slot(long key, int n) {
        return (int) Math.multiplyHigh(key >>> 8, (long) n << 8);
    }

    private static int tag(long generation) {
        return (int) (generation % 255) + 1;
    }
}

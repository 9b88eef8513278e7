package io.segments.store.internal;

/**
 * Stable 64-bit string hashes. Their values are persisted ({@code message_ids.h}, {@code h2}), so the
 * functions must never change. {@link #hash64} and {@link #check64} are independent: together they are
 * a 128-bit fingerprint.
 */
public final class Hashes {
    private static final long M = 0x9E3779B97F4A7C15L;

    private Hashes() {
    }

    /** The hash of the UTF-16 code units of {@code s}; never 0. */
    public static long hash64(String s) {
        long h = 0x5851F42D4C957F2DL ^ (s.length() * M);
        int i = 0;
        int n = s.length();
        for (; i + 4 <= n; i += 4) {
            long k = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
                    | ((long) s.charAt(i + 3) << 48);
            h = Long.rotateLeft(h ^ mix(k), 27) * M + 0x52DCE729L;
        }
        for (; i < n; i++) {
            h = Long.rotateLeft(h ^ (s.charAt(i) * M), 23) * 0xC2B2AE3D27D4EB4FL + 0x165667B1L;
        }
        h = fmix(h);
        return h == 0 ? 1 : h;
    }

    /** A second hash of {@code s}, independent of {@link #hash64}: FNV-1a over the code units, then mixed. */
    public static long check64(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xFF)) * 0x100000001B3L;
            h = (h ^ (c >>> 8)) * 0x100000001B3L;
        }
        return fmix(h ^ 0x6A09E667F3BCC909L);
    }

    /** The hash of a pair, as {@link #hash64} of both parts with an unambiguous separation. */
    public static long hash64(int uid, String s) {
        long h = fmix(hash64(s) ^ ((uid + 1L) * M));
        return h == 0 ? 1 : h;
    }

    private static long mix(long k) {
        k *= 0x87C37B91114253D5L;
        k = Long.rotateLeft(k, 31);
        return k * 0x4CF5AD432745937FL;
    }

    private static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}

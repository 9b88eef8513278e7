package io.segments.jmh.internal;

import java.util.Random;

/** Member sets as the engine's queries produce them: dense {@code uid}s of a share of the users. */
public final class Members {
    private Members() {
    }

    /**
     * The uids of about {@code density × users} members among {@code 0 .. users - 1}, each user a member
     * with that probability, in an arbitrary order (the order a grouped query returns them in).
     */
    public static int[] shuffled(int users, double density, long seed) {
        if (users < 1 || !(density > 0 && density <= 1)) {
            throw new IllegalArgumentException("need users >= 1 and 0 < density <= 1, not " + users + " and " + density);
        }
        Random random = new Random(seed);
        int[] uids = new int[users];
        int n = 0;
        for (int uid = 0; uid < users; uid++) {
            if (random.nextDouble() < density) {
                uids[n++] = uid;
            }
        }
        int[] members = java.util.Arrays.copyOf(uids, n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = members[i];
            members[i] = members[j];
            members[j] = t;
        }
        return members;
    }
}

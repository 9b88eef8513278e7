package io.segments.live.internal;

/**
 * One evaluation of one segment's condition for one user at one instant. Leaves read their state
 * from {@link #leaves}, drop what can no longer matter, and report through {@link #candidate} the
 * instants after {@link #now} at which their value may change if nothing else happens.
 */
final class Eval {
    UserState user;
    /** The user's leaf states; the segment's start at {@link #base}. */
    Object[] leaves;
    int base;
    long now;
    /** The node just evaluated cannot change before this instant (after {@code now}) without new input. */
    long next;
    /** A leaf's own earliest candidate after the instant it was last evaluated at (see {@link #lookAhead}). */
    long leafNext;

    void reset(UserState user, int base, long now) {
        this.user = user;
        this.leaves = user.leaves;
        this.base = base;
        this.now = now;
        this.next = Long.MAX_VALUE;
    }

    Object state(int slot) {
        int i = base + slot;
        return i < leaves.length ? leaves[i] : null;
    }

    void setState(int slot, Object state) {
        int i = base + slot;
        if (i < leaves.length) {
            leaves[i] = state;
        }
    }

    /** Reports an instant at which a leaf's value may change; ignored unless after {@code now}. */
    void candidate(long at) {
        if (at > now && at < next) {
            next = at;
        }
    }

    /** How many of its own candidate instants a leaf evaluates ahead to find the one where its value changes. */
    static final int LOOK_AHEAD = 8;

    static long plus(long t, long millis) {
        long sum = t + millis;
        return ((t ^ sum) & (millis ^ sum)) < 0 ? (millis > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : sum;
    }

    static long minus(long t, long millis) {
        return plus(t, -millis);
    }
}

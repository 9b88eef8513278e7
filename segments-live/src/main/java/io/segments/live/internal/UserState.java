package io.segments.live.internal;

import io.segments.model.eval.Event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the live engine keeps about one user, and nothing about anyone else: the traits that
 * some live condition reads, whether the user has a push token, the membership bit of each live
 * segment, each segment's next check instant and the instant of the last change reported in it, the states of
 * all segments' event leaves (in one array,
 * each segment owning a range), events not yet visible, and the user's one timer. A keyed stream
 * processor keeps one of these per key.
 */
final class UserState {
    private static final Object[] NO_TRAITS = new Object[0];
    private static final long[] NO_BITS = new long[0];
    private static final Object[] NO_LEAVES = new Object[0];

    final String id;
    /** By trait slot; null is missing (the language treats a null trait as missing). */
    Object[] traits = NO_TRAITS;
    /** The profile has a non-empty push token. */
    boolean pushToken;
    long[] members = NO_BITS;
    /** By leaf index (a segment's base plus the leaf's slot); null is the empty state. */
    Object[] leaves = NO_LEAVES;
    /**
     * By segment slot, the next instant at which the segment's condition may change for this user without
     * new input ({@code Long.MAX_VALUE}: never); kept apart from the states so a timer reads one array.
     */
    long[] nextChecks = NO_BITS;
    /**
     * By segment slot, the instant ({@code at}, in event time) of the user's last reported change in that segment,
     * {@code Long.MIN_VALUE} when none: a late event's change is never dated before it.
     */
    long[] changedAts = NO_BITS;
    /** Events later than the clock when they arrived, in timestamp order; null when none. */
    List<Event> pending;
    /** The earliest instant the user's timer is queued for, {@code Long.MAX_VALUE} when none. */
    long queuedAt = Long.MAX_VALUE;

    UserState(String id) {
        this.id = id;
    }

    Object trait(int slot) {
        return slot < traits.length ? traits[slot] : null;
    }

    void setTrait(int slot, Object value) {
        if (slot >= traits.length) {
            if (value == null) {
                return;
            }
            traits = Arrays.copyOf(traits, slot + 1);
        }
        traits[slot] = value;
    }

    boolean isMember(int slot) {
        int word = slot >>> 6;
        return word < members.length && (members[word] & (1L << slot)) != 0;
    }

    void setMember(int slot, boolean member) {
        int word = slot >>> 6;
        if (word >= members.length) {
            if (!member) {
                return;
            }
            members = Arrays.copyOf(members, word + 1);
        }
        if (member) {
            members[word] |= 1L << slot;
        } else {
            members[word] &= ~(1L << slot);
        }
    }

    /** The leaf state array, grown to hold index {@code end - 1}. */
    Object[] leaves(int end) {
        if (end > leaves.length) {
            leaves = Arrays.copyOf(leaves, Math.max(end, leaves.length + (leaves.length >> 1)));
        }
        return leaves;
    }

    /** Whether any leaf state in {@code [base, base + count)} is kept. */
    boolean keepsLeaves(int base, int count) {
        for (int i = base; i < base + count && i < leaves.length; i++) {
            if (leaves[i] != null) {
                return true;
            }
        }
        return false;
    }

    void dropSegment(int slot, int base, int count) {
        for (int i = base; i < base + count && i < leaves.length; i++) {
            leaves[i] = null;
        }
        setNextCheck(slot, Long.MAX_VALUE);
        setChangedAt(slot, Long.MIN_VALUE);
        setMember(slot, false);
    }

    long nextCheck(int slot) {
        return slot < nextChecks.length ? nextChecks[slot] : Long.MAX_VALUE;
    }

    void setNextCheck(int slot, long at) {
        if (slot >= nextChecks.length) {
            if (at == Long.MAX_VALUE) {
                return;
            }
            int old = nextChecks.length;
            nextChecks = Arrays.copyOf(nextChecks, slot + 1);
            Arrays.fill(nextChecks, old, slot + 1, Long.MAX_VALUE);
        }
        nextChecks[slot] = at;
    }

    long changedAt(int slot) {
        return slot < changedAts.length ? changedAts[slot] : Long.MIN_VALUE;
    }

    void setChangedAt(int slot, long at) {
        if (slot >= changedAts.length) {
            if (at == Long.MIN_VALUE) {
                return;
            }
            int old = changedAts.length;
            changedAts = Arrays.copyOf(changedAts, slot + 1);
            Arrays.fill(changedAts, old, slot + 1, Long.MIN_VALUE);
        }
        changedAts[slot] = at;
    }

    void addPending(Event event) {
        if (pending == null) {
            pending = new ArrayList<>(2);
        }
        int i = pending.size();
        while (i > 0 && pending.get(i - 1).timestamp() > event.timestamp()) {
            i--;
        }
        pending.add(i, event);
    }

    /** The instant the user must next be looked at: the earliest segment check or pending event. */
    long nextWake() {
        long next = Long.MAX_VALUE;
        for (long at : nextChecks) {
            if (at < next) {
                next = at;
            }
        }
        if (pending != null && !pending.isEmpty()) {
            next = Math.min(next, pending.get(0).timestamp());
        }
        return next;
    }
}

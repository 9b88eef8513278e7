package io.segments.live.internal;

import io.segments.model.FieldTest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@code sequence} whose {@code when} is fixed (none, {@code between}, {@code since}): the first
 * step's window does not move, so instead of the events the state keeps, per positive step, the
 * instants where a chain of the steps so far can end, as events arrive in time order.
 *
 * <ul>
 *   <li>A chain end that the next step can no longer extend is dropped: for a next step with
 *       {@code within}, one whose {@code p + within} has passed; without {@code within}, every end
 *       but the earliest (a later event after a later end is also after the earliest).</li>
 *   <li>With only positive steps, a complete chain makes the sequence hold for good
 *       ({@code occurrence: any}) or until the next first-step event ({@code last}).</li>
 *   <li>With a {@code didNot} last step, the chain ends are waits: an event of the negated step in
 *       {@code (p, p + within]} cancels one; one that reaches {@code p + within} makes the sequence hold
 *       at that instant (the candidate), and for good once it is past.</li>
 *   <li>{@code occurrence: last}: a newer first-step event in the window starts the chains afresh.</li>
 * </ul>
 */
final class ChainSequenceLeaf extends EventLeaf {
    /** The positive steps (all but a negated last one). */
    private final int positive;
    private final long[] within;
    private final boolean lastNegated;
    private final boolean occurrenceLast;
    /** The first step's fixed window, clipped to {@code visibleFrom}. */
    private final long lo;
    private final long hi;

    ChainSequenceLeaf(int slot, long visibleFrom, List<String> stepEvents, List<List<FieldTest>> stepWheres,
                      long[] within, boolean lastNegated, boolean occurrenceLast,
                      long lo, long hi) {
        super(slot, visibleFrom, stepEvents, stepWheres);
        this.positive = lastNegated ? stepEvents.size() - 1 : stepEvents.size();
        this.within = within;
        this.lastNegated = lastNegated;
        this.occurrenceLast = occurrenceLast;
        this.lo = Math.max(lo, visibleFrom);
        this.hi = hi;
    }

    /** The chain ends per positive step; {@code done}: the sequence holds (for good, or until a new first event). */
    static final class Chains {
        final long[][] ends;
        final int[] sizes;
        boolean done;
        /** {@code occurrence: last}: the newest first-step event, or {@code Long.MIN_VALUE}. */
        long first = Long.MIN_VALUE;

        Chains(int positive) {
            ends = new long[positive][];
            sizes = new int[positive];
        }

        void add(int step, long t) {
            long[] a = ends[step];
            int n = sizes[step];
            if (a == null) {
                a = ends[step] = new long[2];
            } else if (n == a.length) {
                a = ends[step] = Arrays.copyOf(a, n * 2);
            }
            int i = n;
            while (i > 0 && a[i - 1] > t) {
                a[i] = a[i - 1];
                i--;
            }
            a[i] = t;
            sizes[step] = n + 1;
        }

        void clear() {
            Arrays.fill(sizes, 0);
            Arrays.fill(ends, null);
        }

        boolean isEmpty() {
            for (int n : sizes) {
                if (n > 0) {
                    return false;
                }
            }
            return true;
        }

        void removeAt(int step, int index) {
            long[] a = ends[step];
            System.arraycopy(a, index + 1, a, index, sizes[step] - index - 1);
            sizes[step]--;
        }
    }

    @Override
    Object onEvent(Object state, long t, long stepMask, Map<String, Object> properties) {
        if (t < visibleFrom) {
            return state;
        }
        Chains c = state == null ? new Chains(positive) : (Chains) state;
        if (c.done && !occurrenceLast) {
            return c;
        }
        int last = positive - 1;
        if (lastNegated && (stepMask & (1L << positive)) != 0) {
            long w = within[positive];
            for (int i = c.sizes[last] - 1; i >= 0; i--) {
                long q = c.ends[last][i];
                if (q < t && t <= Eval.plus(q, w)) {
                    c.removeAt(last, i);
                }
            }
        }
        for (int k = last; k >= 1; k--) {
            if ((stepMask & (1L << k)) != 0 && !c.done && canFollow(c, k - 1, t, within[k])) {
                reach(c, k, t);
            }
        }
        if ((stepMask & 1L) != 0 && lo <= t && t <= hi) {
            if (occurrenceLast) {
                if (t > c.first) {
                    c.first = t;
                    c.clear();
                    c.done = false;
                    reach(c, 0, t);
                }
            } else if (!c.done) {
                reach(c, 0, t);
            }
        }
        return c;
    }

    /** Whether some end of step {@code k} can be followed by an event at {@code t} under {@code w}. */
    private static boolean canFollow(Chains c, int k, long t, long w) {
        long[] a = c.ends[k];
        for (int i = 0; i < c.sizes[k]; i++) {
            long p = a[i];
            if (p >= t) {
                return false;
            }
            if (w == NO_WITHIN || t <= Eval.plus(p, w)) {
                return true;
            }
        }
        return false;
    }

    /** Records a chain of steps {@code 0..k} ending at {@code t}. */
    private void reach(Chains c, int k, long t) {
        if (k == positive - 1 && !lastNegated) {
            c.done = true;
            if (!occurrenceLast) {
                c.clear();
            }
            return;
        }
        long next = within[k + 1];
        if (next == NO_WITHIN && c.sizes[k] > 0) {
            // only the earliest end matters for a next step without within
            if (t < c.ends[k][0]) {
                c.ends[k][0] = t;
            }
            return;
        }
        c.add(k, t);
    }

    @Override
    boolean eval(Eval eval) {
        Chains c = (Chains) eval.state(slot);
        if (c == null) {
            return false;
        }
        long now = eval.now;
        if (c.done) {
            return true;
        }
        // drop ends that the next step can no longer extend
        for (int k = 0; k < positive - 1 || (lastNegated && k < positive); k++) {
            long w = within[k + 1];
            if (w == NO_WITHIN) {
                continue;
            }
            long[] a = c.ends[k];
            int keep = 0;
            for (int i = 0; i < c.sizes[k]; i++) {
                if (Eval.plus(a[i], w) >= now) {
                    a[keep++] = a[i];
                } else if (lastNegated && k == positive - 1) {
                    // a wait that ended before now without a cancelling event: holds from then on
                    c.done = true;
                }
            }
            c.sizes[k] = keep;
        }
        if (c.done) {
            if (!occurrenceLast) {
                c.clear();
            }
            return true;
        }
        if (!lastNegated) {
            return false;
        }
        boolean holds = false;
        int last = positive - 1;
        long w = within[positive];
        for (int i = 0; i < c.sizes[last]; i++) {
            long end = Eval.plus(c.ends[last][i], w);
            if (end <= now) {
                holds = true;
            } else {
                eval.candidate(end);
            }
        }
        if (!holds && !occurrenceLast && c.isEmpty()) {
            eval.setState(slot, null);
        }
        return holds;
    }

    @Override
    int retained(Object state) {
        if (state == null) {
            return 0;
        }
        int n = 0;
        for (int s : ((Chains) state).sizes) {
            n += s;
        }
        return n;
    }

    @Override
    void write(Object state, DataOutputStream out) throws IOException {
        Chains c = (Chains) state;
        out.writeBoolean(c.done);
        out.writeLong(c.first);
        for (int k = 0; k < positive; k++) {
            out.writeInt(c.sizes[k]);
            for (int i = 0; i < c.sizes[k]; i++) {
                out.writeLong(c.ends[k][i]);
            }
        }
    }

    @Override
    Object read(DataInputStream in) throws IOException {
        Chains c = new Chains(positive);
        c.done = in.readBoolean();
        c.first = in.readLong();
        for (int k = 0; k < positive; k++) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                c.add(k, in.readLong());
            }
        }
        return c;
    }
}

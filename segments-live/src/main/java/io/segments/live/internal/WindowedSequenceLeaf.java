package io.segments.live.internal;

import io.segments.model.FieldTest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@code sequence} whose {@code when} moves with time ({@code last}, {@code from}/{@code to}). Every
 * event of a chain lies at or after its first step's event, which lies at or after
 * {@code now - from}, so the events matching any step are kept from {@code now - from} on, in time
 * order with the steps they match, and the sequence is decided over them exactly as the reference
 * evaluator decides it. Candidate instants: a first-step event entering ({@code ts + to}) or leaving
 * ({@code ts + from + 1}) the window, and a {@code didNot} step's wait ending ({@code p + within}).
 */
final class WindowedSequenceLeaf extends EventLeaf {
    private final int steps;
    /** Per step, {@code within} in milliseconds, or {@link #NO_WITHIN}. */
    private final long[] within;
    private final boolean lastNegated;
    private final boolean occurrenceLast;
    private final long from;
    private final long to;

    WindowedSequenceLeaf(int slot, long visibleFrom, List<String> stepEvents, List<List<FieldTest>> stepWheres,
                         long[] within, boolean lastNegated, boolean occurrenceLast,
                         long from, long to) {
        super(slot, visibleFrom, stepEvents, stepWheres);
        this.steps = stepEvents.size();
        this.within = within;
        this.lastNegated = lastNegated;
        this.occurrenceLast = occurrenceLast;
        this.from = from;
        this.to = to;
    }

    /** Events in time order from {@code head}, each with the bit mask of the steps it matches. */
    static final class Events {
        long[] times = new long[4];
        long[] masks = new long[4];
        int head;
        int size;

        long time(int i) {
            return times[head + i];
        }

        long mask(int i) {
            return masks[head + i];
        }

        void dropFirst(int n) {
            head += n;
            size -= n;
            if (size == 0) {
                head = 0;
            }
        }

        void add(long t, long mask) {
            if (head + size == times.length) {
                if (head > 0 && size <= times.length / 2) {
                    System.arraycopy(times, head, times, 0, size);
                    System.arraycopy(masks, head, masks, 0, size);
                    head = 0;
                } else {
                    times = Arrays.copyOf(times, times.length * 2);
                    masks = Arrays.copyOf(masks, masks.length * 2);
                }
            }
            int i = head + size;
            while (i > head && times[i - 1] > t) {
                times[i] = times[i - 1];
                masks[i] = masks[i - 1];
                i--;
            }
            times[i] = t;
            masks[i] = mask;
            size++;
        }
    }

    @Override
    Object onEvent(Object state, long timestamp, long stepMask, Map<String, Object> properties) {
        if (timestamp < visibleFrom) {
            return state;
        }
        Events events = state == null ? new Events() : (Events) state;
        events.add(timestamp, stepMask);
        return events;
    }

    @Override
    boolean eval(Eval eval) {
        Events ev = (Events) eval.state(slot);
        if (ev == null) {
            return false;
        }
        long now = eval.now;
        long low = Eval.minus(now, from);
        int drop = 0;
        while (drop < ev.size && ev.time(drop) < low) {
            drop++;
        }
        if (drop > 0) {
            ev.dropFirst(drop);
        }
        if (ev.size == 0) {
            eval.setState(slot, null);
            return false;
        }
        int starts = readyTimes(ev);
        boolean value = valueAt(starts, now);
        // the candidates are window edges and ready instants of the starts; find the first that changes the value
        long at = leafNext;
        for (int i = 0; i < Eval.LOOK_AHEAD && at != Long.MAX_VALUE; i++) {
            if (valueAt(starts, at) != value) {
                break;
            }
            at = leafNext;
        }
        eval.candidate(at);
        return value;
    }

    // Scratch of one evaluation (a leaf belongs to one single-threaded engine).
    private long[] startTimes = new long[16];
    private long[] startReady = new long[16];
    private long[] stepTimes = new long[16];
    private long[] stepReady = new long[16];
    private long[] nextTimes = new long[16];
    private long[] nextReady = new long[16];
    private long leafNext;

    /**
     * For every first-step event {@code p0} kept, the earliest instant from which a chain starting at
     * it satisfies the sequence if no event arrives: with only positive steps, {@code Long.MIN_VALUE}
     * when some chain completes (all kept events are visible); with a {@code didNot} last step, the
     * earliest {@code p + within} over the chain ends {@code p} with no event of the negated step in
     * {@code (p, p + within]}; {@code Long.MAX_VALUE} when none. Computed backwards from the last
     * positive step: an event's instant is the minimum over the next step's events that may follow it.
     * Fills {@link #startTimes} and {@link #startReady} in time order and returns their number.
     */
    private int readyTimes(Events ev) {
        int last = lastNegated ? steps - 2 : steps - 1;
        int n = 0;
        long bit = 1L << last;
        for (int i = 0; i < ev.size; i++) {
            if ((ev.mask(i) & bit) == 0) {
                continue;
            }
            long p = ev.time(i);
            long ready = Long.MIN_VALUE;
            if (lastNegated) {
                long end = Eval.plus(p, within[steps - 1]);
                ready = cancelled(ev, p, end) ? Long.MAX_VALUE : end;
            }
            if (n == stepTimes.length) {
                stepTimes = Arrays.copyOf(stepTimes, n * 2);
                stepReady = Arrays.copyOf(stepReady, n * 2);
            }
            stepTimes[n] = p;
            stepReady[n] = ready;
            n++;
        }
        for (int k = last - 1; k >= 0; k--) {
            long kBit = 1L << k;
            long w = within[k + 1];
            int m = 0;
            int from = 0;
            for (int i = 0; i < ev.size; i++) {
                if ((ev.mask(i) & kBit) == 0) {
                    continue;
                }
                long e = ev.time(i);
                while (from < n && stepTimes[from] <= e) {
                    from++;
                }
                long ready = Long.MAX_VALUE;
                long until = w == NO_WITHIN ? Long.MAX_VALUE : Eval.plus(e, w);
                for (int j = from; j < n && stepTimes[j] <= until; j++) {
                    ready = Math.min(ready, stepReady[j]);
                }
                if (m == nextTimes.length) {
                    nextTimes = Arrays.copyOf(nextTimes, m * 2);
                    nextReady = Arrays.copyOf(nextReady, m * 2);
                }
                nextTimes[m] = e;
                nextReady[m] = ready;
                m++;
            }
            long[] t = stepTimes;
            stepTimes = nextTimes;
            nextTimes = t;
            t = stepReady;
            stepReady = nextReady;
            nextReady = t;
            n = m;
        }
        long[] t = startTimes;
        startTimes = stepTimes;
        stepTimes = t;
        t = startReady;
        startReady = stepReady;
        stepReady = t;
        return n;
    }

    /** Whether an event of the negated last step lies in {@code (p, end]}. */
    private boolean cancelled(Events ev, long p, long end) {
        long bit = 1L << (steps - 1);
        for (int i = 0; i < ev.size; i++) {
            long t = ev.time(i);
            if (t > end) {
                return false;
            }
            if (t > p && (ev.mask(i) & bit) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value at {@code t >= now} if no event arrives: some first-step event in the window whose
     * chain is ready by {@code t} (with {@code occurrence: last}, the newest first-step event in the
     * window, and only it). Sets {@link #leafNext} to the earliest candidate after {@code t}.
     */
    private boolean valueAt(int starts, long t) {
        long low = Eval.minus(t, from);
        long high = Eval.minus(t, to);
        long next = Long.MAX_VALUE;
        boolean value = false;
        if (occurrenceLast) {
            int newest = -1;
            for (int i = 0; i < starts; i++) {
                long s = startTimes[i];
                if (s < low) {
                    continue;
                }
                if (s <= high) {
                    newest = i;
                } else {
                    next = after(t, next, Eval.plus(s, to));
                    break;
                }
            }
            if (newest >= 0) {
                long ready = startReady[newest];
                value = ready <= t;
                next = after(t, next, ready);
                next = after(t, next, Eval.plus(Eval.plus(startTimes[newest], from), 1));
            }
        } else {
            for (int i = 0; i < starts; i++) {
                long ready = startReady[i];
                long s = startTimes[i];
                if (ready == Long.MAX_VALUE || s < low) {
                    continue;
                }
                if (s <= high) {
                    value |= ready <= t;
                    next = after(t, next, ready);
                    next = after(t, next, Eval.plus(Eval.plus(s, from), 1));
                } else {
                    next = after(t, next, Eval.plus(s, to));
                }
            }
        }
        leafNext = next;
        return value;
    }

    private static long after(long t, long next, long candidate) {
        return candidate > t && candidate < next ? candidate : next;
    }

    @Override
    int retained(Object state) {
        return state == null ? 0 : ((Events) state).size;
    }

    @Override
    void write(Object state, DataOutputStream out) throws IOException {
        Events ev = (Events) state;
        out.writeInt(ev.size);
        for (int i = 0; i < ev.size; i++) {
            out.writeLong(ev.time(i));
            out.writeLong(ev.mask(i));
        }
    }

    @Override
    Object read(DataInputStream in) throws IOException {
        Events ev = new Events();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            long t = in.readLong();
            ev.add(t, in.readLong());
        }
        return ev;
    }
}

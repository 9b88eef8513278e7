package io.segments.live.internal;

import io.segments.model.Aggregate;
import io.segments.model.Condition;
import io.segments.model.NumberTest;
import io.segments.model.Window;
import io.segments.model.eval.Values;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code did}, in one of two forms chosen by its window.
 *
 * <ul>
 *   <li><b>Totals</b> (no window, {@code between}, {@code since}): the set of matching events only
 *       grows as events arrive, so running totals are exact: the count, and for an aggregate the
 *       numeric count, sum, minimum and maximum of the events in the window. Never changes with time.</li>
 *   <li><b>Sliding</b> ({@code last}, {@code from}/{@code to}): the window {@code [now - from, now - to]}
 *       moves, so the matching events are kept, in time order, from {@code now - from} on (older ones
 *       never enter again). Without count and aggregate only existence matters, so of the events that
 *       have entered the window only the newest is kept. An event enters at {@code ts + to} and
 *       leaves at {@code ts + from + 1}: those are the candidate instants.</li>
 * </ul>
 * For {@code firstTime} both keep the earliest matching visible event ever seen (one instant).
 */
final class DidLeaf extends EventLeaf {
    private final boolean sliding;
    /** Totals: the window's fixed bounds, already clipped to {@code visibleFrom}. */
    private final long lo;
    private final long hi;
    /** Sliding: the window is {@code [now - from, now - to]}. */
    private final long from;
    private final long to;
    private final Optional<Window> when;
    private final Optional<NumberTest> count;
    private final Aggregate aggregate;
    private final String[] aggregatePath;
    private final boolean firstTime;
    private final boolean existenceOnly;

    DidLeaf(int slot, long visibleFrom, Condition.Did did) {
        super(slot, visibleFrom, List.of(did.event()), List.of(did.where()));
        Optional<Window> when = did.when();
        Optional<NumberTest> count = did.count();
        Optional<Aggregate> aggregate = did.aggregate();
        boolean firstTime = did.firstTime();
        this.when = when;
        this.count = count;
        this.aggregate = aggregate.orElse(null);
        this.aggregatePath = aggregate.map(a -> Filter.split(a.property())).orElse(null);
        this.firstTime = firstTime;
        this.existenceOnly = count.isEmpty() && aggregate.isEmpty();
        Window w = when.orElse(null);
        if (w instanceof Window.Last last) {
            sliding = true;
            from = last.span().toMillis();
            to = 0;
            lo = Long.MIN_VALUE;
            hi = Long.MAX_VALUE;
        } else if (w instanceof Window.Relative relative) {
            sliding = true;
            from = relative.from().toMillis();
            to = relative.to().toMillis();
            lo = Long.MIN_VALUE;
            hi = Long.MAX_VALUE;
        } else {
            sliding = false;
            from = 0;
            to = 0;
            if (w instanceof Window.Between between) {
                lo = Math.max(visibleFrom, between.start().asStartMillis());
                hi = between.end().asEndMillis();
            } else if (w instanceof Window.Since since) {
                lo = Math.max(visibleFrom, since.start().asStartMillis());
                hi = Long.MAX_VALUE;
            } else {
                lo = visibleFrom;
                hi = Long.MAX_VALUE;
            }
        }
    }

    // ---- state

    /** Totals of the matching events in a fixed window. */
    static final class Totals {
        long count;
        long numeric;
        BigDecimal sum;
        BigDecimal min;
        BigDecimal max;
        long earliest = Long.MAX_VALUE;
    }

    /** Matching events in time order from {@code head}; {@code values} only with an aggregate. */
    static final class Slide {
        long[] times;
        BigDecimal[] values;
        int head;
        int size;
        long earliest = Long.MAX_VALUE;

        Slide(boolean withValues) {
            times = new long[4];
            values = withValues ? new BigDecimal[4] : null;
        }

        long time(int i) {
            return times[head + i];
        }

        BigDecimal value(int i) {
            return values[head + i];
        }

        void dropFirst(int n) {
            if (values != null) {
                Arrays.fill(values, head, head + n, null);
            }
            head += n;
            size -= n;
            if (size == 0) {
                head = 0;
            }
        }

        void add(long t, BigDecimal value) {
            if (head + size == times.length) {
                if (head > 0 && size <= times.length / 2) {
                    System.arraycopy(times, head, times, 0, size);
                    if (values != null) {
                        System.arraycopy(values, head, values, 0, size);
                        Arrays.fill(values, size, head + size, null);
                    }
                    head = 0;
                } else {
                    times = Arrays.copyOf(times, times.length * 2);
                    if (values != null) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                }
            }
            int i = head + size;
            while (i > head && times[i - 1] > t) {
                times[i] = times[i - 1];
                if (values != null) {
                    values[i] = values[i - 1];
                }
                i--;
            }
            times[i] = t;
            if (values != null) {
                values[i] = value;
            }
            size++;
        }
    }

    @Override
    Object onEvent(Object state, long timestamp, long stepMask, Map<String, Object> properties) {
        if (timestamp < visibleFrom) {
            return state;
        }
        BigDecimal value = null;
        if (aggregate != null) {
            Object raw = Filter.lookup(properties, aggregatePath, 0);
            value = raw == null ? null : Values.number(raw).orElse(null);
        }
        if (sliding) {
            Slide s = state == null ? new Slide(aggregate != null) : (Slide) state;
            if (firstTime) {
                s.earliest = Math.min(s.earliest, timestamp);
            }
            s.add(timestamp, value);
            return s;
        }
        Totals t = state == null ? new Totals() : (Totals) state;
        if (firstTime) {
            t.earliest = Math.min(t.earliest, timestamp);
        }
        if (lo <= timestamp && timestamp <= hi) {
            t.count++;
            if (value != null) {
                t.numeric++;
                t.sum = t.sum == null ? value : t.sum.add(value);
                t.min = t.min == null || value.compareTo(t.min) < 0 ? value : t.min;
                t.max = t.max == null || value.compareTo(t.max) > 0 ? value : t.max;
            }
        }
        return t;
    }

    // ---- evaluation

    @Override
    boolean eval(Eval eval) {
        Object state = eval.state(slot);
        if (state == null) {
            return false;
        }
        return sliding ? evalSlide(eval, (Slide) state) : evalTotals(eval, (Totals) state);
    }

    private boolean evalTotals(Eval eval, Totals t) {
        if (t.count == 0) {
            return false;
        }
        if (count.isPresent() && !count.get().test(BigDecimal.valueOf(t.count))) {
            return false;
        }
        if (aggregate != null) {
            BigDecimal value = aggregate(t.numeric, t.sum, t.min, t.max);
            if (value == null || !aggregate.test().test(value)) {
                return false;
            }
        }
        return !firstTime || interval(eval.now).contains(t.earliest);
    }

    private boolean evalSlide(Eval eval, Slide s) {
        long now = eval.now;
        long low = Eval.minus(now, from);
        long high = Eval.minus(now, to);
        int drop = 0;
        while (drop < s.size && s.time(drop) < low) {
            drop++;
        }
        if (existenceOnly) {
            // of the events already in the window only the newest matters: it is the last to leave
            int newestEntered = -1;
            for (int i = drop; i < s.size && s.time(i) <= high; i++) {
                newestEntered = i;
            }
            if (newestEntered > drop) {
                drop = newestEntered;
            }
        }
        if (drop > 0) {
            s.dropFirst(drop);
        }
        if (s.size == 0 && !firstTime) {
            eval.setState(slot, null);
            return false;
        }
        boolean value = slideValue(eval, s, now);
        // the candidates are the edges passing the events; find the first one that changes the value
        long at = eval.leafNext;
        for (int i = 0; i < Eval.LOOK_AHEAD && at != Long.MAX_VALUE; i++) {
            if (slideValue(eval, s, at) != value) {
                break;
            }
            at = eval.leafNext;
        }
        eval.candidate(at);
        return value;
    }

    /**
     * The value at {@code t >= now} if no event arrives, from the kept events alone (already pruned for
     * {@code now}); sets {@code eval.leafNext} to the earliest edge after {@code t}.
     */
    private boolean slideValue(Eval eval, Slide s, long t) {
        long low = Eval.minus(t, from);
        long high = Eval.minus(t, to);
        long next = Long.MAX_VALUE;
        if (firstTime && s.earliest != Long.MAX_VALUE) {
            next = after(t, next, Eval.plus(s.earliest, to));
            next = after(t, next, Eval.plus(Eval.plus(s.earliest, from), 1));
        }
        int i = 0;
        while (i < s.size && s.time(i) < low) {
            i++;
        }
        if (i < s.size) {
            next = after(t, next, Eval.plus(Eval.plus(s.time(i), from), 1));
        }
        long n = 0;
        long numeric = 0;
        BigDecimal sum = null;
        BigDecimal min = null;
        BigDecimal max = null;
        for (; i < s.size && s.time(i) <= high; i++) {
            n++;
            if (aggregate != null) {
                BigDecimal v = s.value(i);
                if (v != null) {
                    numeric++;
                    sum = sum == null ? v : sum.add(v);
                    min = min == null || v.compareTo(min) < 0 ? v : min;
                    max = max == null || v.compareTo(max) > 0 ? v : max;
                }
            }
        }
        if (i < s.size) {
            next = after(t, next, Eval.plus(s.time(i), to));
        }
        eval.leafNext = next;
        if (n == 0) {
            return false;
        }
        if (count.isPresent() && !count.get().test(BigDecimal.valueOf(n))) {
            return false;
        }
        if (aggregate != null) {
            BigDecimal value = aggregate(numeric, sum, min, max);
            if (value == null || !aggregate.test().test(value)) {
                return false;
            }
        }
        return !firstTime || (low <= s.earliest && s.earliest <= high);
    }

    private static long after(long t, long next, long candidate) {
        return candidate > t && candidate < next ? candidate : next;
    }

    private Window.Interval interval(long now) {
        return when.map(w -> w.interval(now)).orElse(new Window.Interval(Long.MIN_VALUE, now));
    }

    /** The aggregate's value as the reference evaluator computes it; null without any numeric value. */
    private BigDecimal aggregate(long numeric, BigDecimal sum, BigDecimal min, BigDecimal max) {
        if (numeric == 0) {
            return null;
        }
        switch (aggregate.fn()) {
            case SUM:
                return sum;
            case AVG: {
                BigDecimal n = BigDecimal.valueOf(numeric);
                try {
                    return sum.divide(n);
                } catch (ArithmeticException nonTerminating) {
                    return sum.divide(n, MathContext.DECIMAL128);
                }
            }
            case MIN:
                return min;
            case MAX:
                return max;
            default:
                throw new IllegalStateException("aggregate without a meaning: " + aggregate.fn());
        }
    }

    // ---- statistics and snapshots

    @Override
    int retained(Object state) {
        if (state == null) {
            return 0;
        }
        return sliding ? ((Slide) state).size : 1;
    }

    @Override
    void write(Object state, DataOutputStream out) throws IOException {
        if (sliding) {
            Slide s = (Slide) state;
            out.writeLong(s.earliest);
            out.writeInt(s.size);
            for (int i = 0; i < s.size; i++) {
                out.writeLong(s.time(i));
                if (aggregate != null) {
                    Codec.writeDecimal(out, s.value(i));
                }
            }
        } else {
            Totals t = (Totals) state;
            out.writeLong(t.earliest);
            out.writeLong(t.count);
            out.writeLong(t.numeric);
            Codec.writeDecimal(out, t.sum);
            Codec.writeDecimal(out, t.min);
            Codec.writeDecimal(out, t.max);
        }
    }

    @Override
    Object read(DataInputStream in) throws IOException {
        if (sliding) {
            Slide s = new Slide(aggregate != null);
            s.earliest = in.readLong();
            int size = in.readInt();
            for (int i = 0; i < size; i++) {
                long t = in.readLong();
                s.add(t, aggregate != null ? Codec.readDecimal(in) : null);
            }
            return s;
        }
        Totals t = new Totals();
        t.earliest = in.readLong();
        t.count = in.readLong();
        t.numeric = in.readLong();
        t.sum = Codec.readDecimal(in);
        t.min = Codec.readDecimal(in);
        t.max = Codec.readDecimal(in);
        return t;
    }
}

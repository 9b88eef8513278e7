package io.segments.live.internal;

import java.util.Arrays;

/**
 * The timer service: a 4-ary min-heap of (instant, user) (half the depth of a binary heap, so fewer
 * cache misses per removal). A user asks for a timer with
 * {@link #schedule}; only a timer earlier than the one it already has queued is added, and an entry
 * that is no longer the user's queued one is skipped when it comes up, so firing is idempotent.
 */
final class TimerQueue {
    private long[] times = new long[1024];
    private UserState[] users = new UserState[1024];
    private int size;

    /** Makes sure {@code user} is woken at {@code at} at the latest (no-op for {@code Long.MAX_VALUE}). */
    void schedule(UserState user, long at) {
        if (at >= user.queuedAt) {
            return;
        }
        user.queuedAt = at;
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            users = Arrays.copyOf(users, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (times[parent] <= at) {
                break;
            }
            times[i] = times[parent];
            users[i] = users[parent];
            i = parent;
        }
        times[i] = at;
        users[i] = user;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest queued instant; {@code Long.MAX_VALUE} when empty. */
    long peekTime() {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    /**
     * Removes the earliest entry and returns its user if the entry is still the user's queued timer
     * (whose queued mark is then cleared), else null.
     */
    UserState poll() {
        long at = times[0];
        UserState user = users[0];
        size--;
        long lastTime = times[size];
        UserState lastUser = users[size];
        users[size] = null;
        if (size > 0) {
            int i = 0;
            while (true) {
                int first = 4 * i + 1;
                if (first >= size) {
                    break;
                }
                int child = first;
                int end = Math.min(first + 4, size);
                for (int c = first + 1; c < end; c++) {
                    if (times[c] < times[child]) {
                        child = c;
                    }
                }
                if (times[child] >= lastTime) {
                    break;
                }
                times[i] = times[child];
                users[i] = users[child];
                i = child;
            }
            times[i] = lastTime;
            users[i] = lastUser;
        }
        if (user.queuedAt != at) {
            return null;
        }
        user.queuedAt = Long.MAX_VALUE;
        return user;
    }

    int size() {
        return size;
    }

    void clear() {
        Arrays.fill(users, 0, size, null);
        size = 0;
    }
}

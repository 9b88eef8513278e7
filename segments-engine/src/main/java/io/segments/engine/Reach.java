package io.segments.engine;

/**
 * Reachability of a set of users: how many there are, and how many of them are reachable by
 * email, by SMS and by push under the spec's channel rules.
 */
public record Reach(long total, long email, long sms, long push) {
    public Reach {
        if (total < 0 || email < 0 || sms < 0 || push < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
        if (email > total || sms > total || push > total) {
            throw new IllegalArgumentException("a channel count exceeds the total");
        }
    }
}

package io.segments.campaigns.internal;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A token bucket rate limiter: tokens accrue at {@code rate} per second up to {@code capacity};
 * each permit takes one. A caller that finds the bucket empty reserves the next token and sleeps
 * until it is due, so callers queue fairly in arrival order and never more than
 * {@code capacity + rate * t} permits are granted in any span of {@code t} seconds. Thread-safe;
 * the sleep happens outside the lock.
 */
public final class TokenBucket {
    private final double rate;
    private final double capacity;
    private final Ticker ticker;
    private double tokens;
    private long last;
    private long granted;

    public TokenBucket(double ratePerSecond, double capacity, Ticker ticker) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("the rate is a positive number, not " + ratePerSecond);
        }
        if (!(capacity >= 1)) {
            throw new IllegalArgumentException("the capacity holds at least one token, not " + capacity);
        }
        this.rate = ratePerSecond;
        this.capacity = capacity;
        this.ticker = requireNonNull(ticker, "ticker is null");
        this.tokens = capacity;
        this.last = ticker.nanoTime();
    }

    /** Takes one permit, sleeping until it is due. */
    public void acquire() throws InterruptedException {
        long waitNanos = reserve();
        if (waitNanos > 0) {
            ticker.sleep(Duration.ofNanos(waitNanos));
        }
    }

    /** Takes one token now (possibly on credit) and answers how long the caller must wait for it. */
    synchronized long reserve() {
        long now = ticker.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
        last = now;
        tokens -= 1;
        granted++;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * 1e9);
    }

    /** Permits handed out so far. */
    public synchronized long granted() {
        return granted;
    }

    public double rate() {
        return rate;
    }
}

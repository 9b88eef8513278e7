package io.segments.campaigns.internal;

import java.time.Duration;

/** Time as the sender waits on it: a monotonic clock and a way to sleep. Tests use a controllable one. */
public interface Ticker {
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    /** The system's clock and {@link Thread#sleep}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (!duration.isZero() && !duration.isNegative()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        }
    };
}

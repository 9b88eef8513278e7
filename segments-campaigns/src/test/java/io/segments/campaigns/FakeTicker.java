package io.segments.campaigns;

import io.segments.campaigns.internal.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when someone sleeps on it; it records every sleep. */
final class FakeTicker implements Ticker {
    private long now = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    synchronized void advance(Duration d) {
        now += d.toNanos();
    }

    synchronized Duration elapsedSince(long start) {
        return Duration.ofNanos(now - start);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}

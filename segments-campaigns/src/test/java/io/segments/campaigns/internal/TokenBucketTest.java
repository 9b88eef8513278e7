package io.segments.campaigns.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {
    /** Time moves only when the bucket makes its caller sleep, or when the test says so. */
    static final class ManualTicker implements Ticker {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            now += duration.toNanos();
        }
    }

    @Test
    void neverGrantsMoreThanCapacityPlusRateTimesElapsedTime() throws Exception {
        ManualTicker ticker = new ManualTicker();
        TokenBucket bucket = new TokenBucket(10, 1, ticker);
        long start = ticker.now;
        List<Long> grantedAt = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bucket.acquire();
            grantedAt.add(ticker.now - start);
        }
        for (int i = 0; i < grantedAt.size(); i++) {
            double seconds = grantedAt.get(i) / 1e9;
            assertThat(i + 1.0).as("permits granted by %.3fs", seconds).isLessThanOrEqualTo(1 + 10 * seconds + 1e-9);
        }
        assertThat(bucket.granted()).isEqualTo(50);
        assertThat(grantedAt.get(49) / 1e9).isBetween(4.9, 4.9 + 1e-6);
    }

    @Test
    void anIdleBucketFillsOnlyUpToItsCapacity() throws Exception {
        ManualTicker ticker = new ManualTicker();
        TokenBucket bucket = new TokenBucket(2, 3, ticker);
        ticker.now += Duration.ofMinutes(1).toNanos();
        long before = ticker.now;
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        assertThat(ticker.now).as("three stored permits cost no wait").isEqualTo(before);
        bucket.acquire();
        assertThat(ticker.now - before).isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @Test
    void waitingCallersAreQueuedInsteadOfAllWakingAtOnce() {
        ManualTicker ticker = new ManualTicker();
        TokenBucket bucket = new TokenBucket(4, 1, ticker);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(bucket.reserve());
        }
        assertThat(waits).containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L);
    }
}

package io.segments.jmh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SeenCheckBenchmark} finds exactly the re-sent ids of its batch, with the deduplication window, the fingerprint
 * set and the baseline.
 */
class SeenCheckBenchmarkTest {
    @Test
    void bothSetsFindExactlyTheResentIds() {
        SeenCheckBenchmark.Stored state = new SeenCheckBenchmark.Stored();
        state.stored = 200_000; // generations of 28,572 at least, each ended by a group of 50,000: 4 of them
        state.setup();
        int resent = 0;
        for (int i = 0; i < SeenCheckBenchmark.BATCH; i++) {
            if (i % SeenCheckBenchmark.RESENT_EVERY == 0) {
                resent++;
            }
        }
        assertThat(resent).isPositive();
        SeenCheckBenchmark benchmark = new SeenCheckBenchmark();
        assertThat(benchmark.fingerprintWindow(state)).isEqualTo(resent);
        assertThat(benchmark.fingerprintSet(state)).isEqualTo(resent);
        assertThat(benchmark.baselineStringSet(state)).isEqualTo(resent);
        assertThat(state.hashes.size()).isEqualTo(state.stored);
        assertThat(state.window.size()).isEqualTo(state.stored);
        assertThat(state.window.generation()).isEqualTo(3);
    }
}

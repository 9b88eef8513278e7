package io.segments.jmh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SeenCheckBenchmark} finds exactly the re-sent ids of its batch, with the fingerprint set and the baseline. */
class SeenCheckBenchmarkTest {
    @Test
    void bothSetsFindExactlyTheResentIds() {
        SeenCheckBenchmark.Stored state = new SeenCheckBenchmark.Stored();
        state.stored = 20_000;
        state.setup();
        int resent = 0;
        for (int i = 0; i < SeenCheckBenchmark.BATCH; i++) {
            if (i % SeenCheckBenchmark.RESENT_EVERY == 0) {
                resent++;
            }
        }
        assertThat(resent).isPositive();
        SeenCheckBenchmark benchmark = new SeenCheckBenchmark();
        assertThat(benchmark.fingerprintSet(state)).isEqualTo(resent);
        assertThat(benchmark.baselineStringSet(state)).isEqualTo(resent);
        assertThat(state.hashes.size()).isEqualTo(state.stored);
    }
}

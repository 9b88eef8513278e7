package io.segments.bench.internal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatenciesTest {
    @Test
    void percentiles_are_the_nearest_rank_of_what_was_measured() {
        // 1 ms to 100 ms, given in reverse
        Latencies l = Latencies.of(LongStream.rangeClosed(1, 100).map(i -> (101 - i) * 1000).toArray());

        assertThat(l.count()).isEqualTo(100);
        assertThat(l.p50Millis()).isEqualTo(50.0);
        assertThat(l.p99Millis()).isEqualTo(99.0);
        assertThat(l.maxMillis()).isEqualTo(100.0);
        assertThat(l.percentileMillis(1)).isEqualTo(1.0);
    }

    @Test
    void with_few_values_a_percentile_rounds_its_rank_up() {
        Latencies l = Latencies.of(30_000, 10_000, 20_000);

        assertThat(l.p50Millis()).isEqualTo(20.0); // rank ceil(1.5) = 2
        assertThat(l.p99Millis()).isEqualTo(30.0); // rank ceil(2.97) = 3
        assertThat(Latencies.of(7_500).p99Millis()).isEqualTo(7.5);
    }

    @Test
    void pooled_latencies_hold_every_part() {
        Latencies pooled = Latencies.pooled(List.of(Latencies.of(1_000, 2_000), Latencies.of(3_000, 4_000, 5_000)));

        assertThat(pooled.count()).isEqualTo(5);
        assertThat(pooled.p50Millis()).isEqualTo(3.0);
        assertThat(pooled.maxMillis()).isEqualTo(5.0);
    }

    @Test
    void no_latencies_or_a_negative_one_are_errors() {
        assertThatThrownBy(() -> Latencies.of().p50Millis()).hasMessageContaining("no latencies");
        assertThatThrownBy(() -> Latencies.of(5, -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Latencies.of(5).percentileMillis(0)).hasMessageContaining("percentile");
        assertThatThrownBy(() -> Latencies.of(5).percentileMillis(101)).hasMessageContaining("percentile");
    }
}

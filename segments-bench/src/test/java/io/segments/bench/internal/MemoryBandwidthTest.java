package io.segments.bench.internal;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBandwidthTest {
    @Test
    void theKernelSumsEveryElementOfItsSlice() {
        long[] values = LongStream.range(0, 1_003).map(i -> i * 7 - 500).toArray();
        assertThat(MemoryBandwidth.sum(values, 0, values.length)).isEqualTo(LongStream.of(values).sum());
        assertThat(MemoryBandwidth.sum(values, 5, 998)).isEqualTo(LongStream.of(values).skip(5).limit(993).sum());
        assertThat(MemoryBandwidth.sum(values, 3, 3)).isZero();
    }

    @Test
    void bothRatesArePositiveAndFiniteAndTheFloorUsesTheHigher() {
        MemoryBandwidth b = MemoryBandwidth.measure(8L << 20, 2);
        assertThat(b.singleThread()).isPositive().isFinite();
        assertThat(b.allCores()).isPositive().isFinite();
        assertThat(b.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(b.arrayBytes()).isEqualTo(8L << 20);
        assertThat(b.passes()).isEqualTo(2);
        assertThat(b.floorBytesPerSecond()).isEqualTo(Math.max(b.singleThread(), b.allCores()));
    }

    @Test
    void theDescriptionSaysHowItWasMeasuredAndWhichRateTheFloorUses() {
        MemoryBandwidth b = new MemoryBandwidth(9.5e9, 14.25e9, 2, 512L << 20, 5);
        assertThat(b.describe()).isEqualTo("memory read bandwidth, measured in this run by summing a long[] of "
                + "512 MiB (best of 5 passes after a warm-up): one thread 9.50 GB/s, 2 threads (a slice each) "
                + "14.25 GB/s; the floor uses the higher, 14.25 GB/s");
        assertThat(new MemoryBandwidth(9.5e9, 8e9, 2, 512L << 20, 5).describe())
                .endsWith("the floor uses the higher, 9.50 GB/s");
    }

    @Test
    void aTooSmallArrayOrNoPassIsRefused() {
        assertThatThrownBy(() -> MemoryBandwidth.measure(1024, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("array of 1024 bytes");
        assertThatThrownBy(() -> MemoryBandwidth.measure(8L << 20, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passes");
        assertThatThrownBy(() -> new MemoryBandwidth(0, 1e9, 2, 8L << 20, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

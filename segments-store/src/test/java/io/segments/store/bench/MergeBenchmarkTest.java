package io.segments.store.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge benchmark merges what it says and stores each plain batch once. */
class MergeBenchmarkTest {
    @TempDir
    Path work;

    @Test
    void theBenchmarkMergesEveryPairAndDropsTheResentBatches() throws Exception {
        MergeBenchmark.Report report = MergeBenchmark.run(work, 20_000, 2_000, new int[] {1, 10}, 3);
        assertThat(report.mergedUsers()).isEqualTo(33);
        assertThat(report.eventsAfter()).isEqualTo(20_000 + 33);
        assertThat(report.rows()).extracting(MergeBenchmark.Row::size).containsExactly(1, 10);
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.mergeMillis()).isPositive());
    }
}

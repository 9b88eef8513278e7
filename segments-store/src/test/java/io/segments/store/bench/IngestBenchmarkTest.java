package io.segments.store.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark measures the right thing: everything generated is stored, users merged as the generator says. */
class IngestBenchmarkTest {
    @TempDir
    Path work;

    @Test
    void theBenchmarkStoresEveryGeneratedEventAndUser() throws Exception {
        IngestBenchmark.Report report = IngestBenchmark.run(work, 20_000, 1_000, 50);
        assertThat(report.lines()).isEqualTo(report.data().messages());
        assertThat(report.eventsStored()).isEqualTo(report.data().tracks());
        assertThat(report.usersStored()).isEqualTo(report.data().users());
        assertThat(report.commits()).isPositive().isLessThanOrEqualTo(report.lines() / 50 + 1);
        assertThat(report.ingestEventsPerSecond()).isPositive();
    }
}

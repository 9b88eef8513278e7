package io.segments.bench.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    private final Machine machine = new Machine(2, 24L << 30, "AMD EPYC", "OpenJDK 17",
            Instant.parse("2026-01-02T03:04:05Z"));

    @Test
    void theFloorSectionGivesTheBandwidthHowItWasMeasuredTheDefinitionAndTheTable() {
        Report report = new Report("S", machine, "1.00 1.00 1.00");
        report.table().add(new Figure("W1", "engine-java", 25, 5, 3748))
                .floor(new Floor.Figure("W1", "96,794 Charged events in [now - 30d, now] × 20 B (uid, ts, amount)",
                        1_935_880, 0.2));
        report.bandwidth(new MemoryBandwidth(9.5e9, 9.68e9, 2, 512L << 20, 5));
        String md = report.markdown("2.00 2.00 2.00", 60, 5);
        assertThat(md).contains("""

                ### Physical floor

                - memory read bandwidth, measured in this run by summing a long[] of 512 MiB (best of 5 passes after \
                a warm-up): one thread 9.50 GB/s, 2 threads (a slice each) 9.68 GB/s; the floor uses the higher, 9.68 GB/s
                - %s

                | workload | what a perfect engine reads | bytes | floor ms | engine-java / floor |
                |---|---|---:|---:|---:|
                | W1 | 96,794 Charged events in [now - 30d, now] × 20 B (uid, ts, amount) | 1,935,880 | 0.200 | 125 |
                """.formatted(Floor.DEFINITION));
        // after the workload table
        assertThat(md.indexOf("### Physical floor")).isGreaterThan(md.indexOf("### Workloads"));
    }

    @Test
    void theExampleSegmentsSectionGivesEachOnesCountAndLatencies() {
        Report report = new Report("L", machine, "1.00 1.00 1.00");
        report.table().add(new Figure("W1", "engine-http", 25, 5, 3748));
        report.example(new Report.Example("Frequent buyers", 6_878, Latencies.of(40_000, 10_000, 20_000, 30_000)));
        String md = report.markdown("2.00 2.00 2.00", 60, 5);
        assertThat(md).contains("### The example segments over HTTP")
                .contains("| Frequent buyers | 6,878 | 4 | 20.0 | 40.0 | 40.0 |");
        assertThat(new Report("S", machine, "1").markdown("1", 1, 5)).doesNotContain("example segments");
    }

    @Test
    void withoutAMeasuredBandwidthThereIsNoFloorSection() {
        Report report = new Report("S", machine, "1.00 1.00 1.00");
        report.table().add(new Figure("W6", "engine-http", 11_000, 5, 916_982));
        assertThat(report.markdown("2.00 2.00 2.00", 60, 5)).doesNotContain("Physical floor");
    }
}

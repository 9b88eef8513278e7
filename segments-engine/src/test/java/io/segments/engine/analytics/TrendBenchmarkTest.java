package io.segments.engine.analytics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trend benchmark still runs and still computes the right answer (on a small data set, every point checked). */
class TrendBenchmarkTest {

    @Test
    void theBenchmarkMeasuresEveryExampleSegmentAndChecksEveryPoint(@TempDir Path data) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<TrendBenchmark.Result> results = TrendBenchmark.run(TrendBenchmark.Options.parse(new String[] {
                "--users", "300", "--events-per-user", "30", "--days", "20", "--runs", "1",
                "--data-dir", data.toString(), "--verify"}), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(results).hasSize(8).allSatisfy(r -> {
            assertThat(r.countMillis()).isPositive();
            assertThat(r.trendMillis()).isPositive();
        });
        assertThat(results).anySatisfy(r -> assertThat(r.count()).isPositive());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Abandoned cart").contains("ratio");
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThatThrownBy(() -> TrendBenchmark.Options.parse(new String[] {"--user", "5"}))
                .hasMessageContaining("unknown option --user");
    }
}

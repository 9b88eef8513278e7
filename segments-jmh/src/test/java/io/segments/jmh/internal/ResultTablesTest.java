package io.segments.jmh.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JMH's JSON results become a markdown table and a CSV file, each subject with its ratio to its class's baseline. */
class ResultTablesTest {
    private static final String JSON = """
            [
              {"benchmark": "io.segments.jmh.CompileBenchmark.compile", "mode": "avgt", "threads": 1, "forks": 1,
               "params": {"example": "TV_BUYERS"},
               "primaryMetric": {"score": 12.5, "scoreError": 0.25, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
              {"benchmark": "io.segments.jmh.CompileBenchmark.compile", "mode": "avgt", "threads": 1, "forks": 1,
               "params": {"example": "HIGH_SPENDERS"},
               "primaryMetric": {"score": 30.0, "scoreError": 1.5, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
              {"benchmark": "io.segments.jmh.CompileBenchmark.baselineReadJson", "mode": "avgt", "threads": 1,
               "forks": 1, "params": {"example": "TV_BUYERS"},
               "primaryMetric": {"score": 5.0, "scoreError": 0.1, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
              {"benchmark": "io.segments.jmh.CompileBenchmark.baselineReadJson", "mode": "avgt", "threads": 1,
               "forks": 1, "params": {"example": "HIGH_SPENDERS"},
               "primaryMetric": {"score": 7.5, "scoreError": 0.1, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
              {"benchmark": "io.segments.jmh.ReferenceEvaluatorBenchmark.matches", "mode": "avgt", "threads": 1,
               "forks": 1, "params": {"example": "TV_BUYERS"},
               "primaryMetric": {"score": 3.0, "scoreError": "NaN", "scoreUnit": "us/op"}, "secondaryMetrics": {}},
              {"benchmark": "io.segments.jmh.ReferenceEvaluatorBenchmark.baselineScan", "mode": "avgt", "threads": 1,
               "forks": 1,
               "primaryMetric": {"score": 0.5, "scoreError": 0.01, "scoreUnit": "us/op"}, "secondaryMetrics": {}},
              {"benchmark": "io.segments.jmh.Other.alone", "mode": "thrpt", "threads": 1, "forks": 1,
               "primaryMetric": {"score": 1234567.0, "scoreError": 2345.0, "scoreUnit": "ops/s"}, "secondaryMetrics": {}}
            ]
            """;

    @Test
    void eachSubjectIsComparedWithTheBaselineOfTheSameParameters(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, JSON);
        ResultTables.main(new String[] {json.toString(), dir.toString()});

        List<String> md = Files.readAllLines(dir.resolve("jmh.md"));
        assertThat(md.get(0)).isEqualTo("| benchmark | params | mode | score | error | units | ratio to baseline |");
        assertThat(md).hasSize(2 + 7);
        assertThat(md.get(2)).isEqualTo("| CompileBenchmark.compile | example=TV_BUYERS | avgt | 12.5 | ± 0.25 | us/op | 2.50 |");
        assertThat(md.get(3)).isEqualTo("| CompileBenchmark.compile | example=HIGH_SPENDERS | avgt | 30.0 | ± 1.5 | us/op | 4.00 |");
        assertThat(md.get(4)).endsWith("| us/op | baseline |");
        assertThat(md.get(6)).as("a baseline without parameters serves every parameter value; no error when JMH has none")
                .isEqualTo("| ReferenceEvaluatorBenchmark.matches | example=TV_BUYERS | avgt | 3.0 |  | us/op | 6.00 |");
        assertThat(md.get(8)).as("a class without a baseline has no ratio")
                .isEqualTo("| Other.alone |  | thrpt | 1235000 | ± 2300 | ops/s |  |");

        List<String> csv = Files.readAllLines(dir.resolve("jmh.csv"));
        assertThat(csv.get(0)).isEqualTo("benchmark,params,mode,score,error,units,ratio_to_baseline");
        assertThat(csv.get(1)).isEqualTo("CompileBenchmark.compile,example=TV_BUYERS,avgt,12.5,0.25,us/op,2.50");
        assertThat(csv.get(5)).isEqualTo("ReferenceEvaluatorBenchmark.matches,example=TV_BUYERS,avgt,3.0,,us/op,6.00");
        assertThat(csv).hasSize(1 + 7);
    }

    @Test
    void aFileThatIsNotJmhOutputIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResultTables.read("{\"benchmark\": 1}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("array of results");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResultTables.read("[{\"mode\": \"avgt\"}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"benchmark\"");
    }
}

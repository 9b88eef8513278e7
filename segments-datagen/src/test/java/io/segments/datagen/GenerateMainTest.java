package io.segments.datagen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerateMainTest {

    @Test
    void writesTheFileAndReportsItsCounts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.ndjson");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GenerateMain.run(new String[] {"--users", "200", "--days", "20", "--seed", "3", "--out", file.toString(),
                "--end", "2026-10-01T00:00:00Z"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        List<String> lines = Files.readAllLines(file);
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("messages " + lines.size() + ":").contains("users 200 ");
        assertThat(report).contains("bytes " + Files.size(file));
        assertThat(lines.get(lines.size() - 1)).contains("\"timestamp\":\"2026-09-30T");

        GenerationSummary direct = Generator.builder().users(200).days(20).seed(3)
                .end(java.time.Instant.parse("2026-10-01T00:00:00Z")).build()
                .writeNdjson(new ByteArrayOutputStream());
        assertThat(direct.messages()).isEqualTo(lines.size());
    }

    @Test
    void badArgumentsAreNamed() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GenerateMain.run(new String[] {"--users", "ten", "--out", "x"}, sink, sink))
                .hasMessageContaining("--users").hasMessageContaining("ten");
        assertThatThrownBy(() -> GenerateMain.run(new String[] {"--users", "10"}, sink, sink))
                .hasMessageContaining("--out");
        assertThatThrownBy(() -> GenerateMain.run(new String[] {"--colour", "red", "--out", "x"}, sink, sink))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> GenerateMain.run(new String[] {"--days", "0", "--out", "x"}, sink, sink))
                .hasMessageContaining("days");
        assertThatThrownBy(() -> GenerateMain.run(new String[] {"--order", "random", "--out", "x"}, sink, sink))
                .hasMessageContaining("--order");
    }
}

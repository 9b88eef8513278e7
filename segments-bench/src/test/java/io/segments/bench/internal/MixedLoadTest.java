package io.segments.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.datagen.Generator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The mixed-load benchmark measures what it says, on a small store with the real server as a child process. */
class MixedLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_short_run_counts_alone_ingests_alone_then_both_and_checks_what_was_stored() throws Exception {
        Path dir = Path.of("target", "mixed-load-test");
        Dirs.delete(dir);
        MixedLoad.Settings s = new MixedLoad.Settings(new DataSet(400, 30_000, 30), 6_000, 2, 2, dir, false);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // the run itself fails when a store misses an event, when the two grown stores count differently, or when a
        // count alone changes from one time to the next
        MixedLoadResult r = MixedLoad.run(s, (dataDir, log) -> ServerProcess.startFromClassPath(
                System.getProperty("java.class.path"), dataDir, "512m", log),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        int segments = r.segments().size();
        assertThat(segments).isEqualTo(8);
        assertThat(r.before()).as("2 clients × 2 rounds × 8 segments").hasSize(2 * 2 * segments);
        assertThat(r.after()).hasSize(2 * 2 * segments);
        assertThat(r.underLoad()).isNotEmpty();
        assertThat(r.before()).extracting(MixedLoad.Sample::segment).containsOnly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(r.alone().messages()).isEqualTo(6_000);
        assertThat(r.loaded().events()).isEqualTo(r.alone().events()).isPositive().isLessThan(6_000);
        assertThat(r.alone().seconds()).isPositive();
        assertThat(r.loaded().seconds()).isPositive();
        assertThat(r.countsAfter()).as("the ingested day lands in the segments' windows")
                .isNotEqualTo(r.countsBefore());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("counts under load", "ingestion alone", "writer pauses under load:",
                "under load / alone: count p50");

        List<String> samples = Files.readAllLines(dir.resolve("samples.csv"));
        assertThat(samples.get(0)).isEqualTo("phase,segment,start_epoch_ms,latency_ms");
        assertThat(samples).hasSize(1 + r.before().size() + r.underLoad().size() + r.after().size());
        assertThat(samples).anyMatch(l -> l.startsWith("under-load,"));
        assertThat(Files.exists(dir.resolve("copy-mixed"))).as("the copies are deleted").isFalse();

        // a second run reuses the base store instead of loading it again
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        MixedLoad.run(s, (dataDir, log) -> ServerProcess.startFromClassPath(System.getProperty("java.class.path"),
                dataDir, "512m", log), new PrintStream(again, true, StandardCharsets.UTF_8));
        assertThat(out).contains("loading the base store");
        assertThat(again.toString(StandardCharsets.UTF_8)).doesNotContain("loading the base store");
        Dirs.delete(dir);
    }

    @Test
    void the_ingested_messages_have_ids_of_their_own_and_are_counted_as_the_rows_are() throws Exception {
        Generator generator = new DataSet(50, 2_000, 5).generator();

        IngestRun.Slice bodies = IngestRun.bodies(generator, 1_234, "mixed-");
        IngestRun.Slice rows = IngestRun.slice(generator, 1_234);

        assertThat(bodies.messages()).isEqualTo(1_234).isEqualTo(rows.messages());
        assertThat(bodies.events()).isEqualTo(rows.events()).isPositive().isLessThan(1_234);
        assertThat(bodies.bodies()).hasSize(3); // 500 + 500 + 234
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (byte[] body : bodies.bodies()) {
            for (JsonNode m : JSON.readTree(body).path("batch")) {
                String original = rows.batches().get(i / IngestRun.BATCH).get(i % IngestRun.BATCH).messageId();
                assertThat(m.path("messageId").asText()).isEqualTo("mixed-" + original);
                ids.add(m.path("messageId").asText());
                i++;
            }
        }
        assertThat(ids).hasSize(1_234);
        assertThat(new String(rows.bodies().get(0), StandardCharsets.UTF_8)).doesNotContain("mixed-");
    }
}

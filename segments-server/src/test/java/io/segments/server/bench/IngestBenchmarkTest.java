package io.segments.server.bench;

import io.segments.server.ServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark still measures what it claims: a short run stores exactly the messages it counts as acknowledged. */
class IngestBenchmarkTest {
    private final Path root = ServerExtension.newTempDir("segments-bench-test");

    @AfterEach
    void cleanUp() {
        ServerExtension.deleteRecursively(root);
    }

    @Test
    void a_short_run_over_http_and_the_baseline_both_store_every_acknowledged_message() throws Exception {
        IngestBenchmark.Settings s = new IngestBenchmark.Settings(2, 100, 1, 0, 2_000);
        List<IngestBenchmark.Body> bodies = IngestBenchmark.generateBodies(s);
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(10);

        // each run checks itself (messageIds stored == messages acknowledged) and throws otherwise
        IngestBenchmark.Result http = IngestBenchmark.http(s, root.resolve("http"), bodies);
        IngestBenchmark.Result direct = IngestBenchmark.direct(s, root.resolve("direct"), bodies);

        for (IngestBenchmark.Result r : List.of(http, direct)) {
            assertThat(r.messages()).isPositive().isLessThanOrEqualTo(r.totalAcknowledged());
            assertThat(r.messages() % 100).isZero();
            assertThat(r.requests()).isEqualTo(r.messages() / 100);
        }
        assertThat(http.p99Micros()).isGreaterThanOrEqualTo(http.p50Micros()).isPositive();
    }

    @Test
    void a_run_past_the_deduplication_window_still_checks_that_every_acknowledged_message_was_stored() throws Exception {
        IngestBenchmark.Settings s = new IngestBenchmark.Settings(2, 100, 1, 0, 2_000, 700);
        List<IngestBenchmark.Body> bodies = IngestBenchmark.generateBodies(s);

        for (IngestBenchmark.Result r : List.of(IngestBenchmark.http(s, root.resolve("http"), bodies),
                IngestBenchmark.direct(s, root.resolve("direct"), bodies))) {
            assertThat(r.totalAcknowledged()).isGreaterThan(2 * 700);
        }
    }

    @Test
    void every_pass_over_the_data_sends_new_message_ids() {
        List<IngestBenchmark.Body> bodies = List.of(IngestBenchmark.Body.of(
                "{\"batch\":[{\"messageId\":\"000000-a\"},{\"messageId\":\"000000-b\"}]}"));

        assertThat(text(IngestBenchmark.body(bodies, 0))).isEqualTo("{\"batch\":[{\"messageId\":\"000000-a\"},{\"messageId\":\"000000-b\"}]}");
        assertThat(text(IngestBenchmark.body(bodies, 1))).isEqualTo("{\"batch\":[{\"messageId\":\"000001-a\"},{\"messageId\":\"000001-b\"}]}");
        assertThat(text(IngestBenchmark.body(bodies, 123))).contains("\"000123-a\"", "\"000123-b\"");
        assertThat(text(IngestBenchmark.body(bodies, 0))).as("the template is not changed").contains("000000-a");
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}

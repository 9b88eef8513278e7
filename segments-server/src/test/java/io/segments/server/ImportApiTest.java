package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.segments.server.ServerExtension.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/import}: an NDJSON body becomes a job; bad lines are reported by number and skipped. */
class ImportApiTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    @Test
    void an_import_loads_the_good_lines_and_reports_the_bad_ones_by_number() throws InterruptedException {
        StringBuilder ndjson = new StringBuilder();
        int good = 0;
        for (int i = 1; i <= 2_000; i++) {
            if (i == 7) {
                ndjson.append("{not json\n");
            } else if (i == 1_500) {
                ndjson.append("{\"type\": \"track\", \"event\": \"A\"}\n");
            } else if (i == 1_800) {
                ndjson.append("{\"type\": \"track\", \"userId\": \"u\", \"event\": \"A\", \"timestamp\": \"soon\"}\n");
            } else {
                ndjson.append("{\"type\": \"track\", \"userId\": \"u").append(i % 50).append("\", \"event\": \"Imported\", ")
                        .append("\"messageId\": \"imp-").append(i).append("\", \"timestamp\": \"2026-10-01T00:00:00Z\"}\n");
                good++;
            }
        }

        TestHttp.Response created = server.http().post("/api/import", ndjson.toString().getBytes(StandardCharsets.UTF_8),
                TestHttp.bearer(ADMIN_KEY), "Content-Type", "application/x-ndjson");

        assertThat(created.status()).isEqualTo(202);
        String id = created.json().get("id").asText();
        assertThat(id).startsWith("imp_");
        assertThat(created.json().get("state").asText()).isIn("queued", "running", "succeeded");
        JsonNode job = awaitFinished(id);
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("lines").asLong()).isEqualTo(2_000);
        assertThat(job.get("messagesStored").asLong()).isEqualTo(good);
        assertThat(job.get("badLines").asLong()).isEqualTo(3);
        List<Long> badLineNumbers = new ArrayList<>();
        job.get("firstBadLines").forEach(b -> badLineNumbers.add(b.get("line").asLong()));
        assertThat(badLineNumbers).containsExactly(7L, 1_500L, 1_800L);
        assertThat(job.get("firstBadLines").get(1).get("path").asText()).isEqualTo("$.userId");
        assertThat(job.get("firstBadLines").get(2).get("path").asText()).isEqualTo("$.timestamp");
        assertThat(server.count("SELECT count(*) FROM events WHERE name = 'Imported'")).isEqualTo(good);
        assertThat(server.apiGet("/api/imports").json().get("imports").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void importing_the_same_file_twice_stores_it_once() throws InterruptedException {
        String ndjson = "{\"type\": \"track\", \"userId\": \"u1\", \"event\": \"A\", \"messageId\": \"once-1\"}\n"
                + "{\"type\": \"identify\", \"userId\": \"u1\", \"traits\": {\"vip\": true}, \"messageId\": \"once-2\"}\n";

        for (int i = 0; i < 2; i++) {
            String id = server.http().post("/api/import", ndjson.getBytes(StandardCharsets.UTF_8), TestHttp.bearer(ADMIN_KEY))
                    .json().get("id").asText();
            assertThat(awaitFinished(id).get("state").asText()).isEqualTo("succeeded");
        }

        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(1);
        assertThat(server.store().profile("u1").orElseThrow().traits()).containsEntry("vip", true);
    }

    @Test
    void an_unknown_import_is_a_404() {
        TestHttp.Response r = server.apiGet("/api/imports/imp_nothing");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("not_found");
    }

    private JsonNode awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            TestHttp.Response r = server.apiGet("/api/imports/" + id);
            assertThat(r.status()).isEqualTo(200);
            String state = r.json().get("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) {
                return r.json();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("import " + id + " did not finish within 60 s");
    }
}

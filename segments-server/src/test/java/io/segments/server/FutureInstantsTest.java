package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing after now is known: an {@code asOf} or {@code to} after now is evaluated at now, and the answer says
 * which instant was used. Without this, "as of tomorrow" would let a "last hour" window run past every event
 * and report users leaving who have not left.
 */
class FutureInstantsTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final String FILTER = "{\"did\": \"Ping\", \"when\": {\"last\": \"1h\"}}";
    private static String segment;

    @BeforeAll
    static void load() {
        Instant tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        assertThat(server.ingest("/v1/track", "{\"userId\": \"pinger\", \"event\": \"Ping\", \"timestamp\": \""
                + tenMinutesAgo + "\"}").status()).isEqualTo(200);
        TestHttp.Response created = server.apiPost("/api/segments", "{\"name\": \"Pinged in the last hour\","
                + " \"filter\": " + FILTER + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        segment = created.json().get("id").asText();
    }

    @Test
    void a_count_as_of_a_later_instant_or_today_is_the_count_now_and_says_so() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        for (String asOf : new String[]{"2030-01-01", "2030-01-01T00:00:00Z", today}) {
            JsonNode answer = atNow(() -> ok(server.apiGet("/api/segments/" + segment + "/count?asOf=" + asOf)),
                    "asOf");

            assertThat(answer.get("count").asLong()).as("count as of " + asOf).isEqualTo(1);
        }
    }

    @Test
    void a_preview_and_a_batch_of_counts_as_of_a_later_date_are_at_now_and_say_so() {
        JsonNode preview = atNow(() -> ok(server.apiPost("/api/segments/preview", "{\"filter\": " + FILTER
                + ", \"asOf\": \"2030-01-01\"}")), "asOf");
        assertThat(preview.get("count").asLong()).isEqualTo(1);

        JsonNode counts = atNow(() -> ok(server.apiPost("/api/segments/counts", "{\"ids\": [\"" + segment
                + "\"], \"asOf\": \"2030-01-01\"}")), "asOf");
        assertThat(counts.get("counts").get(0).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void a_preview_without_as_of_says_which_instant_it_counted_at() {
        JsonNode preview = atNow(() -> ok(server.apiPost("/api/segments/preview", "{\"filter\": " + FILTER + "}")),
                "asOf");

        assertThat(preview.get("count").asLong()).isEqualTo(1);
    }

    @Test
    void changes_up_to_a_later_date_stop_at_now_and_report_no_invented_exit() {
        String fiveMinutesAgo = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();

        JsonNode changes = atNow(() -> ok(server.apiGet("/api/segments/" + segment + "/changes?from=" + fiveMinutesAgo
                + "&to=2030-01-01")), "to");

        assertThat(changes.get("from").asText()).isEqualTo(fiveMinutesAgo);
        assertThat(changes.get("exitedCount").asLong()).isZero();
        assertThat(changes.get("enteredCount").asLong()).isZero();
    }

    @Test
    void changes_from_a_later_date_are_none_between_now_and_now() {
        JsonNode changes = atNow(() -> ok(server.apiGet("/api/segments/" + segment + "/changes?from=2030-01-01")),
                "to");

        assertThat(changes.get("from").asText()).isEqualTo(changes.get("to").asText());
        assertThat(changes.get("exitedCount").asLong()).isZero();
    }

    @Test
    void a_past_as_of_is_still_itself() {
        JsonNode answer = ok(server.apiGet("/api/segments/" + segment + "/count?asOf=2026-01-01"));

        assertThat(answer.get("asOf").asText()).isEqualTo("2026-01-01T23:59:59.999Z");
        assertThat(answer.get("count").asLong()).isZero();
    }

    /** The answer of {@code call}, checking that its field {@code field} is an instant during the call. */
    private static JsonNode atNow(Supplier<JsonNode> call, String field) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JsonNode answer = call.get();
        Instant after = Instant.now();
        assertThat(answer.has(field)).as(answer.toString()).isTrue();
        assertThat(Instant.parse(answer.get(field).asText())).as(field + " in " + answer).isBetween(before, after);
        return answer;
    }

    private static JsonNode ok(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}

package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error messages name segments by their names and windows in words, so that a person can act on them without
 * looking ids up; the ids a client needs stay in fields of their own.
 */
class NamedErrorsTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    @Test
    void a_cycle_of_in_segment_names_the_segments_around_it() {
        String a = create("Frequent buyers", "{\"did\": \"Charged\"}");
        String b = create("Win back", "{\"and\": [{\"did\": \"Visited\"}, {\"inSegment\": \"" + a + "\"}]}");

        TestHttp.Response r = server.apiPut("/api/segments/" + a, "{\"name\": \"Frequent buyers\", \"filter\":"
                + " {\"or\": [{\"did\": \"Charged\"}, {\"inSegment\": \"" + b + "\"}]}}");

        assertError(r, 400, "invalid_segment", "$.filter.or[1].inSegment");
        assertThat(r.json().get("message").asText())
                .startsWith("“Frequent buyers” uses “Win back”, which uses “Frequent buyers”")
                .doesNotContain(a).doesNotContain(b);
        assertThat(pairs(r.json().get("cycle"))).containsExactly(a + "=Frequent buyers", b + "=Win back",
                a + "=Frequent buyers");
    }

    @Test
    void a_longer_cycle_names_every_segment_on_it_and_a_segment_using_itself_says_so() {
        String a = create("Alpha", "{\"did\": \"A\"}");
        String b = create("Beta", "{\"inSegment\": \"" + a + "\"}");
        String c = create("Gamma", "{\"inSegment\": \"" + b + "\"}");

        TestHttp.Response r = server.apiPut("/api/segments/" + a, "{\"name\": \"Alpha renamed\", \"filter\":"
                + " {\"inSegment\": \"" + c + "\"}}");
        assertError(r, 400, "invalid_segment", "$.filter.inSegment");
        assertThat(r.json().get("message").asText())
                .startsWith("“Alpha renamed” uses “Gamma”, which uses “Beta”, which uses “Alpha renamed”");

        TestHttp.Response self = server.apiPut("/api/segments/" + a, "{\"name\": \"Alpha\", \"filter\":"
                + " {\"inSegment\": \"" + a + "\"}}");
        assertError(self, 400, "invalid_segment", "$.filter.inSegment");
        assertThat(self.json().get("message").asText()).startsWith("“Alpha” cannot use itself").doesNotContain(a);
    }

    @Test
    void a_delete_conflict_names_the_segments_that_use_it_and_lists_their_ids_apart() {
        String base = create("Frequent buyers", "{\"did\": \"Charged\"}");
        List<String> users = new ArrayList<>();
        for (String name : List.of("Win back", "Lapsed", "Loyal")) {
            users.add(create(name, "{\"inSegment\": \"" + base + "\"}"));
        }

        TestHttp.Response r = server.apiDelete("/api/segments/" + base);

        assertError(r, 409, "conflict", null);
        assertThat(r.json().get("message").asText())
                .startsWith("“Frequent buyers” is used by “Lapsed” and 2 other segments")
                .doesNotContain(base);
        assertThat(pairs(r.json().get("usedBy"))).containsExactlyInAnyOrder(users.get(0) + "=Win back",
                users.get(1) + "=Lapsed", users.get(2) + "=Loyal");

        server.apiDelete("/api/segments/" + users.get(2));
        server.apiDelete("/api/segments/" + users.get(1));
        TestHttp.Response one = server.apiDelete("/api/segments/" + base);
        assertThat(one.json().get("message").asText()).startsWith("“Frequent buyers” is used by “Win back”:");
        assertThat(pairs(one.json().get("usedBy"))).containsExactly(users.get(0) + "=Win back");
    }

    @Test
    void a_reversed_window_reads_in_words() {
        TestHttp.Response relative = server.apiPost("/api/segments", "{\"name\": \"Reversed\", \"filter\":"
                + " {\"did\": \"A\", \"when\": {\"from\": \"7d\", \"to\": \"30d\"}}}");
        assertError(relative, 400, "invalid_segment", "$.filter.when.from");
        assertThat(relative.json().get("message").asText()).startsWith(
                "the window starts 7 days ago and ends 30 days ago: its start must be before its end");

        TestHttp.Response hours = server.apiPost("/api/segments/preview", "{\"filter\": {\"didNot\": \"A\","
                + " \"when\": {\"from\": \"1h\", \"to\": \"1h\"}}}");
        assertError(hours, 400, "invalid_segment", "$.filter.when.from");
        assertThat(hours.json().get("message").asText()).startsWith(
                "the window starts 1 hour ago and ends 1 hour ago: its start must be before its end");

        TestHttp.Response between = server.apiPost("/api/segments", "{\"name\": \"Between\", \"filter\":"
                + " {\"did\": \"A\", \"when\": {\"between\": [\"2026-11-10\", \"2026-11-01\"]}}}");
        assertError(between, 400, "invalid_segment", "$.filter.when.between");
        assertThat(between.json().get("message").asText()).startsWith(
                "the window starts on 2026-11-10 and ends on 2026-11-01: its start must be before its end");

        TestHttp.Response instants = server.apiPost("/api/segments/preview", "{\"filter\": {\"sequence\":"
                + " [{\"did\": \"A\"}], \"when\": {\"between\": [\"2026-11-10T10:00:00Z\", \"2026-11-10T09:00:00Z\"]}}}");
        assertError(instants, 400, "invalid_segment", "$.filter.when.between");
        assertThat(instants.json().get("message").asText()).startsWith("the window starts at 2026-11-10T10:00:00Z"
                + " and ends at 2026-11-10T09:00:00Z: its start must be before its end");
    }

    private String create(String name, String filter) {
        TestHttp.Response r = server.apiPost("/api/segments", "{\"name\": \"" + name + "\", \"filter\": " + filter + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** {@code [{"id", "name"}]} as {@code id=name}. */
    private static List<String> pairs(JsonNode list) {
        assertThat(list).as("a list of {id, name}").isNotNull();
        List<String> pairs = new ArrayList<>();
        list.forEach(s -> pairs.add(s.get("id").asText() + "=" + s.get("name").asText()));
        return pairs;
    }
}

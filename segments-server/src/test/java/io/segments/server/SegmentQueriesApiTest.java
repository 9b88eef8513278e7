package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluating segments over HTTP: counts and previews at {@code asOf} (a date means the end of that day, an
 * instant itself), member pages and the CSV export, reachability and a user's profile and segments, on a small
 * history whose answers follow from the contract.
 */
class SegmentQueriesApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    /** Users of the paging segment, by trait {@code cohort}. */
    private static final int COHORT = 25;
    private static String bigSpenders;
    private static String cohort;
    private static String contacts;

    @BeforeAll
    static void load() {
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        batch.append("""
                {"type": "identify", "userId": "u1", "timestamp": "2026-01-01T00:00:00Z",
                 "traits": {"email": "ann@example.com", "phone": "+14155550123", "group": "contacts"}},
                {"type": "track", "userId": "u1", "event": "Charged", "timestamp": "2026-01-10T10:00:00Z",
                 "properties": {"amount": 100}},
                {"type": "track", "userId": "u1", "event": "Charged", "timestamp": "2026-01-20T10:00:00Z",
                 "properties": {"amount": 800}},
                {"type": "identify", "userId": "u2", "timestamp": "2026-01-01T00:00:00Z",
                 "traits": {"email": "not an address", "group": "contacts"}, "context": {"device": {"token": "tok-2"}}},
                {"type": "track", "userId": "u2", "event": "Charged", "timestamp": "2026-01-15T12:00:00Z",
                 "properties": {"amount": 50}},
                {"type": "identify", "userId": "u3", "timestamp": "2026-01-01T00:00:00Z",
                 "traits": {"email": "cy@example.com", "emailOptOut": true, "phone": "0123", "group": "contacts"}},
                {"type": "track", "anonymousId": "anon-9", "event": "App Launched", "timestamp": "2026-01-02T00:00:00Z"},
                {"type": "identify", "userId": "u9", "anonymousId": "anon-9", "timestamp": "2026-01-03T00:00:00Z",
                 "traits": {"name": "Nine"}},
                {"type": "identify", "userId": "team/ann ü?#%", "traits": {"name": "Odd"}}""");
        for (int i = 0; i < COHORT; i++) {
            batch.append(String.format(",{\"type\": \"identify\", \"userId\": \"p-%02d\", \"traits\": {\"cohort\": \"paging\"}}", i));
        }
        batch.append("]}");
        assertThat(server.ingest("/v1/batch", batch.toString()).status()).isEqualTo(200);
        bigSpenders = create("{\"name\": \"Spent over 700\", \"filter\": {\"did\": \"Charged\","
                + " \"aggregate\": {\"fn\": \"sum\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 700}}}");
        cohort = create("{\"name\": \"Paging cohort\", \"filter\": {\"attribute\": \"cohort\", \"op\": \"eq\", \"value\": \"paging\"}}");
        contacts = create("{\"name\": \"Contacts\", \"filter\": {\"attribute\": \"group\", \"op\": \"eq\", \"value\": \"contacts\"}}");
    }

    @Test
    void a_count_without_as_of_is_now() {
        JsonNode r = server.apiGet("/api/segments/" + bigSpenders + "/count").json();

        assertThat(r.get("count").asLong()).isEqualTo(1);
        assertThat(java.time.Instant.parse(r.get("asOf").asText()))
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
    }

    @Test
    void an_api_response_says_how_long_the_server_and_the_query_took_in_server_timing() {
        TestHttp.Response r = server.apiGet("/api/segments/" + bigSpenders + "/count");

        String timing = r.headers().firstValue("Server-Timing").orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("app;dur=(\\d+\\.\\d{3}), query;dur=(\\d+\\.\\d{3})")
                .matcher(timing);
        assertThat(m.matches()).as(timing).isTrue();
        double app = Double.parseDouble(m.group(1));
        double query = Double.parseDouble(m.group(2));
        assertThat(query).isGreaterThan(0).isLessThanOrEqualTo(app);
        // an error answered before the count is evaluated: the server's time alone
        assertThat(server.apiGet("/api/segments/" + bigSpenders + "/count?asOf=yesterday").headers()
                .firstValue("Server-Timing").orElseThrow()).matches("app;dur=\\d+\\.\\d{3}");
    }

    @Test
    void a_count_as_of_a_date_is_at_the_end_of_that_day() {
        // u1's second charge (2026-01-20T10:00Z) takes their total over 700
        assertCount(bigSpenders, "2026-01-19", 0, "2026-01-19T23:59:59.999Z");
        assertCount(bigSpenders, "2026-01-20", 1, "2026-01-20T23:59:59.999Z");
    }

    @Test
    void a_count_as_of_an_instant_is_at_that_instant_with_the_bound_inclusive() {
        assertCount(bigSpenders, "2026-01-20T09:59:59.999Z", 0, "2026-01-20T09:59:59.999Z");
        assertCount(bigSpenders, "2026-01-20T10:00:00Z", 1, "2026-01-20T10:00:00Z");
        assertCount(bigSpenders, "2026-01-20T11:00:00%2B01:00", 1, "2026-01-20T10:00:00Z");
    }

    @Test
    void a_bad_as_of_is_a_400_naming_the_parameter() {
        TestHttp.Response r = server.apiGet("/api/segments/" + bigSpenders + "/count?asOf=yesterday");

        assertError(r, 400, "invalid_request", null);
        assertThat(r.json().get("message").asText()).contains("asOf").contains("yesterday");
    }

    @Test
    void counts_of_several_segments_are_each_ones_count_in_the_order_asked() {
        String body = "{\"ids\": [\"" + cohort + "\", \"" + bigSpenders + "\", \"" + contacts + "\"], \"asOf\": \"2026-01-20\"}";
        TestHttp.Response r = server.apiPost("/api/segments/counts", body);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode answer = r.json();
        assertThat(answer.get("asOf").asText()).isEqualTo("2026-01-20T23:59:59.999Z");
        List<String> ids = List.of(cohort, bigSpenders, contacts);
        for (int i = 0; i < ids.size(); i++) {
            JsonNode row = answer.get("counts").get(i);
            assertThat(row.get("id").asText()).isEqualTo(ids.get(i));
            assertThat(row.get("count").asLong()).as(ids.get(i))
                    .isEqualTo(server.apiGet("/api/segments/" + ids.get(i) + "/count?asOf=2026-01-20").json()
                            .get("count").asLong());
        }
        assertThat(answer.get("counts").get(1).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void bad_counts_requests_are_400s_or_404s_with_the_path() {
        assertError(server.apiPost("/api/segments/counts", "{\"ids\": [\"" + cohort + "\", \"sgm_nothing\"]}"), 404,
                "not_found", "$.ids[1]");
        assertError(server.apiPost("/api/segments/counts", "{\"ids\": \"" + cohort + "\"}"), 400, "invalid_request",
                "$.ids");
        assertError(server.apiPost("/api/segments/counts", "{\"ids\": [7]}"), 400, "invalid_request", "$.ids[0]");
        assertError(server.apiPost("/api/segments/counts", "{\"ids\": [], \"asOf\": \"soon\"}"), 400,
                "invalid_request", "$.asOf");
        assertError(server.apiPost("/api/segments/counts", "{\"ids\": [], \"filter\": {}}"), 400, "invalid_request",
                "$");
    }

    @Test
    void a_preview_counts_an_unsaved_filter_now_or_as_of_a_time() {
        String filter = "{\"did\": \"Charged\"}";

        assertThat(preview("{\"filter\": " + filter + "}")).isEqualTo(2);
        assertThat(preview("{\"filter\": " + filter + ", \"asOf\": \"2026-01-12\"}")).isEqualTo(1);
        assertThat(preview("{\"filter\": " + filter + ", \"asOf\": \"2026-01-15T12:00:00Z\"}")).isEqualTo(2);
        assertThat(preview("{\"filter\": " + filter + ", \"asOf\": \"2026-01-09\"}")).isEqualTo(0);
        assertThat(preview("{\"filter\": {\"inSegment\": \"" + cohort + "\"}}")).isEqualTo(COHORT);
    }

    @Test
    void a_bad_preview_is_a_400_with_the_path() {
        assertError(server.apiPost("/api/segments/preview", "{\"filter\": {\"did\": \"A\", \"when\": {\"last\": \"0d\"}}}"),
                400, "invalid_segment", "$.filter.when.last");
        assertError(server.apiPost("/api/segments/preview", "{\"filter\": {\"did\": \"A\"}, \"extra\": 1}"),
                400, "invalid_request", "$.extra");
        assertError(server.apiPost("/api/segments/preview", "{\"filter\": {\"did\": \"A\"}, \"asOf\": \"soon\"}"),
                400, "invalid_request", "$.asOf");
        assertError(server.apiPost("/api/segments/preview", "{}"), 400, "invalid_segment", "$.filter");
        assertError(server.apiPost("/api/segments/preview", "{\"filter\": {\"inSegment\": \"sgm_none\"}}"),
                400, "invalid_segment", "$.filter.inSegment");
    }

    @Test
    void a_preview_body_over_1_mib_is_a_413() {
        String body = "{\"filter\": {\"did\": \"" + "x".repeat(1024 * 1024) + "\"}}";

        assertError(server.apiPost("/api/segments/preview", body), 413, "payload_too_large", null);
    }

    @Test
    void member_pages_list_every_member_once_in_ascending_order() {
        List<String> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = server.apiGet("/api/segments/" + cohort + "/members?limit=10"
                    + (next == null ? "" : "&after=" + next)).json();
            page.get("members").forEach(m -> all.add(m.asText()));
            sizes.add(page.get("members").size());
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(all).hasSize(COHORT).isSorted().doesNotHaveDuplicates().allMatch(id -> id.startsWith("p-"));
        JsonNode whole = server.apiGet("/api/segments/" + cohort + "/members?limit=" + COHORT).json();
        assertThat(whole.get("members")).hasSize(COHORT);
        assertThat(whole.get("next").isNull()).isTrue();
        JsonNode defaults = server.apiGet("/api/segments/" + cohort + "/members").json();
        assertThat(defaults.get("members")).hasSize(COHORT);
    }

    @Test
    void the_csv_export_streams_every_member_under_a_user_id_header() {
        TestHttp.Response r = server.apiGet("/api/segments/" + cohort + "/members?format=csv");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(".csv"));
        List<String> lines = r.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("userId");
        List<String> expected = new ArrayList<>(new TreeSet<>(pageIds()));
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
    }

    @Test
    void bad_member_parameters_are_400s() {
        for (String query : List.of("limit=0", "limit=10001", "limit=ten", "after=not-a-cursor", "format=xml",
                "format=csv&limit=5")) {
            assertError(server.apiGet("/api/segments/" + cohort + "/members?" + query), 400, "invalid_request", null);
        }
    }

    @Test
    void reachability_counts_the_members_reachable_on_each_channel() {
        JsonNode r = server.apiGet("/api/segments/" + contacts + "/reachability").json();

        // u1: valid email and E.164 phone; u2: invalid email, a push token; u3: opted out of email, bad phone
        assertThat(r.get("total").asLong()).isEqualTo(3);
        assertThat(r.get("email").asLong()).isEqualTo(1);
        assertThat(r.get("sms").asLong()).isEqualTo(1);
        assertThat(r.get("push").asLong()).isEqualTo(1);
    }

    @Test
    void a_user_is_shown_with_traits_push_tokens_and_segments() {
        JsonNode u1 = server.apiGet("/api/users/u1").json();
        assertThat(u1.get("userId").asText()).isEqualTo("u1");
        assertThat(u1.get("traits").get("email").asText()).isEqualTo("ann@example.com");
        assertThat(ids(u1.get("segmentIds"))).contains(bigSpenders, contacts).doesNotContain(cohort);

        JsonNode u2 = server.apiGet("/api/users/u2").json();
        assertThat(ids(u2.get("pushTokens"))).containsExactly("tok-2");
        assertThat(ids(u2.get("segmentIds"))).contains(contacts).doesNotContain(bigSpenders, cohort);
    }

    @Test
    void an_anonymous_id_shows_the_user_it_was_merged_into() {
        JsonNode r = server.apiGet("/api/users/anon-9").json();

        assertThat(r.get("userId").asText()).isEqualTo("u9");
        assertThat(r.get("traits").get("name").asText()).isEqualTo("Nine");
    }

    @Test
    void a_user_id_with_slashes_spaces_and_reserved_characters_is_found_percent_encoded() {
        TestHttp.Response r = server.apiGet("/api/users/" + java.net.URLEncoder.encode("team/ann ü?#%",
                java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("userId").asText()).isEqualTo("team/ann ü?#%");
    }

    @Test
    void an_unknown_user_is_a_404() {
        TestHttp.Response r = server.apiGet("/api/users/nobody-at-all");

        assertError(r, 404, "not_found", null);
        assertThat(r.json().get("message").asText()).contains("nobody-at-all");
    }

    private static List<String> pageIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < COHORT; i++) {
            ids.add(String.format("p-%02d", i));
        }
        return ids;
    }

    private static void assertCount(String id, String asOf, long count, String echoed) {
        TestHttp.Response r = server.apiGet("/api/segments/" + id + "/count?asOf=" + asOf);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("count").asLong()).as("count as of " + asOf).isEqualTo(count);
        assertThat(r.json().get("asOf").asText()).isEqualTo(echoed);
    }

    private static long preview(String body) {
        TestHttp.Response r = server.apiPost("/api/segments/preview", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("count").asLong();
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static String create(String body) {
        TestHttp.Response r = server.apiPost("/api/segments", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}

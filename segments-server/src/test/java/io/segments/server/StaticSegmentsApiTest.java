package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.segments.server.SegmentsApiTest.assertError;
import static io.segments.server.ServerExtension.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static segments: a member list given as JSON, uploaded as a CSV body or as the {@code file} field of a
 * multipart form, and replaced by {@code PUT /api/segments/{id}/members}. Members count once their users exist.
 */
class StaticSegmentsApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @BeforeAll
    static void users() {
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        for (int i = 1; i <= 6; i++) {
            batch.append(i > 1 ? "," : "").append("{\"type\": \"identify\", \"userId\": \"s").append(i).append("\"}");
        }
        assertThat(server.ingest("/v1/batch", batch.append("]}").toString()).status()).isEqualTo(200);
    }

    @Test
    void a_static_segment_from_a_json_member_list_keeps_them_as_a_sorted_set() {
        TestHttp.Response r = server.apiPost("/api/segments", "{\"name\": \"Listed\", \"type\": \"static\","
                + " \"members\": [\"s3\", \"s1\", \"s3\", \"not-yet-seen\"]}");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(texts(r.json().get("members"))).containsExactly("not-yet-seen", "s1", "s3");
        assertThat(r.json().has("filter")).isFalse();
        String id = r.json().get("id").asText();
        assertThat(count(id)).as("only ids of existing users are members").isEqualTo(2);
        assertThat(members(id)).containsExactly("s1", "s3");
    }

    @Test
    void a_csv_body_becomes_a_static_segment_named_by_the_query() {
        String csv = "userId,email\ns2,b@example.com\n\"s4\",x\ns2,again\n";

        TestHttp.Response r = server.http().post("/api/segments/import-csv?name=From%20CSV&description=uploaded",
                csv.getBytes(StandardCharsets.UTF_8), TestHttp.bearer(ADMIN_KEY), "Content-Type", "text/csv");

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode segment = r.json();
        assertThat(segment.get("name").asText()).isEqualTo("From CSV");
        assertThat(segment.get("description").asText()).isEqualTo("uploaded");
        assertThat(segment.get("type").asText()).isEqualTo("static");
        assertThat(texts(segment.get("members"))).containsExactly("s2", "s4");
        assertThat(members(segment.get("id").asText())).containsExactly("s2", "s4");
    }

    @Test
    void a_multipart_file_field_becomes_a_static_segment() {
        byte[] form = multipart("user_id\r\ns5\r\ns6\r\n", "Form upload");

        TestHttp.Response r = server.http().post("/api/segments/import-csv", form, TestHttp.bearer(ADMIN_KEY),
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("name").asText()).isEqualTo("Form upload");
        assertThat(texts(r.json().get("members"))).containsExactly("s5", "s6");
    }

    @Test
    void a_csv_replaces_the_members_of_a_static_segment() {
        String id = server.apiPost("/api/segments", "{\"name\": \"Replaced\", \"description\": \"kept\","
                + " \"type\": \"static\", \"members\": [\"s1\"]}").json().get("id").asText();

        TestHttp.Response r = server.http().send("PUT", "/api/segments/" + id + "/members",
                "s5\ns6\ns2\n".getBytes(StandardCharsets.UTF_8), TestHttp.bearer(ADMIN_KEY), "Content-Type", "text/csv");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("Replaced");
        assertThat(r.json().get("description").asText()).isEqualTo("kept");
        assertThat(texts(r.json().get("members"))).containsExactly("s2", "s5", "s6");
        assertThat(members(id)).containsExactly("s2", "s5", "s6");
        TestHttp.Response byForm = server.http().send("PUT", "/api/segments/" + id + "/members",
                multipart("s1\n", null), TestHttp.bearer(ADMIN_KEY),
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        assertThat(byForm.status()).as(byForm.body()).isEqualTo(200);
        assertThat(members(id)).containsExactly("s1");
    }

    @Test
    void the_members_of_a_dynamic_segment_cannot_be_replaced() {
        String id = server.apiPost("/api/segments", "{\"name\": \"Dynamic\", \"filter\": {\"did\": \"A\"}}")
                .json().get("id").asText();

        TestHttp.Response r = server.http().send("PUT", "/api/segments/" + id + "/members",
                "s1\n".getBytes(StandardCharsets.UTF_8), TestHttp.bearer(ADMIN_KEY), "Content-Type", "text/csv");

        assertError(r, 409, "conflict", null);
        assertThat(r.json().get("message").asText()).contains("dynamic");
    }

    @Test
    void a_malformed_csv_is_a_400_naming_the_line_and_nothing_is_stored() {
        int before = server.apiGet("/api/segments").json().get("segments").size();

        TestHttp.Response r = server.http().post("/api/segments/import-csv?name=Broken",
                "userId\ns1\n\"s2\n".getBytes(StandardCharsets.UTF_8), TestHttp.bearer(ADMIN_KEY), "Content-Type", "text/csv");

        assertError(r, 400, "invalid_request", null);
        assertThat(r.json().get("message").asText()).startsWith("CSV line 3:");
        assertThat(server.apiGet("/api/segments").json().get("segments")).hasSize(before);
    }

    @Test
    void an_upload_without_a_name_or_without_a_file_is_a_400() {
        assertError(server.http().post("/api/segments/import-csv", "s1\n".getBytes(StandardCharsets.UTF_8),
                TestHttp.bearer(ADMIN_KEY), "Content-Type", "text/csv"), 400, "invalid_segment", "$.name");
        String noFile = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nNo file\r\n--"
                + BOUNDARY + "--\r\n";
        TestHttp.Response r = server.http().post("/api/segments/import-csv", noFile.getBytes(StandardCharsets.UTF_8),
                TestHttp.bearer(ADMIN_KEY), "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        assertError(r, 400, "invalid_request", null);
        assertThat(r.json().get("message").asText()).contains("file");
    }

    @Test
    void an_upload_over_64_mib_is_a_413() {
        byte[] big = new byte[64 * 1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');

        TestHttp.Response r = server.http().post("/api/segments/import-csv?name=Big", big, TestHttp.bearer(ADMIN_KEY),
                "Content-Type", "text/csv");

        assertError(r, 413, "payload_too_large", null);
    }

    @Test
    void a_member_list_preview_counts_the_ids_that_are_users_now_and_says_why_the_others_are_not() {
        mergeAnonymousInto("m-ann", "m-anon");
        TestHttp.Response r = server.apiPost("/api/segments/preview", "{\"members\": [\"m-ann\", \"s1\", \"m-ann\","
                + " \"m-anon\", \"never-2\", \"never-1\", \"s1\", \"s1\"]}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode answer = r.json();
        assertThat(answer.get("count").asLong()).as("m-ann and s1").isEqualTo(2);
        assertThat(answer.get("asOf").asText()).isNotBlank();
        JsonNode members = answer.get("members");
        assertThat(members.get("listed").asLong()).isEqualTo(8);
        assertThat(members.get("duplicates").asLong()).as("m-ann once more, s1 twice more").isEqualTo(3);
        assertThat(members.get("unknown").asLong()).isEqualTo(2);
        assertThat(members.get("merged").asLong()).isEqualTo(1);
        assertThat(texts(members.get("duplicateSample"))).containsExactly("m-ann", "s1");
        assertThat(texts(members.get("unknownSample"))).containsExactly("never-1", "never-2");
        assertThat(members.get("mergedSample")).hasSize(1);
        assertThat(members.get("mergedSample").get(0).get("id").asText()).isEqualTo("m-anon");
        assertThat(members.get("mergedSample").get(0).get("userId").asText()).isEqualTo("m-ann");
        assertThat(members.get("listed").asLong() - members.get("duplicates").asLong() - members.get("unknown").asLong()
                - members.get("merged").asLong()).as("the count is what is left").isEqualTo(answer.get("count").asLong());
    }

    @Test
    void a_static_segments_count_carries_the_same_breakdown_as_the_preview_of_its_list() {
        mergeAnonymousInto("c-bob", "c-anon");
        String list = "[\"c-bob\", \"c-anon\", \"s2\", \"nobody\"]";
        String id = server.apiPost("/api/segments", "{\"name\": \"Explained\", \"type\": \"static\", \"members\": "
                + list + "}").json().get("id").asText();

        JsonNode count = server.apiGet("/api/segments/" + id + "/count").json();
        JsonNode preview = server.apiPost("/api/segments/preview", "{\"members\": " + list + "}").json();

        assertThat(count.get("count").asLong()).isEqualTo(2).isEqualTo(preview.get("count").asLong());
        assertThat(count.get("count").asLong()).isEqualTo(members(id).size());
        JsonNode members = count.get("members");
        assertThat(members.get("listed").asLong()).isEqualTo(4);
        assertThat(members.get("duplicates").asLong()).isZero();
        assertThat(members.get("unknown").asLong()).isEqualTo(1);
        assertThat(members.get("merged").asLong()).isEqualTo(1);
        assertThat(members).isEqualTo(preview.get("members"));
        String dynamic = server.apiPost("/api/segments", "{\"name\": \"Dynamic\", \"filter\": {\"did\": \"A\"}}")
                .json().get("id").asText();
        assertThat(server.apiGet("/api/segments/" + dynamic + "/count").json().has("members"))
                .as("only a static segment has a list to explain").isFalse();
    }

    @Test
    void a_member_list_preview_names_what_is_wrong_and_where() {
        assertError(server.apiPost("/api/segments/preview", "{\"members\": \"s1\"}"), 400, "invalid_segment",
                "$.members");
        assertError(server.apiPost("/api/segments/preview", "{\"members\": [\"s1\", 7]}"), 400, "invalid_segment",
                "$.members[1]");
        assertError(server.apiPost("/api/segments/preview", "{\"members\": [\"s1\", \"\"]}"), 400, "invalid_segment",
                "$.members[1]");
        TestHttp.Response both = server.apiPost("/api/segments/preview",
                "{\"members\": [\"s1\"], \"filter\": {\"did\": \"A\"}}");
        assertError(both, 400, "invalid_request", "$.members");
        assertThat(both.json().get("message").asText()).contains("filter").contains("members");
        assertError(server.apiPost("/api/segments/preview", "{\"members\": [\"s1\"], \"top\": 3}"), 400,
                "invalid_request", "$.top");
    }

    @Test
    void a_member_list_preview_may_be_as_large_as_a_segment_body() {
        StringBuilder body = new StringBuilder("{\"members\": [");
        int ids = 120_000;
        for (int i = 0; i < ids; i++) {
            body.append(i == 0 ? "" : ",").append("\"bulk-").append(i).append('"');
        }
        assertThat(body.length()).as("more than a filter preview may hold").isGreaterThan(1024 * 1024);

        TestHttp.Response r = server.apiPost("/api/segments/preview", body.append("]}").toString());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("members").get("listed").asLong()).isEqualTo(ids);
        assertThat(r.json().get("members").get("unknown").asLong()).isEqualTo(ids);
        assertThat(r.json().get("members").get("unknownSample")).hasSize(10);
        assertThat(r.json().get("count").asLong()).isZero();
    }

    /** {@code userId} identified, then seen as {@code anonymousId} alone, then both in one message: merged. */
    private static void mergeAnonymousInto(String userId, String anonymousId) {
        assertThat(server.ingest("/v1/identify", "{\"userId\": \"" + userId + "\"}").status()).isEqualTo(200);
        assertThat(server.ingest("/v1/track", "{\"anonymousId\": \"" + anonymousId + "\", \"event\": \"Viewed\"}")
                .status()).isEqualTo(200);
        assertThat(server.ingest("/v1/identify", "{\"userId\": \"" + userId + "\", \"anonymousId\": \"" + anonymousId
                + "\"}").status()).isEqualTo(200);
        assertThat(server.apiGet("/api/users/" + anonymousId).json().get("userId").asText()).isEqualTo(userId);
    }

    private static final String BOUNDARY = "segments-test-boundary";

    /** A multipart form with the CSV as field {@code file} and, when given, a {@code name} field. */
    private static byte[] multipart(String csv, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        if (name != null) {
            head.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n")
                    .append(name).append("\r\n");
        }
        head.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"members.csv\"\r\nContent-Type: text/csv\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(csv.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static long count(String id) {
        return server.apiGet("/api/segments/" + id + "/count").json().get("count").asLong();
    }

    private static List<String> members(String id) {
        return texts(server.apiGet("/api/segments/" + id + "/members").json().get("members"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}

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

package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The segment resource over HTTP: create, read, list, update, delete, clone, with the definition checked on
 * every save ({@code invalid_segment} with the JSON path, unknown and cyclic {@code inSegment}) and deletion
 * refused while another segment uses the segment.
 */
class SegmentsApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final String TV_FILTER = "{\"did\": \"Charged\", \"when\": {\"last\": \"10d\"},"
            + " \"where\": [{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}]}";

    @Test
    void a_created_segment_is_answered_201_with_its_id_and_times_and_can_be_read_back() {
        TestHttp.Response r = server.apiPost("/api/segments", "{\"name\": \"TV buyers\", \"description\": \"recent\","
                + " \"filter\": " + TV_FILTER + "}");

        assertThat(r.status()).isEqualTo(201);
        JsonNode created = r.json();
        String id = created.get("id").asText();
        assertThat(id).startsWith("sgm_");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/segments/" + id);
        assertThat(created.get("name").asText()).isEqualTo("TV buyers");
        assertThat(created.get("description").asText()).isEqualTo("recent");
        assertThat(created.get("type").asText()).isEqualTo("dynamic");
        assertThat(created.get("filter")).isEqualTo(canonical(TV_FILTER));
        Instant createdAt = Instant.parse(created.get("createdAt").asText());
        assertThat(createdAt).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(created.get("updatedAt").asText()).isEqualTo(created.get("createdAt").asText());
        TestHttp.Response read = server.apiGet("/api/segments/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created);
    }

    @Test
    void server_assigned_fields_in_a_body_are_ignored() {
        JsonNode created = server.apiPost("/api/segments", "{\"id\": \"sgm_mine\", \"name\": \"Mine\","
                + " \"createdAt\": \"2001-01-01T00:00:00Z\", \"filter\": {\"did\": \"A\"}}").json();

        assertThat(created.get("id").asText()).isNotEqualTo("sgm_mine");
        assertThat(created.get("createdAt").asText()).isNotEqualTo("2001-01-01T00:00:00Z");
    }

    @Test
    void the_list_is_newest_first_and_filtered_by_a_case_insensitive_substring_of_the_name() {
        String a = create("Alpha listcheck apples", "{\"did\": \"A\"}");
        String b = create("beta LISTCHECK pears", "{\"did\": \"B\"}");
        String c = create("gamma ListCheck apples", "{\"did\": \"C\"}");
        create("delta unrelated", "{\"did\": \"D\"}");

        assertThat(ids(server.apiGet("/api/segments?q=listcheck").json())).containsExactly(c, b, a);
        assertThat(ids(server.apiGet("/api/segments?q=LISTCHECK%20APPLES").json())).containsExactly(c, a);
        assertThat(ids(server.apiGet("/api/segments?q=no-such-name-anywhere").json())).isEmpty();
        List<String> all = ids(server.apiGet("/api/segments").json());
        assertThat(all).contains(a, b, c).hasSizeGreaterThanOrEqualTo(4);
        assertThat(all.indexOf(c)).isLessThan(all.indexOf(b));
        assertThat(all.indexOf(b)).isLessThan(all.indexOf(a));
    }

    @Test
    void an_update_replaces_the_definition_and_keeps_the_creation_time() {
        JsonNode created = server.apiPost("/api/segments", "{\"name\": \"Before\", \"filter\": {\"did\": \"A\"}}").json();
        String id = created.get("id").asText();

        TestHttp.Response r = server.apiPut("/api/segments/" + id, "{\"name\": \"After\", \"type\": \"live\","
                + " \"filter\": " + TV_FILTER + "}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(id);
        assertThat(r.json().get("name").asText()).isEqualTo("After");
        assertThat(r.json().get("type").asText()).isEqualTo("live");
        assertThat(r.json().get("filter")).isEqualTo(canonical(TV_FILTER));
        assertThat(r.json().get("createdAt")).isEqualTo(created.get("createdAt"));
        assertThat(Instant.parse(r.json().get("updatedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(created.get("createdAt").asText()));
        assertThat(server.apiGet("/api/segments/" + id).json()).isEqualTo(r.json());
    }

    @Test
    void an_update_whose_body_names_another_segment_is_refused_at_its_id() {
        String id = create("Own id", "{\"did\": \"A\"}");

        TestHttp.Response r = server.apiPut("/api/segments/" + id, "{\"id\": \"sgm_other\", \"name\": \"X\","
                + " \"filter\": {\"did\": \"A\"}}");

        assertError(r, 400, "invalid_segment", "$.id");
        assertThat(server.apiGet("/api/segments/" + id).json().get("name").asText()).isEqualTo("Own id");
    }

    @Test
    void a_deleted_segment_is_gone() {
        String id = create("Short-lived", "{\"did\": \"A\"}");

        TestHttp.Response r = server.apiDelete("/api/segments/" + id);

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertError(server.apiGet("/api/segments/" + id), 404, "not_found", null);
        assertError(server.apiDelete("/api/segments/" + id), 404, "not_found", null);
    }

    @Test
    void a_segment_another_one_uses_cannot_be_deleted_until_that_one_is_gone() {
        String base = create("Base for reference", "{\"did\": \"A\"}");
        String user = create("Uses base", "{\"inSegment\": \"" + base + "\"}");

        TestHttp.Response refused = server.apiDelete("/api/segments/" + base);

        assertError(refused, 409, "conflict", null);
        assertThat(refused.json().get("message").asText()).contains("“Uses base”");
        assertThat(refused.json().get("usedBy").get(0).get("id").asText()).isEqualTo(user);
        assertThat(server.apiGet("/api/segments/" + base).status()).isEqualTo(200);
        assertThat(server.apiDelete("/api/segments/" + user).status()).isEqualTo(204);
        assertThat(server.apiDelete("/api/segments/" + base).status()).isEqualTo(204);
    }

    @Test
    void a_clone_is_a_new_segment_named_copy_of_with_the_same_definition() {
        JsonNode original = server.apiPost("/api/segments", "{\"name\": \"Cloned one\", \"description\": \"d\","
                + " \"type\": \"live\", \"filter\": " + TV_FILTER + "}").json();

        TestHttp.Response r = server.apiPost("/api/segments/" + original.get("id").asText() + "/clone", "");

        assertThat(r.status()).isEqualTo(201);
        JsonNode copy = r.json();
        assertThat(copy.get("id").asText()).startsWith("sgm_").isNotEqualTo(original.get("id").asText());
        assertThat(copy.get("name").asText()).isEqualTo("Copy of Cloned one");
        assertThat(copy.get("description")).isEqualTo(original.get("description"));
        assertThat(copy.get("type")).isEqualTo(original.get("type"));
        assertThat(copy.get("filter")).isEqualTo(original.get("filter"));
        assertThat(server.apiGet("/api/segments/" + copy.get("id").asText()).json()).isEqualTo(copy);
    }

    @Test
    void a_cycle_of_in_segment_references_is_refused_at_save() {
        String a = create("Cycle A", "{\"did\": \"A\"}");
        String b = create("Cycle B", "{\"and\": [{\"did\": \"B\"}, {\"inSegment\": \"" + a + "\"}]}");

        TestHttp.Response r = server.apiPut("/api/segments/" + a, "{\"name\": \"Cycle A\", \"filter\":"
                + " {\"or\": [{\"did\": \"A\"}, {\"inSegment\": \"" + b + "\"}]}}");

        assertError(r, 400, "invalid_segment", "$.filter.or[1].inSegment");
        assertThat(server.apiGet("/api/segments/" + a).json().get("filter")).isEqualTo(canonical("{\"did\": \"A\"}"));
        TestHttp.Response self = server.apiPut("/api/segments/" + a, "{\"name\": \"Cycle A\", \"filter\":"
                + " {\"inSegment\": \"" + a + "\"}}");
        assertError(self, 400, "invalid_segment", "$.filter.inSegment");
    }

    @Test
    void an_unknown_in_segment_reference_is_refused_at_its_path() {
        assertError(server.apiPost("/api/segments", "{\"name\": \"Dangling\", \"filter\": {\"not\":"
                + " {\"inSegment\": \"sgm_nothere\"}}}"), 400, "invalid_segment", "$.filter.not.inSegment");
    }

    @Test
    void an_invalid_definition_is_refused_with_the_path_of_the_first_offending_place() {
        assertError(server.apiPost("/api/segments", "{\"name\": \"Bad window\", \"filter\": {\"and\": [{\"did\": \"A\"},"
                + " {\"did\": \"B\", \"when\": {\"last\": \"10x\"}}]}}"), 400, "invalid_segment", "$.filter.and[1].when.last");
        assertError(server.apiPost("/api/segments", "{\"name\": \"Unknown key\", \"filtr\": {\"did\": \"A\"}}"),
                400, "invalid_segment", "$.filtr");
        assertError(server.apiPost("/api/segments", "{\"name\": \"\", \"filter\": {\"did\": \"A\"}}"),
                400, "invalid_segment", "$.name");
        assertError(server.apiPost("/api/segments", "{\"name\": \"No filter\"}"), 400, "invalid_segment", "$.filter");
        String id = create("Valid before a bad update", "{\"did\": \"A\"}");
        assertError(server.apiPut("/api/segments/" + id, "{\"name\": \"x\", \"filter\": {\"did\": \"A\", \"op\": \"eq\"}}"),
                400, "invalid_segment", "$.filter.op");
    }

    @Test
    void a_body_that_is_not_json_is_a_400() {
        TestHttp.Response r = server.apiPost("/api/segments", "{\"name\": ");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isIn("invalid_segment", "invalid_request");
        assertThat(r.json().get("path").asText()).as("where the text broke off").isEqualTo("$.name");
    }

    @Test
    void every_call_on_an_unknown_segment_is_a_404() {
        String missing = "/api/segments/sgm_missing0";
        List<TestHttp.Response> answers = List.of(
                server.apiGet(missing),
                server.apiPut(missing, "{\"name\": \"x\", \"filter\": {\"did\": \"A\"}}"),
                server.apiDelete(missing),
                server.apiPost(missing + "/clone", ""),
                server.apiGet(missing + "/count"),
                server.apiGet(missing + "/members"),
                server.apiGet(missing + "/members?format=csv"),
                server.apiGet(missing + "/reachability"),
                server.http().send("PUT", missing + "/members", "userId\nu1\n".getBytes(StandardCharsets.UTF_8),
                        TestHttp.bearer(ServerExtension.ADMIN_KEY), "Content-Type", "text/csv"));
        for (TestHttp.Response r : answers) {
            assertError(r, 404, "not_found", null);
            assertThat(r.json().get("message").asText()).contains("sgm_missing0");
        }
    }

    @Test
    void the_segments_api_refuses_a_missing_key_and_the_write_key() {
        String id = create("Guarded", "{\"did\": \"A\"}");
        for (String authorization : new String[]{null, TestHttp.bearer(ServerExtension.WRITE_KEY),
                TestHttp.basic(ServerExtension.WRITE_KEY, "")}) {
            List<TestHttp.Response> answers = List.of(
                    server.http().get("/api/segments", authorization),
                    server.http().post("/api/segments", "{\"name\": \"x\", \"filter\": {\"did\": \"A\"}}", authorization),
                    server.http().get("/api/segments/" + id, authorization),
                    server.http().put("/api/segments/" + id, "{\"name\": \"x\", \"filter\": {\"did\": \"A\"}}", authorization),
                    server.http().delete("/api/segments/" + id, authorization),
                    server.http().post("/api/segments/" + id + "/clone", "", authorization),
                    server.http().post("/api/segments/preview", "{\"filter\": {\"did\": \"A\"}}", authorization),
                    server.http().get("/api/segments/" + id + "/count", authorization),
                    server.http().get("/api/segments/" + id + "/members", authorization),
                    server.http().get("/api/segments/" + id + "/reachability", authorization),
                    server.http().get("/api/users/u1", authorization),
                    server.http().get("/api/catalog/events", authorization),
                    server.http().get("/api/catalog/traits", authorization));
            for (TestHttp.Response r : answers) {
                assertError(r, 401, "unauthorized", null);
            }
        }
        assertThat(server.apiGet("/api/segments/" + id).json().get("name").asText()).isEqualTo("Guarded");
    }

    @Test
    void a_segment_body_over_16_mib_is_a_413() {
        StringBuilder members = new StringBuilder("{\"name\": \"Huge\", \"type\": \"static\", \"members\": [");
        while (members.length() <= 16 * 1024 * 1024) {
            members.append("\"user-with-a-rather-long-identifier-").append(members.length()).append("\",");
        }
        members.append("\"last\"]}");

        TestHttp.Response r = server.apiPost("/api/segments", members.toString());

        assertError(r, 413, "payload_too_large", null);
        assertThat(ids(server.apiGet("/api/segments?q=Huge").json())).isEmpty();
    }

    private static String create(String name, String filter) {
        TestHttp.Response r = server.apiPost("/api/segments", "{\"name\": \"" + name + "\", \"filter\": " + filter + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("segments").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    /** The canonical JSON of a condition, as the server writes it. */
    static JsonNode canonical(String condition) {
        return SegmentJson.toJson(SegmentJson.readCondition(condition, "$"));
    }

    static void assertError(TestHttp.Response r, int status, String code, String path) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
        if (path != null) {
            assertThat(r.json().get("path").asText()).isEqualTo(path);
        }
    }
}

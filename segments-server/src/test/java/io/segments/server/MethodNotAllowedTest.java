package io.segments.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method the route does not take is 405 {@code method_not_allowed} with the methods it takes in {@code Allow};
 * a path no route has is still 404, and keys are checked before either.
 */
class MethodNotAllowedTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static String segment;

    @BeforeAll
    static void create() {
        TestHttp.Response r = server.apiPost("/api/segments", "{\"name\": \"Any\", \"filter\": {\"did\": \"A\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        segment = r.json().get("id").asText();
    }

    /** A request, and the methods its path takes. */
    private record Case(String method, String path, String allowed) {
    }

    @Test
    void a_wrong_method_on_an_existing_route_is_405_with_the_allowed_methods() {
        String s = "/api/segments/" + segment;
        List<Case> cases = List.of(
                new Case("PATCH", s, "DELETE, GET, PUT"),
                new Case("POST", s, "DELETE, GET, PUT"),
                new Case("DELETE", "/api/segments", "GET, POST"),
                new Case("PUT", "/api/segments", "GET, POST"),
                new Case("DELETE", s + "/count", "GET"),
                new Case("POST", s + "/members", "GET, PUT"),
                new Case("POST", s + "/changes", "GET"),
                new Case("GET", "/api/reports/events", "POST"),
                new Case("PUT", "/api/webhooks", "GET, POST"),
                new Case("GET", "/api/import", "POST"));
        for (Case c : cases) {
            TestHttp.Response r = send(c.method(), c.path(), TestHttp.bearer(ServerExtension.ADMIN_KEY));

            assertError(r, 405, "method_not_allowed", null);
            assertThat(r.json().get("message").asText()).as(c.method() + " " + c.path())
                    .startsWith(c.method() + " is not allowed").contains(methods(c.allowed()));
            assertThat(allow(r)).as(c.method() + " " + c.path()).isEqualTo(methods(c.allowed()));
        }
    }

    @Test
    void ingestion_answers_405_for_a_get() {
        TestHttp.Response r = send("GET", "/v1/batch", TestHttp.basic(ServerExtension.WRITE_KEY, ""));

        assertError(r, 405, "method_not_allowed", null);
        assertThat(allow(r)).isEqualTo(methods("POST"));
    }

    @Test
    void paths_without_a_route_are_still_404() {
        for (String path : List.of("/api/nothing-here", "/api/segments/" + segment + "/nothing", "/v1/nothing")) {
            String key = path.startsWith("/v1/") ? TestHttp.basic(ServerExtension.WRITE_KEY, "")
                    : TestHttp.bearer(ServerExtension.ADMIN_KEY);
            for (String method : List.of("GET", "POST", "DELETE")) {
                TestHttp.Response r = send(method, path, key);

                assertError(r, 404, "not_found", null);
                assertThat(r.headers().firstValue("Allow")).as(method + " " + path).isEmpty();
            }
        }
    }

    @Test
    void the_ui_files_are_still_served_and_a_missing_file_is_still_404() {
        TestHttp.Response index = server.http().get("/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("<html");

        assertThat(server.http().get("/no-such-file.js", null).status()).isEqualTo(404);
    }

    @Test
    void the_key_is_checked_before_the_method() {
        assertError(send("PATCH", "/api/segments/" + segment, null), 401, "unauthorized", null);
        assertError(send("GET", "/v1/batch", null), 401, "unauthorized", null);
    }

    private static TestHttp.Response send(String method, String path, String authorization) {
        byte[] body = method.equals("GET") || method.equals("DELETE") ? new byte[0] : "{}".getBytes();
        return server.http().send(method, path, body, authorization, "Content-Type", "application/json");
    }

    private static Set<String> allow(TestHttp.Response r) {
        return methods(r.headers().firstValue("Allow").orElse(""));
    }

    private static Set<String> methods(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(m -> !m.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

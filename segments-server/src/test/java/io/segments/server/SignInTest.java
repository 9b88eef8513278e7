package io.segments.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static io.segments.server.SegmentsApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the web UI: the link printed at start carries a token that {@code POST /api/session} exchanges
 * for the admin key once; a used or unknown token is a 401, and the API stays closed without a key.
 */
class SignInTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    @Test
    void the_token_of_the_link_gives_the_admin_key_once() {
        URI link = server.server().signInLink();
        assertThat(link.toString()).startsWith(server.server().uri() + "/#/signin?token=");
        String token = link.getFragment().substring("/signin?token=".length());

        TestHttp.Response first = server.http().post("/api/session", "{\"token\": \"" + token + "\"}", null);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String adminKey = first.json().get("adminKey").asText();
        assertThat(adminKey).isEqualTo(ServerExtension.ADMIN_KEY);
        assertThat(server.http().get("/api/segments", TestHttp.bearer(adminKey)).status()).isEqualTo(200);
        TestHttp.Response again = server.http().post("/api/session", "{\"token\": \"" + token + "\"}", null);
        assertError(again, 401, "unauthorized", null);
        assertThat(again.json().has("adminKey")).isFalse();
    }

    @Test
    void an_unknown_token_is_a_401_and_a_malformed_request_a_400() {
        assertError(server.http().post("/api/session", "{\"token\": \"st_guessed\"}", null), 401, "unauthorized", null);
        assertError(server.http().post("/api/session", "{}", null), 400, "invalid_request", "$.token");
        assertError(server.http().post("/api/session", "{\"token\": 5}", null), 400, "invalid_request", "$.token");
        assertError(server.http().post("/api/session", "{\"token\": \"t\", \"key\": 1}", null), 400, "invalid_request", "$.key");
        assertError(server.http().post("/api/session", "[]", null), 400, "invalid_request", "$");
    }

    @Test
    void only_the_session_and_the_description_are_open_without_a_key() {
        for (String path : List.of("/api/segments", "/api/imports", "/api/catalog/events", "/api/users/u1")) {
            assertError(server.http().get(path, null), 401, "unauthorized", null);
        }
        assertThat(server.http().get("/api/openapi.json", null).status()).isEqualTo(200);
    }

    @Test
    void serve_prints_the_sign_in_link_after_the_listening_line() throws Exception {
        Path dir = ServerExtension.newTempDir("segments-signin");
        try (ServerProcess process = ServerProcess.start(dir.resolve("data"))) {
            String link = awaitLine(process, "sign in");
            List<String> lines = process.output().lines().toList();
            int listening = indexOf(lines, "listening on ");
            int signIn = indexOf(lines, "sign in");
            assertThat(listening).isNotNegative().isLessThan(signIn);
            assertThat(lines.get(listening)).isEqualTo("listening on " + process.uri());
            String url = link.substring(link.indexOf("http://"));
            assertThat(url).startsWith(process.uri() + "/#/signin?token=");
            String token = url.substring(url.indexOf("token=") + "token=".length());
            TestHttp http = new TestHttp(process.uri());
            TestHttp.Response r = http.post("/api/session", "{\"token\": \"" + token + "\"}", null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("adminKey").asText()).isEqualTo(ServerExtension.ADMIN_KEY);
            assertThat(process.terminate(60)).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);
        } finally {
            ServerExtension.deleteRecursively(dir);
        }
    }

    private static String awaitLine(ServerProcess process, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : process.output().lines().toList()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 30 s:\n" + process.output());
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}

package io.segments.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static io.segments.server.ServerExtension.ADMIN_KEY;
import static io.segments.server.ServerExtension.WRITE_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The key matrix: {@code /v1/*} takes the write key (HTTP Basic user with an empty password, or Bearer);
 * {@code /api/*} takes only {@code Bearer <admin key>}. Each key opens its own prefix only.
 */
class AuthTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private static final String TRACK = "{\"userId\": \"auth-user\", \"event\": \"A\"}";

    static Stream<Arguments> ingestion() {
        return Stream.of(
                arguments("no Authorization header", null, 401),
                arguments("Basic write key, empty password", TestHttp.basic(WRITE_KEY, ""), 200),
                arguments("Basic write key without colon", "Basic " + b64(WRITE_KEY), 200),
                arguments("Bearer write key", TestHttp.bearer(WRITE_KEY), 200),
                arguments("lower-case scheme", "bearer " + WRITE_KEY, 200),
                arguments("Basic wrong key", TestHttp.basic("wk_wrong", ""), 401),
                arguments("Basic write key with a password", TestHttp.basic(WRITE_KEY, "secret"), 401),
                arguments("Basic write key as password", TestHttp.basic("", WRITE_KEY), 401),
                arguments("Bearer wrong key", TestHttp.bearer("wk_wrong"), 401),
                arguments("Basic admin key", TestHttp.basic(ADMIN_KEY, ""), 401),
                arguments("Bearer admin key", TestHttp.bearer(ADMIN_KEY), 401),
                arguments("Basic not base64", "Basic %%%", 401),
                arguments("another scheme", "Token " + WRITE_KEY, 401),
                arguments("empty Bearer", "Bearer ", 401));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("ingestion")
    void ingestion_takes_the_write_key_only(String what, String authorization, int status) {
        long before = server.storedRows();

        TestHttp.Response r = server.http().post("/v1/track", TRACK, authorization);

        assertThat(r.status()).as(what).isEqualTo(status);
        if (status == 401) {
            assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(r.json().get("message").asText()).isNotBlank();
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(server.storedRows()).as("a refused request stores nothing").isEqualTo(before);
        } else {
            assertThat(r.json().get("success").asBoolean()).isTrue();
        }
    }

    static Stream<Arguments> api() {
        return Stream.of(
                arguments("no Authorization header", null, 401),
                arguments("Bearer admin key", TestHttp.bearer(ADMIN_KEY), 200),
                arguments("Bearer write key", TestHttp.bearer(WRITE_KEY), 401),
                arguments("Basic write key", TestHttp.basic(WRITE_KEY, ""), 401),
                arguments("Basic admin key", TestHttp.basic(ADMIN_KEY, ""), 401),
                arguments("Bearer wrong key", TestHttp.bearer("ak_wrong"), 401),
                arguments("Bearer admin key with a suffix", TestHttp.bearer(ADMIN_KEY + "x"), 401),
                arguments("Bearer admin key prefix", TestHttp.bearer(ADMIN_KEY.substring(0, 5)), 401));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("api")
    void the_api_takes_the_admin_key_only(String what, String authorization, int status) {
        TestHttp.Response r = server.http().get("/api/imports", authorization);

        assertThat(r.status()).as(what).isEqualTo(status);
        if (status == 401) {
            assertThat(r.json().get("error").asText()).isEqualTo("unauthorized");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        } else {
            assertThat(r.json().has("imports")).isTrue();
        }
    }

    @Test
    void an_unknown_api_path_without_a_key_is_401_not_404() {
        assertThat(server.http().get("/api/no-such-thing", null).status()).isEqualTo(401);
        assertThat(server.http().get("/api/no-such-thing", TestHttp.bearer(ADMIN_KEY)).status()).isEqualTo(404);
    }

    @Test
    void the_write_key_cannot_start_an_import() {
        long before = server.storedRows();

        TestHttp.Response r = server.http().post("/api/import", TRACK.replace("{", "{\"type\": \"track\", "),
                TestHttp.bearer(WRITE_KEY));

        assertThat(r.status()).isEqualTo(401);
        assertThat(server.storedRows()).isEqualTo(before);
    }

    @Test
    void health_needs_no_key_and_ignores_a_wrong_one() {
        assertThat(server.http().get("/health", null).status()).isEqualTo(200);
        assertThat(server.http().get("/health", TestHttp.bearer("nonsense")).status()).isEqualTo(200);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

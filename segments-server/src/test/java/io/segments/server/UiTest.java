package io.segments.server;

import io.segments.ui.UiAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI is served at {@code /} without a key, Chart.js from its WebJar under {@code /webjars/}. */
class UiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void the_index_is_served_at_the_root_without_a_key() throws IOException {
        TestHttp.Response r = server.http().get("/", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body()).isEqualTo(resource(UiAssets.INDEX));
        assertThat(server.http().get("/index.html", null).body()).isEqualTo(r.body());
    }

    @Test
    void scripts_and_styles_are_served_with_their_types() throws IOException {
        TestHttp.Response js = server.http().get("/js/app.js", null);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(js.body()).isEqualTo(resource(UiAssets.resourceFor("/js/app.js")));
        TestHttp.Response css = server.http().get("/css/app.css", null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
    }

    @Test
    void chart_js_is_served_from_its_webjar() throws IOException {
        TestHttp.Response r = server.http().get(UiAssets.CHART_JS, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(resource(UiAssets.resourceFor(UiAssets.CHART_JS)));
    }

    @Test
    void a_missing_file_is_a_json_404_and_the_api_stays_closed() {
        TestHttp.Response missing = server.http().get("/no-such-file.js", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
        assertThat(server.http().get("/api/segments", null).status()).isEqualTo(401);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UiAssets.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

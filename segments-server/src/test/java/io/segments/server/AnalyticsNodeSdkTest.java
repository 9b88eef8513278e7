package io.segments.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.eval.Profile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Segment Node SDK ({@code @segment/analytics-node}, installed from the npm registry into
 * {@code target/sdk-node}) sends identify, track, page, screen and alias to the server; exactly those events and
 * traits are stored, and sending the same messages again stores nothing more. Needs node and npm (fails without).
 */
class AnalyticsNodeSdkTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    private static String node;
    private static Path sdkDir;

    @BeforeAll
    static void installSdk() throws IOException {
        node = ExternalProcess.require("node", "the SDK compatibility test runs the Segment Node SDK");
        String npm = ExternalProcess.require("npm", "the SDK compatibility test installs the Segment Node SDK");
        Path resources = Path.of(System.getProperty("segments.test.resources", "src/test/resources"), "sdk");
        sdkDir = Path.of(System.getProperty("segments.test.workdir", "target"), "sdk-node");
        Files.createDirectories(sdkDir);
        for (String file : List.of("package.json", "send-events.js")) {
            Files.copy(resources.resolve(file), sdkDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(sdkDir.resolve("node_modules/@segment/analytics-node/package.json"))) {
            ExternalProcess.Result install = ExternalProcess.run(
                    List.of(npm, "install", "--no-audit", "--no-fund", "--no-package-lock"), sdkDir, Map.of(), 300);
            assertThat(install.exitCode()).as("npm install failed:\n" + install.output()).isZero();
        }
    }

    private ExternalProcess.Result sendThroughSdk() {
        return ExternalProcess.run(List.of(node, "send-events.js"), sdkDir, Map.of(
                "SEGMENTS_URL", server.server().uri().toString(),
                "SEGMENTS_WRITE_KEY", ServerExtension.WRITE_KEY), 120);
    }

    @Test
    void the_sdk_calls_are_stored_exactly_and_a_resend_does_not_duplicate() throws IOException {
        long started = System.currentTimeMillis();
        ExternalProcess.Result first = sendThroughSdk();
        long transit = System.currentTimeMillis() - started;

        assertThat(first.exitCode()).as("SDK run failed:\n" + first.output()).isZero();
        assertThat(first.output()).contains("\"status\":200").doesNotContain("\"status\":4", "\"status\":5");

        // events: the screen view came from anon-sdk-2, which the alias merged into sdk-user-1
        List<Map<String, Object>> events = server.events();
        assertThat(events).extracting(e -> e.get("user_id")).containsOnly("sdk-user-1");
        assertThat(events).extracting(e -> e.get("name")).containsExactly("Order Completed", "Page Viewed", "Screen Viewed");
        // the SDK says when it sent each batch (sentAt): the clock-skew correction moves each timestamp by the time
        // from sending to receipt, a few milliseconds on this machine, never more than the run took
        List<Long> sent = List.of(IngestionTest.millis("2026-11-01T10:05:00Z"), IngestionTest.millis("2026-11-01T10:06:00Z"),
                IngestionTest.millis("2026-11-01T10:07:00Z"));
        for (int i = 0; i < sent.size(); i++) {
            assertThat((Long) events.get(i).get("ts")).as("stored time of " + events.get(i).get("name"))
                    .isBetween(sent.get(i), sent.get(i) + transit);
        }
        assertThat(MAPPER.readTree((String) events.get(0).get("props")))
                .isEqualTo(MAPPER.readTree("{\"revenue\": 42.5, \"currency\": \"EUR\", \"items\": 3}"));
        assertThat(MAPPER.readTree((String) events.get(1).get("props")).get("name").asText()).isEqualTo("Pricing");
        assertThat(MAPPER.readTree((String) events.get(1).get("props")).get("path").asText()).isEqualTo("/pricing");
        assertThat(MAPPER.readTree((String) events.get(2).get("props")).get("name").asText()).isEqualTo("Home");
        assertThat(MAPPER.readTree((String) events.get(2).get("props")).get("variant").asText()).isEqualTo("b");

        // profile: identify traits, context.traits, both push tokens; every id the SDK used resolves to the user
        Profile user = server.store().profile("sdk-user-1").orElseThrow();
        assertThat(user.traits()).containsEntry("email", "ada@example.com").containsEntry("plan", "pro")
                .containsEntry("country", "IN").containsEntry("age", 36);
        assertThat(user.pushTokens()).containsExactlyInAnyOrder("push-token-sdk-1", "push-token-sdk-2");
        for (String id : List.of("anon-sdk-1", "anon-sdk-2")) {
            assertThat(server.store().profile(id)).map(Profile::userId).contains("sdk-user-1");
        }
        assertThat(server.count("SELECT count(*) FROM users WHERE merged_into IS NULL")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM message_ids")).isEqualTo(5);

        long rows = server.storedRows();
        ExternalProcess.Result again = sendThroughSdk();

        assertThat(again.exitCode()).as("second SDK run failed:\n" + again.output()).isZero();
        assertThat(server.storedRows()).as("re-sent messageIds are dropped").isEqualTo(rows);
        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(3);
    }
}

package io.segments.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.catalog.ExampleSegments;
import io.segments.model.Segment;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.model.json.SegmentJson;
import io.segments.server.internal.Demo;
import io.segments.store.EventDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data directory, small: it holds the eight example segments, and the server's counts of each, now
 * and as of earlier times, equal the reference evaluator's over the same users and events.
 */
class DemoSegmentsTest {
    private static final Demo.Size SMALL = new Demo.Size(300, 120, 9_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static SegmentsServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        root = ServerExtension.newTempDir("segments-demo-segments");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ServerConfig config = Demo.prepare(ServerConfig.of(root.resolve("demo-data"), 0).withHost("127.0.0.1")
                .withAdminKey(ServerExtension.ADMIN_KEY), false, quiet, SMALL);
        server = SegmentsServer.start(config);
        http = new TestHttp(server.uri());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        ServerExtension.deleteRecursively(root);
    }

    @Test
    void the_demo_holds_the_eight_example_segments() {
        JsonNode list = get("/api/segments").get("segments");

        List<String> expected = new ArrayList<>();
        for (Segment example : ExampleSegments.definitions()) {
            expected.add(SegmentJson.write(example.filter().orElseThrow()));
        }
        List<String> filters = new ArrayList<>();
        List<String> names = new ArrayList<>();
        list.forEach(s -> {
            filters.add(SegmentJson.write(SegmentJson.readSegment(s.toString()).filter().orElseThrow()));
            names.add(s.get("name").asText());
        });
        assertThat(list).hasSize(8);
        assertThat(filters).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(names).contains("Abandoned cart", "First-time big buyers in India on Android");
    }

    @Test
    void the_counts_of_the_example_segments_equal_the_reference_evaluator() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Profile> profiles = profiles();
        Map<String, List<Event>> events = events();
        ReferenceEvaluator reference = new ReferenceEvaluator(id -> Optional.empty());
        int nonEmpty = 0;
        for (JsonNode stored : get("/api/segments").get("segments")) {
            Segment segment = SegmentJson.readSegment(stored);
            for (Instant asOf : List.of(now, now.minus(Duration.ofDays(20)))) {
                long expected = profiles.values().stream().filter(p -> reference.isMember(segment, p,
                        events.getOrDefault(p.userId(), List.of()), asOf)).count();

                JsonNode count = get("/api/segments/" + segment.id().orElseThrow() + "/count?asOf=" + asOf);

                assertThat(count.get("count").asLong()).as(segment.name() + " as of " + asOf).isEqualTo(expected);
                if (expected > 0 && asOf.equals(now)) {
                    nonEmpty++;
                }
            }
        }
        assertThat(nonEmpty).as("example segments with members in the demo data").isGreaterThanOrEqualTo(6);
    }

    private static JsonNode get(String path) {
        TestHttp.Response r = http.get(path, TestHttp.bearer(ServerExtension.ADMIN_KEY));
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static Map<String, Profile> profiles() {
        List<String> ids = server.store().withConnection(c -> {
            List<String> list = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT user_id FROM users WHERE merged_into IS NULL");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        });
        Map<String, Profile> profiles = new LinkedHashMap<>();
        for (String id : ids) {
            profiles.put(id, server.store().profile(id).orElseThrow());
        }
        return profiles;
    }

    private static Map<String, List<Event>> events() {
        return server.store().withConnection(c -> {
            Map<String, List<Event>> byUser = new HashMap<>();
            EventDocuments.query(c, d -> "SELECT u.user_id, e.name, e.ts, " + d.columns("e") + " FROM events e"
                    + " JOIN users u ON u.uid = e.uid WHERE u.merged_into IS NULL", List.of(), (rs, d) -> byUser
                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Event(rs.getString(2), rs.getLong(3), d.properties(rs.getString(2), rs, 4))));
            return byUser;
        });
    }

}

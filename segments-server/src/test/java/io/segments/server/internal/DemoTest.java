package io.segments.server.internal;

import io.segments.catalog.ExampleSegments;
import io.segments.catalog.SegmentCatalog;
import io.segments.model.Segment;
import io.segments.server.ServerConfig;
import io.segments.server.ServerExtension;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo data directory: generated and loaded fresh, kept with --keep, never written over foreign content. */
class DemoTest {
    private static final Demo.Size SMALL = new Demo.Size(200, 10, 2_000);

    private final Path root = ServerExtension.newTempDir("segments-demo");
    private final Path dir = root.resolve("demo-data");
    private final PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @AfterEach
    void cleanUp() {
        ServerExtension.deleteRecursively(root);
    }

    @Test
    void a_fresh_demo_directory_holds_the_generated_users_and_events() throws Exception {
        ServerConfig config = Demo.prepare(ServerConfig.of(dir, 0), false, err, SMALL);

        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(Files.readString(dir.resolve(Demo.MARKER)).trim()).isEqualTo("complete");
        long[] counts = counts(dir);
        assertThat(counts[0]).as("users").isBetween(150L, 260L);
        assertThat(counts[1]).as("events, about the 2,000 asked for").isBetween(1_700L, 2_300L);
        assertThat(counts[2]).as("events in the future").isZero();
    }

    @Test
    void keep_serves_the_existing_data_set_and_otherwise_it_is_made_anew() throws Exception {
        Demo.prepare(ServerConfig.of(dir, 0), false, err, SMALL);
        try (Store store = Store.open(dir)) {
            store.withConnection(c -> c.createStatement().execute(
                    "DELETE FROM events_sorted WHERE uid % 2 = 0; DELETE FROM events_recent WHERE uid % 2 = 0"));
        }
        long[] thinned = counts(dir);

        Demo.prepare(ServerConfig.of(dir, 0), true, err, SMALL);
        assertThat(counts(dir)[1]).as("kept as it was").isEqualTo(thinned[1]);

        Demo.prepare(ServerConfig.of(dir, 0), false, err, SMALL);
        assertThat(counts(dir)[1]).as("generated again").isGreaterThan(thinned[1]);
    }

    @Test
    void the_example_segments_are_created_once_and_kept_with_keep() {
        Demo.prepare(ServerConfig.of(dir, 0), false, err, SMALL);
        Demo.prepare(ServerConfig.of(dir, 0), true, err, SMALL);

        try (Store store = Store.open(dir)) {
            List<String> names = new SegmentCatalog(store).list(Optional.empty()).stream().map(Segment::name).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(
                    ExampleSegments.definitions().stream().map(Segment::name).toList());
        }
    }

    @Test
    void a_directory_with_other_content_is_never_overwritten() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("precious.txt"), "mine");

        assertThatThrownBy(() -> Demo.prepare(ServerConfig.of(dir, 0), false, err, SMALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--data-dir");
        assertThat(Files.readString(dir.resolve("precious.txt"))).isEqualTo("mine");
    }

    /** users (not merged), events, events after now. */
    private static long[] counts(Path dataDir) {
        try (Store store = Store.open(dataDir)) {
            return store.withConnection(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                        SELECT (SELECT count(*) FROM users WHERE merged_into IS NULL), (SELECT count(*) FROM events),
                               (SELECT count(*) FROM events WHERE ts > epoch_ms(now()))""")) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
            });
        }
    }
}

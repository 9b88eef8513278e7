package io.segments.server;

import io.segments.campaigns.DeliveryConfig;
import io.segments.store.EventDocuments;
import io.segments.store.Store;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real server for tests: started in-process on a free port with a fresh temporary data directory, with the
 * keys {@link #WRITE_KEY} and {@link #ADMIN_KEY}. Registered on a static field it serves a whole test class;
 * on an instance field each test gets a fresh server.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServerExtension server = new ServerExtension();
 *
 * @Test
 * void stores_a_track_call() {
 *     assertThat(server.ingest("/v1/track", "{...}").status()).isEqualTo(200);
 *     assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class ServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final String WRITE_KEY = "wk_test_write_key";
    public static final String ADMIN_KEY = "ak_test_admin_key";

    private final Duration changeStreamInterval;
    private long dedupWindow = ServerConfig.DEFAULT_DEDUP_WINDOW;
    private boolean perClass;
    private Path dataDir;
    private SegmentsServer server;
    private TestHttp http;

    /** A server whose change streams look for changes every 5 s. */
    public ServerExtension() {
        this(io.segments.server.internal.PolledChangeStreams.DEFAULT_INTERVAL);
    }

    /** A server whose change streams look for changes every {@code changeStreamInterval}. */
    public ServerExtension(Duration changeStreamInterval) {
        this.changeStreamInterval = changeStreamInterval;
    }

    /** This extension, starting its servers with a deduplication window of {@code messages}. */
    public ServerExtension withDedupWindow(long messages) {
        this.dedupWindow = messages;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void start() {
        dataDir = newTempDir("segments-server-test");
        startOn(dataDir);
    }

    private void startOn(Path dir) {
        server = SegmentsServer.start(ServerConfig.of(dir, 0).withHost("127.0.0.1")
                .withWriteKey(WRITE_KEY).withAdminKey(ADMIN_KEY).withDedupWindow(dedupWindow), DeliveryConfig.fromEnvironment(Map.of()),
                changeStreamInterval);
        http = new TestHttp(server.uri());
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dataDir != null) {
            deleteRecursively(dataDir);
            dataDir = null;
        }
    }

    /** Closes the server and starts a new one on the same data directory (what a restart does). */
    public void restart() {
        server.close();
        startOn(dataDir);
    }

    public SegmentsServer server() {
        return server;
    }

    public Store store() {
        return server.store();
    }

    public Path dataDir() {
        return dataDir;
    }

    public TestHttp http() {
        return http;
    }

    /** POSTs a JSON body to an ingestion endpoint with the write key (HTTP Basic, as SDKs do). */
    public TestHttp.Response ingest(String path, String body) {
        return http.post(path, body, TestHttp.basic(WRITE_KEY, ""));
    }

    /** GETs an {@code /api/} path with the admin key. */
    public TestHttp.Response apiGet(String path) {
        return http.get(path, TestHttp.bearer(ADMIN_KEY));
    }

    /** POSTs to an {@code /api/} path with the admin key. */
    public TestHttp.Response apiPost(String path, String body) {
        return http.post(path, body, TestHttp.bearer(ADMIN_KEY));
    }

    /** PUTs a JSON body to an {@code /api/} path with the admin key. */
    public TestHttp.Response apiPut(String path, String body) {
        return http.put(path, body, TestHttp.bearer(ADMIN_KEY));
    }

    /** DELETEs an {@code /api/} path with the admin key. */
    public TestHttp.Response apiDelete(String path) {
        return http.delete(path, TestHttp.bearer(ADMIN_KEY));
    }

    /** The single number a query answers, e.g. {@code SELECT count(*) FROM events WHERE name = ?}. */
    public long count(String sql, Object... parameters) {
        return store().withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    p.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new AssertionError("no row from " + sql);
                    }
                    return rs.getLong(1);
                }
            }
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind
            .ObjectMapper();

    /**
     * SQL for the text of top-level event property {@code key} of the events row {@code alias} (what
     * {@code alias.props->>'key'} gave when documents held every value), for the slots the store has now.
     */
    public String property(String alias, String key) {
        return "(" + store().withConnection(EventDocuments::read).valueSql(alias, key) + "->>'$')";
    }

    /** Every event as user_id, uid, name, ts and props (the JSON text of its whole properties), in time order. */
    public List<Map<String, Object>> events() {
        return store().withConnection(c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            EventDocuments.query(c, d -> "SELECT u.user_id, e.uid, e.name, e.ts, " + d.columns("e")
                    + " FROM events e JOIN users u ON u.uid = e.uid ORDER BY e.ts, e.name, u.user_id", List.of(),
                    (rs, d) -> {
                        Map<String, Object> row = new java.util.LinkedHashMap<>();
                        row.put("user_id", rs.getString(1));
                        row.put("uid", rs.getInt(2));
                        row.put("name", rs.getString(3));
                        row.put("ts", rs.getLong(4));
                        try {
                            row.put("props", JSON.writeValueAsString(d.properties(rs.getString(3), rs, 5)));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new IllegalStateException(e);
                        }
                        rows.add(row);
                    });
            return rows;
        });
    }

    /** The rows a query answers, each as column label to value. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        return store().withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    p.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Map<String, Object> row = new java.util.LinkedHashMap<>();
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            row.put(rs.getMetaData().getColumnLabel(i), value == null ? null : value instanceof Number
                                    || value instanceof Boolean ? value : value.toString());
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            }
        });
    }

    /** Everything ingestion writes, counted: users, identities, events, push tokens, message ids. */
    public long storedRows() {
        return count("""
                SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM identities) + (SELECT count(*) FROM events)
                     + (SELECT count(*) FROM push_tokens) + (SELECT count(*) FROM message_ids)""");
    }

    /** A new directory under the build's target directory (or the system temporary directory). */
    public static Path newTempDir(String prefix) {
        try {
            String work = System.getProperty("segments.test.workdir");
            if (work != null) {
                Path parent = Path.of(work, "test-data");
                Files.createDirectories(parent);
                return Files.createTempDirectory(parent, prefix);
            }
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

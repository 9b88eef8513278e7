package io.segments.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.bench.postgres.LocalPostgres;
import io.segments.datagen.Generator;
import io.segments.store.Store;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * W6: ingestion with durable acknowledgement of a fixed slice of the data set's messages (the first N), in
 * batches of {@value #BATCH} messages sent by {@value #CLIENTS} concurrent clients, into an empty store or table:
 * <ul>
 *   <li>the engine: {@code POST /v1/batch} to a server child process on a fresh data directory, each request
 *       answered once its messages are durable (as segments-server's {@code IngestBenchmark} does);</li>
 *   <li>PostgreSQL: each batch one transaction of JDBC batch inserts ({@code reWriteBatchedInserts}) committed
 *       with {@code synchronous_commit} on, into {@code ingest_events} and {@code ingest_profiles} (no
 *       indexes);</li>
 *   <li>DuckDB: each batch appended with the appender and committed, into the same two tables of a fresh
 *       database file.</li>
 * </ul>
 * The baselines get the messages already parsed into rows (their JSON parsing is not timed); the engine gets the
 * JSON request bodies. Every system must store the same number of events.
 */
public final class IngestRun {
    public static final int BATCH = 500;
    public static final int CLIENTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the generator writes a message's id and a track message's start (its {@code type} comes first). */
    private static final byte[] MESSAGE_ID = "\"messageId\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRACK = "{\"type\":\"track\"".getBytes(StandardCharsets.UTF_8);

    private IngestRun() {
    }

    /** A message as a row: an event ({@code name} set) or a profile update (identify). */
    record Row(String userId, String anonymousId, String name, long ts, String json, String messageId) {
    }

    /**
     * The slice: request bodies and the same messages as row batches (none for {@link #bodies}); how many messages
     * and track events.
     */
    public record Slice(List<byte[]> bodies, List<List<Row>> batches, long messages, long events) {
    }

    /**
     * One ingestion: how long it took, how long its second half took (from the moment half of the batches were
     * acknowledged: the steady state, after the start-up of a fresh system), and how many events it stored.
     */
    public record Ingested(double seconds, double secondHalfSeconds, long eventsStored) {
    }

    /** How long sending took, in all and from the moment half of the batches were done. */
    public record Elapsed(double seconds, double secondHalfSeconds) {
    }

    /** The first {@code messages} messages of {@code generator} (in time order). */
    public static Slice slice(Generator generator, int messages) {
        return slice(generator, messages, true, "");
    }

    /**
     * The first {@code messages} messages of {@code generator} as request bodies only (no rows), every messageId
     * written with {@code messageIdPrefix} in front: another data set's messages of the same users, with ids of
     * their own.
     */
    public static Slice bodies(Generator generator, int messages, String messageIdPrefix) {
        if (!messageIdPrefix.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("a messageId prefix of letters, digits and '-', not '"
                    + messageIdPrefix + "'");
        }
        return slice(generator, messages, false, messageIdPrefix);
    }

    private static Slice slice(Generator generator, int messages, boolean withRows, String messageIdPrefix) {
        byte[] prefix = messageIdPrefix.getBytes(StandardCharsets.UTF_8);
        List<byte[]> bodies = new ArrayList<>();
        List<List<Row>> batches = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Row> rows = new ArrayList<>();
        long[] counts = new long[2];
        int[] inBatch = new int[1];
        class Enough extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Enough() {
                super(null, null, false, false);
            }
        }
        try {
            generator.forEachJson((bytes, offset, length) -> {
                if (counts[0] == messages) {
                    throw new Enough();
                }
                body.write(inBatch[0] == 0 ? '[' : ',');
                int id = prefix.length == 0 ? -1 : indexOf(bytes, offset, length, MESSAGE_ID);
                if (id < 0) {
                    body.write(bytes, offset, length);
                } else {
                    int cut = id + MESSAGE_ID.length;
                    body.write(bytes, offset, cut - offset);
                    body.write(prefix, 0, prefix.length);
                    body.write(bytes, cut, offset + length - cut);
                }
                boolean track;
                if (withRows) {
                    Row row = row(bytes, offset, length);
                    rows.add(row);
                    track = row.name() != null;
                } else {
                    track = indexOf(bytes, offset, Math.min(length, TRACK.length), TRACK) == offset;
                }
                counts[0]++;
                if (track) {
                    counts[1]++;
                }
                if (++inBatch[0] == BATCH) {
                    flush(body, rows, bodies, batches);
                    inBatch[0] = 0;
                }
            });
        } catch (Enough enough) {
            // the slice is complete
        }
        if (inBatch[0] > 0) {
            flush(body, rows, bodies, batches);
        }
        return new Slice(bodies, withRows ? batches : List.of(), counts[0], counts[1]);
    }

    /** Where {@code what} starts in {@code bytes[offset, offset + length)}, or -1. */
    private static int indexOf(byte[] bytes, int offset, int length, byte[] what) {
        outer:
        for (int i = offset; i + what.length <= offset + length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void flush(ByteArrayOutputStream body, List<Row> rows, List<byte[]> bodies, List<List<Row>> batches) {
        byte[] prefix = "{\"batch\":".getBytes(StandardCharsets.UTF_8);
        byte[] content = body.toByteArray();
        byte[] all = new byte[prefix.length + content.length + 2];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(content, 0, all, prefix.length, content.length);
        all[all.length - 2] = ']';
        all[all.length - 1] = '}';
        bodies.add(all);
        batches.add(List.copyOf(rows));
        body.reset();
        rows.clear();
    }

    private static Row row(byte[] bytes, int offset, int length) {
        try {
            JsonNode m = JSON.readTree(bytes, offset, length);
            boolean track = m.path("type").asText().equals("track");
            return new Row(text(m, "userId"), text(m, "anonymousId"), track ? m.path("event").asText() : null,
                    Instant.parse(m.path("timestamp").asText()).toEpochMilli(),
                    JSON.writeValueAsString(track ? m.path("properties") : m.path("traits")), m.path("messageId").asText());
        } catch (IOException e) {
            throw new IllegalStateException("a generated message is not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode m, String field) {
        JsonNode value = m.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The engine: the slice POSTed to a fresh server on {@code dataDir}; events counted after it stopped. */
    public static Ingested http(Slice slice, Path jar, Path dataDir, String heap, Path log) throws Exception {
        Dirs.delete(dataDir);
        Elapsed elapsed;
        try (ServerProcess server = ServerProcess.start(jar, dataDir, heap, log)) {
            elapsed = post(slice.bodies(), server.uri());
        }
        long stored;
        try (Connection c = BaselineTables.duckdb(dataDir.resolve(Store.FILE_NAME), true)) {
            stored = Sql.value(c, "SELECT count(*) FROM events");
        }
        Dirs.delete(dataDir);
        return new Ingested(elapsed.seconds(), elapsed.secondHalfSeconds(), stored);
    }

    /**
     * POSTs {@code bodies} to {@code /v1/batch} of the server at {@code server} from {@value #CLIENTS} clients, each
     * sending its next body once the previous one is durable (answered 200); answers how long it took.
     */
    public static Elapsed post(List<byte[]> bodies, URI server) throws Exception {
        URI uri = server.resolve("/v1/batch");
        String auth = "Basic " + Base64.getEncoder().encodeToString((ServerProcess.WRITE_KEY + ":")
                .getBytes(StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return concurrently(bodies.size(), () -> null, (ignored, i) -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST /v1/batch answered " + response.statusCode() + ": "
                        + response.body());
            }
        });
    }

    /** PostgreSQL: one transaction per batch, into freshly created tables (dropped afterwards). */
    public static Ingested postgres(Slice slice, LocalPostgres pg) throws Exception {
        try (Connection c = pg.connect()) {
            Sql.execute(c, "DROP TABLE IF EXISTS ingest_events", "DROP TABLE IF EXISTS ingest_profiles", """
                    CREATE TABLE ingest_events (user_id text, anonymous_id text, name text NOT NULL, ts bigint NOT NULL,
                                                props jsonb NOT NULL, message_id text NOT NULL)""", """
                    CREATE TABLE ingest_profiles (user_id text, anonymous_id text, ts bigint NOT NULL,
                                                  traits jsonb NOT NULL, message_id text NOT NULL)""");
        }
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", "true");
        List<Connection> connections = new ArrayList<>();
        Elapsed elapsed;
        try {
            elapsed = concurrently(slice.batches().size(), () -> {
                Connection c = pg.connect(properties);
                c.setAutoCommit(false);
                synchronized (connections) {
                    connections.add(c);
                }
                return c;
            }, (c, i) -> {
                try (PreparedStatement events = c.prepareStatement(
                        "INSERT INTO ingest_events VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?)");
                     PreparedStatement profiles = c.prepareStatement(
                             "INSERT INTO ingest_profiles VALUES (?, ?, ?, CAST(? AS jsonb), ?)")) {
                    boolean anyEvent = false;
                    boolean anyProfile = false;
                    for (Row r : slice.batches().get(i)) {
                        if (r.name() != null) {
                            events.setString(1, r.userId());
                            events.setString(2, r.anonymousId());
                            events.setString(3, r.name());
                            events.setLong(4, r.ts());
                            events.setString(5, r.json());
                            events.setString(6, r.messageId());
                            events.addBatch();
                            anyEvent = true;
                        } else {
                            profiles.setString(1, r.userId());
                            profiles.setString(2, r.anonymousId());
                            profiles.setLong(3, r.ts());
                            profiles.setString(4, r.json());
                            profiles.setString(5, r.messageId());
                            profiles.addBatch();
                            anyProfile = true;
                        }
                    }
                    if (anyEvent) {
                        events.executeBatch();
                    }
                    if (anyProfile) {
                        profiles.executeBatch();
                    }
                }
                c.commit();
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        try (Connection c = pg.connect()) {
            long stored = Sql.value(c, "SELECT count(*) FROM ingest_events");
            Sql.execute(c, "DROP TABLE ingest_events", "DROP TABLE ingest_profiles");
            return new Ingested(elapsed.seconds(), elapsed.secondHalfSeconds(), stored);
        }
    }

    /** DuckDB: one appender and commit per batch, into a fresh database file (deleted afterwards). */
    public static Ingested duckdb(Slice slice, Path file) throws Exception {
        Dirs.delete(file);
        Dirs.delete(file.resolveSibling(file.getFileName() + ".wal"));
        long stored;
        Elapsed elapsed;
        try (DuckDBConnection root = (DuckDBConnection) BaselineTables.duckdb(file, false)) {
            Sql.execute(root, """
                    CREATE TABLE ingest_events (user_id VARCHAR, anonymous_id VARCHAR, name VARCHAR NOT NULL,
                                                ts BIGINT NOT NULL, props JSON NOT NULL, message_id VARCHAR NOT NULL)""", """
                    CREATE TABLE ingest_profiles (user_id VARCHAR, anonymous_id VARCHAR, ts BIGINT NOT NULL,
                                                  traits JSON NOT NULL, message_id VARCHAR NOT NULL)""");
            List<Connection> connections = new ArrayList<>();
            try {
                elapsed = concurrently(slice.batches().size(), () -> {
                    DuckDBConnection c = (DuckDBConnection) root.duplicate();
                    c.setAutoCommit(false);
                    synchronized (connections) {
                        connections.add(c);
                    }
                    return c;
                }, (c, i) -> {
                    DuckDBConnection d = (DuckDBConnection) c;
                    try (DuckDBAppender events = d.createAppender("main", "ingest_events");
                         DuckDBAppender profiles = d.createAppender("main", "ingest_profiles")) {
                        for (Row r : slice.batches().get(i)) {
                            if (r.name() != null) {
                                events.beginRow();
                                nullable(events, r.userId());
                                nullable(events, r.anonymousId());
                                events.append(r.name()).append(r.ts()).append(r.json()).append(r.messageId()).endRow();
                            } else {
                                profiles.beginRow();
                                nullable(profiles, r.userId());
                                nullable(profiles, r.anonymousId());
                                profiles.append(r.ts()).append(r.json()).append(r.messageId()).endRow();
                            }
                        }
                    }
                    c.commit();
                });
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
            stored = Sql.value(root, "SELECT count(*) FROM ingest_events");
        }
        Dirs.delete(file);
        Dirs.delete(file.resolveSibling(file.getFileName() + ".wal"));
        return new Ingested(elapsed.seconds(), elapsed.secondHalfSeconds(), stored);
    }

    private static void nullable(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    private interface Setup<C> {
        C open() throws Exception;
    }

    private interface Send<C> {
        void send(C client, int batch) throws Exception;
    }

    /** Sends batches {@code 0..count-1} from {@value #CLIENTS} threads; answers the time until all are done. */
    private static <C> Elapsed concurrently(int count, Setup<C> setup, Send<C> send) throws Exception {
        List<C> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            clients.add(setup.open());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong half = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < CLIENTS; t++) {
            C client = clients.get(t);
            Thread thread = new Thread(() -> {
                int i;
                while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                    try {
                        send.send(client, i);
                        if (done.incrementAndGet() == count / 2) {
                            half.set(System.nanoTime());
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "bench-ingest-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long end = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("ingestion: a client failed: " + failure.get(), failure.get());
        }
        return new Elapsed((end - start) / 1e9, (end - (half.get() == 0 ? start : half.get())) / 1e9);
    }
}

package io.segments.store.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.datagen.GenerationSummary;
import io.segments.datagen.Generator;
import io.segments.store.Ingestor;
import io.segments.store.Message;
import io.segments.store.MessageParser;
import io.segments.store.Store;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sustained durable ingestion throughput on generated e-commerce data, against a baseline on the same
 * data in the same run.
 *
 * <ul>
 *   <li>baseline: parse each line, append the events to a bare table with DuckDB's appender, one commit
 *       per 50,000 rows: no idempotency, no id dictionary, no profiles;</li>
 *   <li>ingestor: parse each line, submit batches of {@code batchSize} messages (as SDKs post them),
 *       at most 200 batches in flight (like concurrent HTTP requests), until every batch is
 *       acknowledged (durable).</li>
 * </ul>
 * Wall time depends on what else runs on the machine; CPU time (the whole process, and the writer
 * thread alone) much less. Then reopens the store and reports how long loading the ingestion state takes.
 *
 * <p>Run: {@code mvn -o -q -pl segments-store test-compile
 * org.codehaus.mojo:exec-maven-plugin:3.6.4:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.segments.store.bench.IngestBenchmark -Dexec.args="2000000 100000 100"}
 * (events, users, messages per batch).
 */
public final class IngestBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What one run measured. */
    public record Report(GenerationSummary data, long lines, double baselineSeconds, double baselineCpuSeconds,
                         double ingestSeconds, double ingestCpuSeconds, double writerCpuSeconds,
                         long eventsStored, long usersStored,
                         long commits, double reopenSeconds) {
        public double baselineEventsPerSecond() {
            return data.tracks() / baselineSeconds;
        }

        public double ingestEventsPerSecond() {
            return data.tracks() / ingestSeconds;
        }

        @Override
        public String toString() {
            return String.format("""
                    data: %,d messages (%,d events, %,d identifies), %,d users, %,d bytes of NDJSON
                                                     wall                          CPU (all threads)
                    baseline (parse + bare appender):  %6.2f s  %,10.0f events/s   %6.2f s  %,10.0f events/CPU-s
                    ingestor (durable, group commit):  %6.2f s  %,10.0f events/s   %6.2f s  %,10.0f events/CPU-s
                    ingestor / baseline:               %6.2f                        %6.2f
                    the writer thread alone:                                      %6.2f s  %,10.0f events/CPU-s
                      %,d commits, %,.0f messages per commit
                    reopen and load ingestion state:   %6.2f s""",
                    data.messages(), data.tracks(), data.identifies(), data.users(), data.bytes(),
                    baselineSeconds, baselineEventsPerSecond(), baselineCpuSeconds, data.tracks() / baselineCpuSeconds,
                    ingestSeconds, ingestEventsPerSecond(), ingestCpuSeconds, data.tracks() / ingestCpuSeconds,
                    ingestEventsPerSecond() / baselineEventsPerSecond(), baselineCpuSeconds / ingestCpuSeconds,
                    writerCpuSeconds, data.tracks() / writerCpuSeconds,
                    commits, (double) lines / commits, reopenSeconds);
        }
    }

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path work = Files.createTempDirectory("segments-ingest-bench");
        try {
            System.out.println(run(work, events, users, batchSize));
        } finally {
            deleteRecursively(work);
        }
    }

    public static Report run(Path work, long events, int users, int batchSize) throws Exception {
        Path file = work.resolve("messages.ndjson");
        GenerationSummary summary;
        try (OutputStream out = Files.newOutputStream(file)) {
            summary = Generator.builder().seed(7).users(users).days(60).totalEvents(events).build().writeNdjson(out);
        }
        MessageParser parser = new MessageParser();
        long receivedAt = System.currentTimeMillis();

        long cpu = cpuNanos();
        double baseline = baseline(work.resolve("baseline"), file, parser, receivedAt);
        double baselineCpu = (cpuNanos() - cpu) / 1e9;

        long lines = 0;
        long started = System.nanoTime();
        cpu = cpuNanos();
        long commits;
        double writerCpu;
        try (Store store = Store.open(work.resolve("data"))) {
            Ingestor ingestor = store.ingestor();
            ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
            List<Message> batch = new ArrayList<>(batchSize);
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines++;
                    batch.add(parser.parse(MAPPER.readTree(line), receivedAt, "$"));
                    if (batch.size() == batchSize) {
                        inFlight.add(ingestor.submit(batch));
                        batch = new ArrayList<>(batchSize);
                        while (inFlight.size() > 200 || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
                            inFlight.poll().get();
                        }
                    }
                }
            }
            inFlight.add(ingestor.submit(batch));
            for (CompletableFuture<Void> ack : inFlight) {
                ack.get();
            }
            commits = ingestor.stats().commits();
            writerCpu = writerCpuNanos() / 1e9;
        }
        double ingest = (System.nanoTime() - started) / 1e9;
        double ingestCpu = (cpuNanos() - cpu) / 1e9;

        started = System.nanoTime();
        long eventsStored;
        long usersStored;
        try (Store store = Store.open(work.resolve("data"))) {
            store.ingestor();
            double reopen = (System.nanoTime() - started) / 1e9;
            eventsStored = count(store, "SELECT count(*) FROM events");
            usersStored = count(store, "SELECT count(*) FROM users WHERE merged_into IS NULL");
            return new Report(summary, lines, baseline, baselineCpu, ingest, ingestCpu, writerCpu, eventsStored, usersStored, commits, reopen);
        }
    }

    private static double baseline(Path dir, Path file, MessageParser parser, long receivedAt) throws Exception {
        long started = System.nanoTime();
        try (Store store = Store.open(dir); Connection c = store.connect()) {
            DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
            try (Statement s = duck.createStatement()) {
                s.execute("CREATE TABLE bare_events (uid INTEGER, name VARCHAR, ts BIGINT, props JSON, message_id VARCHAR)");
            }
            Map<String, Integer> uids = new HashMap<>();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int rows = 0;
                begin(duck);
                DuckDBAppender a = duck.createAppender("main", "bare_events");
                while ((line = in.readLine()) != null) {
                    JsonNode node = MAPPER.readTree(line);
                    Message m = parser.parse(node, receivedAt, "$");
                    if (m.kind() != Message.Kind.TRACK) {
                        continue;
                    }
                    String id = m.userId().orElseGet(() -> m.anonymousId().orElseThrow());
                    int uid = uids.computeIfAbsent(id, k -> uids.size());
                    a.beginRow().append(uid).append(m.event().orElseThrow()).append(m.timestamp())
                            .append(MAPPER.writeValueAsString(m.properties())).append(m.messageId()).endRow();
                    if (++rows % 50_000 == 0) {
                        a.flush();
                        a.close();
                        commit(duck);
                        begin(duck);
                        a = duck.createAppender("main", "bare_events");
                    }
                }
                a.flush();
                a.close();
                commit(duck);
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN TRANSACTION");
        }
    }

    private static void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    /** CPU time of the whole process, DuckDB's native threads included. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the ingestion writer thread, native DuckDB work on it included. */
    private static long writerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("segments-ingest-writer")) {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        throw new IllegalStateException("no ingestion writer thread");
    }

    private static long count(Store store, String sql) {
        return store.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

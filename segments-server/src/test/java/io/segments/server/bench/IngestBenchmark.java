package io.segments.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.datagen.Generator;
import io.segments.server.SegmentsServer;
import io.segments.server.ServerConfig;
import io.segments.store.Ingestor;
import io.segments.store.Message;
import io.segments.store.MessageParser;
import io.segments.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Sustained ingestion throughput over HTTP: client threads POST {@code /v1/batch} requests of realistic
 * generated events (segments-datagen) over loopback to a server on a fresh data directory, each waiting for
 * the durable acknowledgement, for a fixed time after a warm-up. Prints events per second and request latency
 * p50/p99, beside a baseline on the same data and machine: the same batches parsed and submitted straight to
 * the store's {@link Ingestor} in-process (no HTTP), and the ratio of the two.
 *
 * <p>Run: {@code bin/bench-ingest [--seconds 30] [--clients 4] [--batch 500] [--dedup-window 20000000]}. Every
 * messageId sent is unique (each pass over the generated data tags them anew), so nothing is dropped as a duplicate;
 * a small {@code --dedup-window} makes the store start generations and forget the oldest during the run.
 */
public final class IngestBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WRITE_KEY = "wk_benchmark";
    private static final String ADMIN_KEY = "ak_benchmark";

    private IngestBenchmark() {
    }

    /**
     * What to run: client threads, messages per request, measured and warm-up seconds, distinct messages generated,
     * and the store's deduplication window.
     */
    public record Settings(int clients, int batchSize, int seconds, int warmupSeconds, int messages, long dedupWindow) {
        public static final Settings DEFAULT = new Settings(4, 500, 30, 5, 100_000);

        /** These settings with the default deduplication window. */
        public Settings(int clients, int batchSize, int seconds, int warmupSeconds, int messages) {
            this(clients, batchSize, seconds, warmupSeconds, messages, Store.DEFAULT_DEDUP_WINDOW);
        }
    }

    /**
     * One measured run: messages acknowledged durable during the measured period, its length, requests answered,
     * latency percentiles in microseconds, and all messages acknowledged (warm-up included).
     */
    public record Result(long messages, double seconds, long requests, long p50Micros, long p99Micros, long totalAcknowledged) {
        public double perSecond() {
            return messages / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        System.out.printf(Locale.ROOT, "ingestion benchmark: %d clients, %d events per request, %d s measured after %d s warm-up,"
                + " deduplication window %,d messages, %d cores%n", s.clients(), s.batchSize(), s.seconds(), s.warmupSeconds(),
                s.dedupWindow(), Runtime.getRuntime().availableProcessors());
        List<Body> bodies = generateBodies(s);
        System.out.printf(Locale.ROOT, "generated %,d distinct events (segments-datagen) in %,d request bodies of ~%,d bytes%n",
                (long) bodies.size() * s.batchSize(), bodies.size(), bodies.get(0).bytes().length);

        Path root = Files.createTempDirectory("segments-bench");
        try {
            Result http = http(s, root.resolve("http"), bodies);
            print("HTTP: POST /v1/batch over loopback, durable 200", http);
            Result direct = direct(s, root.resolve("direct"), bodies);
            print("baseline: parse + Ingestor.submit in-process", direct);
            System.out.printf(Locale.ROOT, "HTTP / baseline = %.2f%n", http.perSecond() / direct.perSecond());
            System.out.printf(Locale.ROOT, "target >= 100,000 events/s over HTTP: %s%n", http.perSecond() >= 100_000 ? "met" : "NOT met");
        } finally {
            deleteRecursively(root);
        }
    }

    private static void print(String what, Result r) {
        System.out.printf(Locale.ROOT, "%-48s %,10.0f events/s  (%,d events in %.1f s, %,d requests", what, r.perSecond(),
                r.messages(), r.seconds(), r.requests());
        if (r.p50Micros() >= 0) {
            System.out.printf(Locale.ROOT, ", latency p50 %.1f ms, p99 %.1f ms", r.p50Micros() / 1000.0, r.p99Micros() / 1000.0);
        }
        System.out.println(")");
    }

    /**
     * Request bodies {@code {"batch": [...]}} of {@code batchSize} generated messages each, UTF-8 encoded once so the
     * clients spend their time sending, not encoding. Every messageId starts with a {@value #TAG_DIGITS}-digit pass
     * number, written anew for every pass over the data ({@link #body}).
     */
    public static List<Body> generateBodies(Settings s) {
        int users = Math.max(100, s.messages() / 40);
        Generator generator = Generator.builder().users(users).days(120).totalEvents(s.messages()).seed(7).build();
        List<Body> bodies = new ArrayList<>();
        StringBuilder batch = new StringBuilder();
        int[] inBatch = {0};
        String tagged = MESSAGE_ID + "0".repeat(TAG_DIGITS) + "-";
        generator.forEachJson((bytes, offset, length) -> {
            batch.append(inBatch[0] == 0 ? "{\"batch\":[" : ",");
            batch.append(new String(bytes, offset, length, StandardCharsets.UTF_8).replace(MESSAGE_ID, tagged));
            if (++inBatch[0] == s.batchSize()) {
                bodies.add(Body.of(batch.append("]}").toString()));
                batch.setLength(0);
                inBatch[0] = 0;
            }
        });
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("fewer than " + s.batchSize() + " messages generated");
        }
        return bodies;
    }

    private static final String MESSAGE_ID = "\"messageId\":\"";
    private static final int TAG_DIGITS = 6;

    /** A request body and where its messageIds' pass numbers are. */
    public record Body(byte[] bytes, int[] tagOffsets) {
        static Body of(String json) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            byte[] marker = MESSAGE_ID.getBytes(StandardCharsets.UTF_8);
            List<Integer> offsets = new ArrayList<>();
            outer:
            for (int i = 0; i + marker.length <= bytes.length; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (bytes[i + j] != marker[j]) {
                        continue outer;
                    }
                }
                offsets.add(i + marker.length);
            }
            return new Body(bytes, offsets.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** The {@code n}-th body sent: pass {@code n / size} over the data writes its number into every messageId. */
    static byte[] body(List<Body> bodies, long n) {
        Body template = bodies.get((int) (n % bodies.size()));
        long pass = n / bodies.size();
        if (pass >= 1_000_000) {
            throw new IllegalStateException("more than a million passes over the data");
        }
        byte[] copy = template.bytes().clone();
        for (int offset : template.tagOffsets()) {
            long p = pass;
            for (int d = TAG_DIGITS - 1; d >= 0; d--) {
                copy[offset + d] = (byte) ('0' + p % 10);
                p /= 10;
            }
        }
        return copy;
    }

    /** The benchmark over HTTP against a server started on {@code dataDir}. */
    public static Result http(Settings s, Path dataDir, List<Body> bodies) throws Exception {
        try (SegmentsServer server = SegmentsServer.start(ServerConfig.of(dataDir, 0).withHost("127.0.0.1")
                .withWriteKey(WRITE_KEY).withAdminKey(ADMIN_KEY).withDedupWindow(s.dedupWindow()))) {
            URI uri = server.uri().resolve("/v1/batch");
            String auth = "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Result r = measure(s, bodies, body -> {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("answer " + response.statusCode() + ": " + response.body());
                }
            });
            check(server.store(), r, s);
            return r;
        }
    }

    /** The baseline: the same bodies parsed and submitted to the store's ingestor in-process. */
    public static Result direct(Settings s, Path dataDir, List<Body> bodies) throws Exception {
        try (Store store = Store.open(dataDir, s.dedupWindow())) {
            Ingestor ingestor = store.ingestor();
            MessageParser parser = new MessageParser();
            Result r = measure(s, bodies, body -> {
                JsonNode json = MAPPER.readTree(body);
                List<Message> messages = parser.parseBatch(json, System.currentTimeMillis());
                ingestor.submit(messages).join();
            });
            check(store, r, s);
            return r;
        }
    }

    /**
     * Every acknowledged message is stored once: the writer stored as many messages as were acknowledged and dropped
     * none as a duplicate, and the store remembers the messageIds of all of them, or of at least the last
     * {@code dedupWindow} when more were sent.
     */
    private static void check(Store store, Result r, Settings s) {
        Ingestor.Stats stats = store.ingestor().stats();
        if (stats.messagesStored() != r.totalAcknowledged() || stats.duplicatesDropped() != 0) {
            throw new IllegalStateException(r.totalAcknowledged() + " messages acknowledged but " + stats.messagesStored()
                    + " stored and " + stats.duplicatesDropped() + " dropped as duplicates");
        }
        long remembered = store.withConnection(c -> {
            long total = 0;
            try (Statement st = c.createStatement(); ResultSet tables = st.executeQuery(
                    "SELECT table_name FROM duckdb_tables() WHERE regexp_full_match(table_name, 'message_ids(_[0-9]+)?')")) {
                while (tables.next()) {
                    try (Statement count = c.createStatement();
                         ResultSet rs = count.executeQuery("SELECT count(*) FROM " + tables.getString(1))) {
                        rs.next();
                        total += rs.getLong(1);
                    }
                }
            }
            return total;
        });
        long expected = Math.min(r.totalAcknowledged(), s.dedupWindow());
        if (remembered < expected || remembered > r.totalAcknowledged()) {
            throw new IllegalStateException(r.totalAcknowledged() + " messages acknowledged but " + remembered
                    + " messageIds kept (window " + s.dedupWindow() + ")");
        }
    }

    @FunctionalInterface
    private interface Send {
        void send(byte[] body) throws Exception;
    }

    private static Result measure(Settings s, List<Body> bodies, Send send) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong measuredMessages = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int batchSize = s.batchSize();
        for (int i = 0; i < s.clients(); i++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            Thread t = new Thread(() -> {
                int count = 0;
                try {
                    while (!stop.get()) {
                        byte[] body = body(bodies, next.getAndIncrement());
                        boolean measured = measuring.get();
                        long start = System.nanoTime();
                        send.send(body);
                        long micros = (System.nanoTime() - start) / 1000;
                        acknowledged.addAndGet(batchSize);
                        if (measured && measuring.get()) {
                            measuredMessages.addAndGet(batchSize);
                            if (count < mine.length) {
                                mine[count++] = micros;
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    stop.set(true);
                } finally {
                    if (count < mine.length) {
                        mine[count] = -1; // end marker
                    }
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        Thread.sleep(s.warmupSeconds() * 1000L);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(s.seconds() * 1000L);
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a client failed", failures.get(0));
        }
        long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a).takeWhile(v -> v > 0)).sorted().toArray();
        long p50 = all.length == 0 ? -1 : all[(int) Math.min(all.length - 1, Math.round(all.length * 0.50))];
        long p99 = all.length == 0 ? -1 : all[(int) Math.min(all.length - 1, Math.round(all.length * 0.99))];
        return new Result(measuredMessages.get(), seconds, all.length, p50, p99, acknowledged.get());
    }

    private static Settings parse(String[] args) {
        Settings s = Settings.DEFAULT;
        for (int i = 0; i + 1 < args.length; i += 2) {
            long value = Long.parseLong(args[i + 1]);
            int v = (int) Math.min(Integer.MAX_VALUE, value);
            s = switch (args[i]) {
                case "--seconds" -> new Settings(s.clients(), s.batchSize(), v, s.warmupSeconds(), s.messages(), s.dedupWindow());
                case "--warmup" -> new Settings(s.clients(), s.batchSize(), s.seconds(), v, s.messages(), s.dedupWindow());
                case "--clients" -> new Settings(v, s.batchSize(), s.seconds(), s.warmupSeconds(), s.messages(), s.dedupWindow());
                case "--batch" -> new Settings(s.clients(), v, s.seconds(), s.warmupSeconds(), s.messages(), s.dedupWindow());
                case "--messages" -> new Settings(s.clients(), s.batchSize(), s.seconds(), s.warmupSeconds(), v, s.dedupWindow());
                case "--dedup-window" -> new Settings(s.clients(), s.batchSize(), s.seconds(), s.warmupSeconds(), s.messages(), value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --seconds N --warmup N --clients N --batch N --messages N --dedup-window N");
            };
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        return s;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

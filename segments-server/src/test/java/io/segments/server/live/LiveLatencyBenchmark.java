package io.segments.server.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.segments.catalog.SegmentCatalog;
import io.segments.datagen.GeneratedMessage;
import io.segments.datagen.Generator;
import io.segments.datagen.Order;
import io.segments.live.Change;
import io.segments.model.json.SegmentJson;
import io.segments.server.internal.Auth;
import io.segments.server.internal.Errors;
import io.segments.server.internal.Ingestion;
import io.segments.server.internal.Json;
import io.segments.server.internal.Keys;
import io.segments.store.Store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Latency of live segments in the server: generated users and events (segments-datagen, in time order,
 * each message stamped with the wall clock as its batch is sent) posted to {@code /v1/batch} at a steady
 * rate over loopback, with 20 live segments of mixed kinds (the shapes of segments-live's
 * {@code LiveBenchmark}, windows and waits shortened to seconds so that timers fire during the run).
 * The server side is the composition the live tests use: store, catalog, ingestion endpoints,
 * {@link LiveService} and {@link LiveApi} on Javalin.
 *
 * <p>Measured, for the change records published after the warm-up:
 * <ul>
 *   <li><b>event-driven</b>: from the HTTP 200 of the user's batch whose stamp is the record's {@code at} (the
 *       batch holding the event that caused it) to the record's publication (stored and handed to listeners). The record can be
 *       published before the client has read the 200 (the commit is applied while the answer travels), so
 *       this delay can be negative; percentiles are of the signed values.</li>
 *   <li><b>timer-driven</b> (a {@code didNot ... within} wait ending, an event leaving a window): from the
 *       record's {@code at}, the timer's exact instant, to its publication. A record is timer-driven when its
 *       {@code at} is one of the user's event times plus a segment duration (or 1 ms more) and falls in no
 *       interval between the sending and the acknowledgement of one of the user's batches.</li>
 * </ul>
 *
 * <p>Run: {@code bin/bench-live [--rate 10000] [--seconds 30] [--warmup 5] [--users 20000] [--batch 100]
 * [--clients 8]}.
 */
public final class LiveLatencyBenchmark {
    private static final String WRITE_KEY = "wk_live_bench";
    private static final String ADMIN_KEY = "ak_live_bench";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The 20 segments, {@code %s} in the last one being the id of the first. */
    static final List<String> FILTERS = List.of(
            "{\"did\": \"Charged\", \"when\": {\"last\": \"20s\"}, \"count\": {\"op\": \"gte\", \"value\": 3}}",
            "{\"did\": \"Charged\", \"aggregate\": {\"fn\": \"sum\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 700}}",
            "{\"did\": \"Charged\", \"when\": {\"last\": \"10s\"}, \"where\": [{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}]}",
            "{\"and\": [{\"did\": \"App Launched\", \"when\": {\"from\": \"20s\", \"to\": \"5s\"}}, {\"didNot\": \"App Launched\", \"when\": {\"last\": \"5s\"}}]}",
            "{\"sequence\": [{\"did\": \"Added To Cart\"}, {\"didNot\": \"Charged\", \"within\": \"3s\"}], \"when\": {\"last\": \"8s\"}, \"occurrence\": \"last\"}",
            "{\"sequence\": [{\"did\": \"Added To Cart\"}, {\"didNot\": \"Charged\", \"within\": \"2s\"}]}",
            "{\"and\": [{\"did\": \"Charged\", \"when\": {\"last\": \"20s\"}, \"where\": [{\"property\": \"amount\", \"op\": \"gt\", \"value\": 500}], \"firstTime\": true}, {\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"IN\"}, {\"attribute\": \"os\", \"op\": \"eq\", \"value\": \"Android\"}]}",
            "{\"did\": \"Product Viewed\", \"when\": {\"last\": \"5s\"}, \"count\": {\"op\": \"gte\", \"value\": 5}}",
            "{\"did\": \"Searched\", \"when\": {\"last\": \"3s\"}}",
            "{\"sequence\": [{\"did\": \"Product Viewed\"}, {\"did\": \"Added To Cart\", \"within\": \"4s\"}, {\"did\": \"Charged\", \"within\": \"5s\"}], \"when\": {\"last\": \"8s\"}}",
            "{\"didNot\": \"App Launched\", \"when\": {\"last\": \"12s\"}}",
            "{\"and\": [{\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"US\"}, {\"reachable\": \"email\"}]}",
            "{\"did\": \"Charged\", \"when\": {\"last\": \"8s\"}, \"aggregate\": {\"fn\": \"avg\", \"property\": \"amount\", \"op\": \"gte\", \"value\": 100}}",
            "{\"and\": [{\"did\": \"Added To Cart\", \"when\": {\"last\": \"5s\"}, \"count\": {\"op\": \"gte\", \"value\": 3}}, {\"didNot\": \"Charged\", \"when\": {\"last\": \"5s\"}}]}",
            "{\"and\": [{\"reachable\": \"push\"}, {\"did\": \"App Launched\", \"when\": {\"last\": \"6s\"}}]}",
            "{\"did\": \"Product Viewed\", \"when\": {\"last\": \"8s\"}, \"where\": [{\"property\": \"category\", \"op\": \"in\", \"value\": [\"TV\", \"Laptops\"]}], \"count\": {\"op\": \"gte\", \"value\": 2}}",
            "{\"sequence\": [{\"did\": \"Searched\"}, {\"did\": \"Product Viewed\", \"within\": \"2s\"}, {\"didNot\": \"Added To Cart\", \"within\": \"4s\"}], \"when\": {\"last\": \"5s\"}}",
            "{\"did\": \"Charged\", \"when\": {\"last\": \"30s\"}, \"aggregate\": {\"fn\": \"max\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 1000}}",
            "{\"or\": [{\"did\": \"Charged\", \"when\": {\"last\": \"5s\"}}, {\"did\": \"Added To Cart\", \"when\": {\"last\": \"3s\"}}]}",
            "{\"and\": [{\"inSegment\": \"%s\"}, {\"attribute\": \"age\", \"op\": \"gte\", \"value\": 30}, {\"not\": {\"did\": \"App Launched\", \"when\": {\"last\": \"4s\"}}}]}");

    /** Every duration of the filters in milliseconds: a timer fires at an event's time plus one (or 1 ms more). */
    static final long[] DURATIONS = {2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 20000, 30000};

    private LiveLatencyBenchmark() {
    }

    record Settings(int rate, int seconds, int warmup, int users, int batch, int clients) {
    }

    /** One published change record and when it was published (epoch microseconds). */
    record Published(String userId, String segmentId, Change.Kind kind, long atMillis, long publishedMicros) {
    }

    /** A batch of one user: when its messages were stamped (epoch ms) and when its 200 came (epoch µs). */
    record Sent(long stampMillis, long ackMicros) {
    }

    /** Wall-clock epoch microseconds from a monotonic source aligned with {@code currentTimeMillis} once. */
    static final long BASE_MILLIS = System.currentTimeMillis();
    static final long BASE_NANOS = System.nanoTime();

    static long nowMicros() {
        return BASE_MILLIS * 1000 + (System.nanoTime() - BASE_NANOS) / 1000;
    }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        int total = s.rate() * (s.seconds() + s.warmup());
        System.out.printf(Locale.ROOT, "live latency benchmark: %,d messages/s over HTTP for %d s after %d s warm-up, "
                + "%d live segments, %,d users, %d messages per request, %d client threads, %d cores, load average %.2f%n",
                s.rate(), s.seconds(), s.warmup(), FILTERS.size(), s.users(), s.batch(), s.clients(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<GeneratedMessage> messages = new ArrayList<>(total + 1000);
        Generator.builder().users(s.users()).days(30).totalEvents((long) (total * 0.95)).seed(11).order(Order.TIME).build()
                .forEachMessage(m -> {
                    if (messages.size() < total) {
                        messages.add(m);
                    }
                });
        if (messages.size() < total) {
            throw new IllegalStateException("generated " + messages.size() + " messages, fewer than " + total);
        }
        System.out.printf(Locale.ROOT, "generated %,d messages (%,d track events)%n", messages.size(),
                messages.stream().filter(m -> m.type() == GeneratedMessage.Type.TRACK).count());

        Path dir = Files.createTempDirectory("segments-live-bench");
        ConcurrentLinkedQueue<Published> published = new ConcurrentLinkedQueue<>();
        Map<String, List<Sent>> batchesByUser = new ConcurrentHashMap<>();
        Map<String, List<Long>> stampsByUser = new ConcurrentHashMap<>();
        ExecutorService responders = Executors.newFixedThreadPool(8);
        Store store = Store.open(dir);
        SegmentCatalog catalog = new SegmentCatalog(store);
        LiveService live = LiveService.start(store, catalog, Json.MAPPER, LiveService.Options.DEFAULT);
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        });
        long measureFrom;
        long measureTo;
        long sentMessages;
        try {
            Auth auth = new Auth(new Keys(WRITE_KEY, ADMIN_KEY, false, false));
            Errors.install(app);
            app.before("/v1/*", auth::requireWriteKey);
            app.before("/api/*", auth::requireAdminKey);
            new Ingestion(store, responders).register(app);
            new LiveApi(live, catalog).register(app, true);
            app.start("127.0.0.1", 0);
            String first = null;
            for (int i = 0; i < FILTERS.size(); i++) {
                String filter = i == FILTERS.size() - 1 ? FILTERS.get(i).formatted(first) : FILTERS.get(i);
                String id = catalog.create(SegmentJson.readSegment("{\"name\": \"live " + i + "\", \"type\": \"live\", "
                        + "\"filter\": " + filter + "}")).id().orElseThrow();
                first = first == null ? id : first;
            }
            live.addRecordListener(records -> {
                long now = nowMicros();
                for (ChangeRecord r : records) {
                    published.add(new Published(r.userId(), r.segmentId(), r.kind(), r.at().toEpochMilli(), now));
                }
            });

            URI uri = URI.create("http://127.0.0.1:" + app.port() + "/v1/batch");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService clients = Executors.newFixedThreadPool(s.clients());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong acknowledged = new AtomicLong();
            int batches = total / s.batch();
            long intervalNanos = 1_000_000_000L * s.batch() / s.rate();
            long start = System.nanoTime() + 200_000_000L;
            measureFrom = BASE_MILLIS + (start - BASE_NANOS) / 1_000_000 + s.warmup() * 1000L;
            long lateNanos = 0;
            for (int b = 0; b < batches && failure.get() == null; b++) {
                long due = start + b * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    lateNanos = Math.max(lateNanos, -wait);
                }
                List<GeneratedMessage> part = messages.subList(b * s.batch(), (b + 1) * s.batch());
                clients.execute(() -> {
                    try {
                        long stamp = System.currentTimeMillis();
                        byte[] body = body(part, stamp);
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                        long ack = nowMicros();
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("answer " + r.statusCode() + ": " + r.body());
                        }
                        acknowledged.addAndGet(part.size());
                        for (String user : subjects(part)) {
                            batchesByUser.computeIfAbsent(user, u -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(new Sent(stamp, ack));
                            stampsByUser.computeIfAbsent(user, u -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(stamp);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            clients.shutdown();
            clients.awaitTermination(5, TimeUnit.MINUTES);
            measureTo = System.currentTimeMillis();
            sentMessages = acknowledged.get();
            if (failure.get() != null) {
                throw new IllegalStateException("a request failed", failure.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "sent %,d messages in %.1f s (%,.0f/s); the pacer ran up to %.1f ms late%n",
                    sentMessages, seconds, sentMessages / seconds, lateNanos / 1e6);
            Thread.sleep(1000); // the last waits and windows of interest end; late records still count
            System.out.printf(Locale.ROOT, "engine: %s%n", live.stats());
        } finally {
            app.stop();
            live.close();
            store.close();
            responders.shutdownNow();
            deleteRecursively(dir);
        }
        report(new ArrayList<>(published), batchesByUser, stampsByUser, measureFrom, measureTo);
        System.out.printf(Locale.ROOT, "load average now %.2f (%d cores)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }

    private static void report(List<Published> all, Map<String, List<Sent>> batchesByUser,
                               Map<String, List<Long>> stampsByUser, long from, long to) {
        List<Long> eventDriven = new ArrayList<>();
        List<Long> timerDriven = new ArrayList<>();
        int unmatched = 0;
        int counted = 0;
        for (Published p : all) {
            if (p.atMillis() < from || p.atMillis() > to) {
                continue;
            }
            counted++;
            List<Sent> sent = batchesByUser.getOrDefault(p.userId(), List.of());
            Sent cause = null; // the batch whose stamp is the record's `at`: an event-driven change is at its event
            boolean inFlight = false;
            synchronized (sent) {
                for (Sent b : sent) {
                    if (b.stampMillis() == p.atMillis() && (cause == null || b.ackMicros() < cause.ackMicros())) {
                        cause = b;
                    }
                    if (b.stampMillis() <= p.atMillis() && p.atMillis() * 1000 <= b.ackMicros() + 2000) {
                        inFlight = true;
                    }
                }
            }
            if (!inFlight && isTimer(p, stampsByUser.getOrDefault(p.userId(), List.of()))) {
                timerDriven.add(p.publishedMicros() - p.atMillis() * 1000);
            } else if (cause != null) {
                eventDriven.add(p.publishedMicros() - cause.ackMicros());
            } else {
                unmatched++;
            }
        }
        System.out.printf(Locale.ROOT, "%n%,d change records published (%,d with `at` in the measured period: %,d event-driven, "
                + "%,d timer-driven, %,d matched to neither an event of the user nor a timer)%n", all.size(), counted, eventDriven.size(),
                timerDriven.size(), unmatched);
        print("event-driven: HTTP 200 of the batch -> record published", eventDriven);
        print("timer-driven: timer instant `at`   -> record published", timerDriven);
        List<Long> both = new ArrayList<>(eventDriven.size() + timerDriven.size());
        both.addAll(eventDriven.stream().map(d -> Math.max(d, 0)).toList());
        both.addAll(timerDriven);
        print("all (negative event delays as 0)", both);
        long p99 = percentile(both, 0.99);
        System.out.printf(Locale.ROOT, "target p99 < 100 ms: %s%n", p99 < 100_000 ? "met" : "NOT met");
    }

    private static boolean isTimer(Published p, List<Long> stamps) {
        synchronized (stamps) {
            for (long t : stamps) {
                long d = p.atMillis() - t;
                for (long duration : DURATIONS) {
                    if (d == duration || d == duration + 1) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void print(String what, List<Long> micros) {
        if (micros.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-56s no records%n", what);
            return;
        }
        System.out.printf(Locale.ROOT, "%-56s n=%,d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n", what,
                micros.size(), percentile(micros, 0.50) / 1000.0, percentile(micros, 0.90) / 1000.0,
                percentile(micros, 0.99) / 1000.0, percentile(micros, 1.0) / 1000.0);
    }

    private static long percentile(List<Long> values, double q) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The ids the change records of the batch's users are kept under: user ids, and anonymous ids of visitors. */
    private static List<String> subjects(List<GeneratedMessage> part) {
        List<String> out = new ArrayList<>();
        for (GeneratedMessage m : part) {
            if (m.userId() != null) {
                out.add(m.userId());
            }
            if (m.anonymousId() != null) {
                out.add(m.anonymousId());
            }
        }
        return out.stream().distinct().toList();
    }

    /** {@code {"batch": [...]}} with every message stamped {@code stamp}. */
    private static byte[] body(List<GeneratedMessage> part, long stamp) throws Exception {
        String ts = Instant.ofEpochMilli(stamp).toString();
        List<Map<String, Object>> batch = new ArrayList<>(part.size());
        for (GeneratedMessage m : part) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", m.type().wireName());
            o.put("messageId", m.messageId());
            if (m.userId() != null) {
                o.put("userId", m.userId());
            }
            if (m.anonymousId() != null) {
                o.put("anonymousId", m.anonymousId());
            }
            if (m.type() == GeneratedMessage.Type.TRACK) {
                o.put("event", m.event());
                o.put("properties", m.properties());
            } else {
                o.put("traits", m.traits());
            }
            if (m.pushToken() != null) {
                o.put("context", Map.of("device", Map.of("token", m.pushToken())));
            }
            o.put("timestamp", ts);
            batch.add(o);
        }
        return MAPPER.writeValueAsBytes(Map.of("batch", batch));
    }

    private static Settings parse(String[] args) {
        Map<String, Integer> v = new HashMap<>(Map.of("--rate", 10_000, "--seconds", 30, "--warmup", 5, "--users", 20_000,
                "--batch", 100, "--clients", 8));
        for (int i = 0; i < args.length; i += 2) {
            if (!v.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + v.keySet());
            }
            v.put(args[i], Integer.parseInt(args[i + 1]));
        }
        return new Settings(v.get("--rate"), v.get("--seconds"), v.get("--warmup"), v.get("--users"), v.get("--batch"),
                v.get("--clients"));
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + root + ": " + e.getMessage());
        }
    }
}

package io.segments.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients streaming numbered batches to {@code /v1/batch} until stopped or until the server goes away. Batch
 * {@code b} holds the messages {@code b-0 ... b-(size-1)} (messageIds); the batches answered 200 are recorded.
 */
final class BatchStream implements AutoCloseable {
    private final URI uri;
    private final int batchSize;
    private final AtomicInteger nextBatch = new AtomicInteger();
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> otherAnswers = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    BatchStream(URI uri, int clients, int batchSize) {
        this.uri = uri;
        this.batchSize = batchSize;
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(this::run, "batch-stream-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run() {
        String auth = TestHttp.basic(ServerExtension.WRITE_KEY, "");
        while (!stop.get()) {
            int batch = nextBatch.getAndIncrement();
            HttpRequest request = HttpRequest.newBuilder(uri.resolve("/v1/batch"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(batch, batchSize), StandardCharsets.UTF_8)).build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                if (status == 200) {
                    acknowledged.add(batch);
                } else {
                    otherAnswers.merge(status, 1, Integer::sum);
                }
            } catch (Exception e) {
                return; // the server went away: this client stops
            }
        }
    }

    static String body(int batch, int size) {
        StringBuilder s = new StringBuilder("{\"batch\": [");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"type\": \"track\", \"userId\": \"user-").append((batch * 31 + i) % 997)
                    .append("\", \"event\": \"Streamed\", \"messageId\": \"").append(batch).append('-').append(i)
                    .append("\", \"timestamp\": \"2026-11-01T00:00:00Z\", \"properties\": {\"batch\": ").append(batch)
                    .append(", \"i\": ").append(i).append("}}");
        }
        return s.append("]}").toString();
    }

    /** Batches sent or being sent, answered or not. */
    int attempted() {
        return nextBatch.get();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    Set<Integer> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Answers other than 200, by status. */
    Map<Integer, Integer> otherAnswers() {
        return Map.copyOf(otherAnswers);
    }

    /** Waits until at least {@code count} batches are acknowledged (or fails after 60 s). */
    void awaitAcknowledged(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " batches acknowledged in 60 s; other answers "
                        + otherAnswers);
            }
            Thread.sleep(10);
        }
    }

    /** Stops sending and waits for every client to get its last answer. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }
}

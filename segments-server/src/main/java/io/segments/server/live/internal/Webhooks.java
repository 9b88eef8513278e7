package io.segments.server.live.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.SegmentsException;
import io.segments.server.live.ChangeRecord;
import io.segments.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook subscriptions to change records and their delivery. Each webhook has a cursor, the id of the
 * last record it acknowledged (2xx), stored in {@code live_webhooks}: a delivery thread posts the next
 * records after it (of its segment, or all) as {@code {"webhookId", "changes": [{id, segmentId, userId,
 * change, at, observedAt}]}}, signed {@code X-Segments-Signature: sha256=HEX} (HMAC-SHA256 of the body with the
 * webhook's secret), and moves the cursor on success; on failure it retries with exponential backoff.
 * Delivery is at least once: a record can come twice (after a failure whose request had in fact arrived,
 * or a restart before the cursor was saved), so receivers de-duplicate by record id.
 */
public final class Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    public static final String SIGNATURE_HEADER = "X-Segments-Signature";
    private static final int BATCH = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored webhook. */
    public record Webhook(String id, String url, Optional<String> segmentId, String secret, long deliveredThrough,
                          Instant createdAt) {
        /** The JSON answered by the API; the secret only when {@code withSecret}. */
        public Map<String, Object> json(boolean withSecret) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("url", url);
            m.put("segmentId", segmentId.orElse(null));
            if (withSecret) {
                m.put("secret", secret);
            }
            m.put("deliveredThrough", deliveredThrough);
            m.put("createdAt", createdAt.toString());
            return m;
        }
    }

    private final Store store;
    private final ChangeLog log;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();
    private final Map<String, Duration> backoff = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean closed;
    private boolean pending;

    public Webhooks(Store store, ChangeLog log, ObjectMapper mapper, Clock clock, Duration firstBackoff,
                    Duration maxBackoff) {
        this.store = store;
        this.log = log;
        this.mapper = mapper;
        this.clock = clock;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::run, "segments-webhooks");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Registers a webhook; it receives the records stored from now on. */
    public Webhook create(String url, Optional<String> segmentId, Optional<String> secret) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "url is not a URL: " + e.getMessage(), "$.url");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "url must be an absolute http or https URL, got \"" + url + "\"", "$.url");
        }
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        String id = "whk_" + HexFormat.of().formatHex(b);
        String key = secret.filter(s -> !s.isEmpty()).orElseGet(() -> {
            byte[] s = new byte[24];
            RANDOM.nextBytes(s);
            return "whsec_" + HexFormat.of().formatHex(s);
        });
        Webhook w = new Webhook(id, url, segmentId, key, log.lastId(), clock.instant());
        store.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO live_webhooks VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setString(1, w.id());
                p.setString(2, w.url());
                p.setString(3, w.segmentId().orElse(null));
                p.setString(4, w.secret());
                p.setLong(5, w.deliveredThrough());
                p.setLong(6, w.createdAt().toEpochMilli());
                return p.executeUpdate();
            }
        });
        wake();
        return w;
    }

    public List<Webhook> list() {
        return store.withConnection(c -> {
            List<Webhook> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT id, url, segment_id, secret, delivered_through, created_at FROM live_webhooks ORDER BY created_at, id")) {
                while (rs.next()) {
                    out.add(new Webhook(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                            rs.getString(4), rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
            return out;
        });
    }

    public Webhook get(String id) {
        return list().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow(() ->
                new SegmentsException(SegmentsException.Code.NOT_FOUND, "no webhook " + id));
    }

    public void delete(String id) {
        int n = store.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM live_webhooks WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate();
            }
        });
        if (n == 0) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND, "no webhook " + id);
        }
    }

    /** New records were stored: deliver them soon. */
    public void wake() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            long waitMillis = 60_000;
            try {
                for (Webhook w : list()) {
                    long due = retryAt.getOrDefault(w.id(), 0L);
                    long now = clock.millis();
                    if (due > now) {
                        waitMillis = Math.min(waitMillis, due - now);
                        continue;
                    }
                    if (deliverNext(w)) {
                        waitMillis = 0; // maybe more
                    } else if (retryAt.containsKey(w.id())) {
                        waitMillis = Math.min(waitMillis, Math.max(1, retryAt.get(w.id()) - clock.millis()));
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.error("webhook delivery loop failed; retrying in one second", e);
                waitMillis = 1000;
            }
            if (waitMillis > 0) {
                synchronized (signal) {
                    if (!pending) {
                        try {
                            signal.wait(waitMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    pending = false;
                }
            }
        }
    }

    /** Posts the next records of {@code w}; true when some were delivered. */
    private boolean deliverNext(Webhook w) {
        List<ChangeRecord> records = log.after(w.segmentId(), w.deliveredThrough(), BATCH);
        if (records.isEmpty()) {
            return false;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (ChangeRecord r : records) {
            items.add(r.fullJson());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhookId", w.id());
        body.put("changes", items);
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a webhook body", e);
        }
        String failure;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(w.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, "sha256=" + sign(w.secret(), bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                long through = records.get(records.size() - 1).id();
                store.withConnection(c -> {
                    try (PreparedStatement p = c.prepareStatement(
                            "UPDATE live_webhooks SET delivered_through = ? WHERE id = ?")) {
                        p.setLong(1, through);
                        p.setString(2, w.id());
                        return p.executeUpdate();
                    }
                });
                retryAt.remove(w.id());
                backoff.remove(w.id());
                return true;
            }
            failure = "HTTP " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            failure = e.toString();
        }
        Duration next = backoff.getOrDefault(w.id(), firstBackoff);
        retryAt.put(w.id(), clock.millis() + next.toMillis());
        Duration doubled = next.multipliedBy(2);
        backoff.put(w.id(), doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled);
        LOG.warn("webhook {} to {} failed ({}); retrying in {} ms", w.id(), w.url(), failure, next.toMillis());
        return false;
    }

    /** Hex HMAC-SHA256 of {@code body} with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

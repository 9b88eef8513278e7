package io.segments.server.internal;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.segments.catalog.SegmentCatalog;
import io.segments.engine.SegmentEngine;
import io.segments.engine.analytics.MembershipChanges;
import io.segments.engine.analytics.SegmentAnalytics;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.server.live.LiveApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.roaringbitmap.RoaringBitmap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/segments/{id}/changes} without {@code from}: a Server-Sent Events stream of the users who
 * enter and leave the segment from the moment it is opened. Every {@link #interval} the segment's members now
 * are compared with its members at the previous look ({@link SegmentAnalytics#changes}), and each difference is
 * sent as an event {@code change} with data {@code {"userId", "change": "entered"|"exited", "at"}}, where
 * {@code at} is the time of the look that saw it (so within one interval after the change). At most
 * {@value #MAX_IDS_PER_LOOK} users per direction are sent per look; more are counted in an event
 * {@code overflow} {@code {"entered": N, "exited": M, "at"}}. A stream ends when the segment is deleted.
 * At most {@value #MAX_STREAMS} streams are open at once; more are answered 503.
 */
public final class PolledChangeStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolledChangeStreams.class);
    /** How often an open stream looks for changes by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final int MAX_STREAMS = 100;
    static final int MAX_IDS_PER_LOOK = 1000;

    private final SegmentCatalog catalog;
    private final SegmentAnalytics analytics;
    private final SegmentEngine engine;
    private final Clock clock;
    private final Duration interval;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "segments-change-streams");
        t.setDaemon(true);
        return t;
    });

    public PolledChangeStreams(SegmentCatalog catalog, SegmentAnalytics analytics, SegmentEngine engine, Clock clock,
                         Duration interval) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.analytics = requireNonNull(analytics, "analytics is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    /** Answers {@code ctx} with the change stream of {@code segment}. */
    void stream(Context ctx, Segment segment) throws Exception {
        if (open.size() >= MAX_STREAMS) {
            throw new io.javalin.http.HttpResponseException(503, "too many change streams are open (at most "
                    + MAX_STREAMS + "); close one and try again");
        }
        if (!LiveApi.wantsStream(ctx)) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "without from, the changes of a segment"
                    + " are a stream of events: ask with 'Accept: " + LiveApi.EVENT_STREAM + "' (as EventSource does),"
                    + " or give from (and to) for the changes between two times as JSON");
        }
        String id = segment.id().orElseThrow();
        // the stream covers changes from the request on: its start is taken before the response's headers are
        // flushed, so whatever a client stores once it sees the stream open comes after the start
        Instant start = now();
        new SseHandler(client -> {
            Stream stream = new Stream(id, client, start);
            // keepAlive first: a close() before it would leave the response open for ever (the server's graceful
            // stop would then wait for it); and the response's headers may reach the client before this runs, so
            // a stream registered after close() looked at the open ones ends here
            client.keepAlive();
            client.onClose(stream::stop);
            open.add(stream);
            if (closed) {
                client.close();
                return;
            }
            client.sendComment("changes of " + id + " from " + stream.last);
            try {
                stream.future = looks.scheduleWithFixedDelay(stream::look, interval.toMillis(), interval.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                client.close(); // closed meanwhile
            }
        }).handle(ctx);
    }

    @Override
    public void close() {
        closed = true;
        looks.shutdownNow();
        for (Stream stream : open) {
            stream.client.close();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One open stream: its segment and the time of its last look. */
    private final class Stream {
        private final String segmentId;
        private final SseClient client;
        private Instant last;
        private volatile ScheduledFuture<?> future;

        Stream(String segmentId, SseClient client, Instant start) {
            this.segmentId = segmentId;
            this.client = client;
            this.last = start;
        }

        void look() {
            try {
                if (client.terminated()) {
                    stop();
                    return;
                }
                Optional<Segment> segment = catalog.find(segmentId);
                if (segment.isEmpty()) {
                    client.sendEvent("deleted", Map.of("segmentId", segmentId));
                    client.close();
                    stop();
                    return;
                }
                Instant now = now();
                if (!now.isAfter(last)) {
                    return;
                }
                Segment s = segment.get();
                MembershipChanges changes = s.type() == SegmentType.STATIC
                        ? new MembershipChanges(last, now, new RoaringBitmap(), new RoaringBitmap())
                        : analytics.changes(s.filter().orElseThrow(), catalog.lookup(),
                                s.type() == SegmentType.LIVE ? s.createdAt() : Optional.empty(), last, now);
                List<String> entered = engine.userIds(changes.entered(), Optional.empty(), MAX_IDS_PER_LOOK);
                List<String> exited = engine.userIds(changes.left(), Optional.empty(), MAX_IDS_PER_LOOK);
                last = now;
                try {
                    send("entered", entered, now);
                    send("exited", exited, now);
                    long moreEntered = changes.entered().getLongCardinality() - entered.size();
                    long moreExited = changes.left().getLongCardinality() - exited.size();
                    if (moreEntered > 0 || moreExited > 0) {
                        client.sendEvent("overflow", Map.of("entered", moreEntered, "exited", moreExited,
                                "at", now.toString()));
                    }
                    client.sendComment("looked at " + now);
                } catch (RuntimeException e) {
                    // the client went away while being written to: Jetty reports it in several ways
                    LOG.debug("the change stream of segment {} was closed by its client", segmentId, e);
                    stop();
                }
            } catch (SegmentsException e) {
                // the definition became unusable (e.g. it now names a deleted segment): say so and end
                client.sendEvent("error", Map.of("error", e.code().json(), "message", e.getMessage()));
                client.close();
                stop();
            } catch (RuntimeException e) {
                LOG.error("the change stream of segment {} failed", segmentId, e);
                client.close();
                stop();
            }
        }

        private void send(String change, List<String> ids, Instant at) {
            for (String userId : ids) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("userId", userId);
                data.put("change", change);
                data.put("at", at.toString());
                client.sendEvent("change", data);
            }
        }

        void stop() {
            open.remove(this);
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}

package io.segments.server.live.internal;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.segments.server.live.ChangeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-Sent Events streams of the change records of live segments. A stream first sends the stored
 * records after the client's cursor ({@code Last-Event-ID} or {@code ?after=}; none: only new ones), then
 * every new record as it is stored, each as an event {@code change} whose {@code id} is the record id.
 * Records stored while the backlog is being sent are held and sent after it, none twice.
 */
public final class ChangeStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeStreams.class);
    private static final int PAGE = 1000;

    private final ChangeLog log;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ChangeStreams(ChangeLog log) {
        this.log = log;
    }

    /** Answers {@code ctx} with the stream of {@code segmentId}, from after record {@code after} (empty: from now). */
    public void stream(Context ctx, String segmentId, Optional<Long> after) throws Exception {
        // the cursor is taken before the response's headers are flushed: a record stored once a client sees the
        // stream open comes after it, and is sent by the catch-up or the subscription
        long cursor = after.orElseGet(log::lastId);
        new SseHandler(client -> {
            Subscriber s = new Subscriber(segmentId, client);
            // keepAlive first: a close() before it would leave the response open for ever (the server's graceful
            // stop would then wait for it); and the response's headers may reach the client before this runs, so
            // a stream registered after close() looked at the subscribers ends here
            client.keepAlive();
            client.onClose(() -> subscribers.remove(s));
            subscribers.add(s);
            if (closed) {
                client.close();
                return;
            }
            client.sendComment("changes of " + segmentId + " after " + cursor);
            try {
                s.catchUp(cursor);
            } catch (RuntimeException e) {
                LOG.warn("change stream of {} failed while sending stored records", segmentId, e);
                client.close();
            }
        }).handle(ctx);
    }

    /** Sends newly stored records to the streams of their segments. */
    public void publish(List<ChangeRecord> records) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (Subscriber s : subscribers) {
            s.offer(records);
        }
    }

    /** Open streams now. */
    public int open() {
        return subscribers.size();
    }

    public void close() {
        closed = true;
        for (Subscriber s : subscribers) {
            s.client.close();
        }
        subscribers.clear();
    }

    private final class Subscriber {
        private final String segmentId;
        private final SseClient client;
        private final List<ChangeRecord> held = new ArrayList<>();
        private boolean live;
        private long lastSent;

        Subscriber(String segmentId, SseClient client) {
            this.segmentId = segmentId;
            this.client = client;
        }

        /** Sends the stored records after {@code cursor}, then those held meanwhile, then goes live. */
        void catchUp(long cursor) {
            synchronized (this) {
                lastSent = cursor;
            }
            while (true) {
                List<ChangeRecord> page;
                synchronized (this) {
                    page = log.after(Optional.of(segmentId), lastSent, PAGE);
                    for (ChangeRecord r : page) {
                        send(r);
                    }
                    if (page.size() < PAGE) {
                        for (ChangeRecord r : held) {
                            send(r);
                        }
                        held.clear();
                        live = true;
                        return;
                    }
                }
            }
        }

        synchronized void offer(List<ChangeRecord> records) {
            for (ChangeRecord r : records) {
                if (!r.segmentId().equals(segmentId)) {
                    continue;
                }
                if (live) {
                    send(r);
                } else {
                    held.add(r);
                }
            }
        }

        private void send(ChangeRecord r) {
            if (r.id() <= lastSent || client.terminated()) {
                return;
            }
            client.sendEvent("change", r.streamJson(), Long.toString(r.id()));
            lastSent = r.id();
        }
    }
}

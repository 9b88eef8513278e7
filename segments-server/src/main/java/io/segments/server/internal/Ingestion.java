package io.segments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.HttpResponseException;
import io.segments.store.Ingestor;
import io.segments.store.Message;
import io.segments.store.MessageParser;
import io.segments.store.Store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The Segment-compatible ingestion endpoints: {@code POST /v1/batch} and the single-message
 * {@code /v1/track}, {@code /v1/identify}, {@code /v1/page}, {@code /v1/screen}, {@code /v1/alias},
 * {@code /v1/group}. A request is read (at most {@link Bodies#MAX_INGEST_BYTES}), parsed whole (the first bad
 * message fails it and nothing is stored), submitted to the {@link Ingestor} as one batch, and answered
 * {@code {"success": true}} only once that batch is durable. While it waits for the group commit the request
 * holds no thread, so many requests share one commit.
 */
public final class Ingestion {
    /** The single-message endpoints and the message type each implies. */
    public static final List<String> SINGLE_TYPES = List.of("track", "identify", "page", "screen", "alias", "group");
    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

    private final Store store;
    private final Executor responder;
    private final MessageParser parser = new MessageParser();
    private final InFlight inFlight = new InFlight();
    private volatile boolean refusing;

    /**
     * @param store     where messages go
     * @param responder where answers are written once a batch is durable (off the store's writer thread)
     */
    public Ingestion(Store store, Executor responder) {
        this.store = requireNonNull(store, "store is null");
        this.responder = requireNonNull(responder, "responder is null");
    }

    public void register(Javalin app) {
        app.post("/v1/batch", ctx -> ingest(ctx, null));
        for (String type : SINGLE_TYPES) {
            app.post("/v1/" + type, ctx -> ingest(ctx, type));
        }
    }

    private void ingest(Context ctx, String endpointType) throws IOException {
        if (refusing) {
            throw new HttpResponseException(HttpStatus.SERVICE_UNAVAILABLE.getCode(), "the server is shutting down");
        }
        long receivedAt = System.currentTimeMillis();
        JsonNode body = Json.parse(Bodies.readLimited(ctx, Bodies.MAX_INGEST_BYTES));
        List<Message> messages = endpointType == null
                ? parser.parseBatch(body, receivedAt)
                : List.of(parser.parse(body, endpointType, receivedAt, "$"));
        if (messages.isEmpty()) {
            ctx.json(SUCCESS);
            return;
        }
        Ingestor ingestor = store.ingestor();
        inFlight.enter();
        CompletableFuture<Void> durable;
        try {
            durable = ingestor.submit(messages);
        } catch (RuntimeException e) {
            inFlight.exit();
            throw e;
        }
        durable.whenComplete((ignored, failure) -> inFlight.exit());
        CompletableFuture<Void> answered = durable.handleAsync((ignored, failure) -> {
            if (failure == null) {
                ctx.json(SUCCESS);
            } else {
                Errors.respond(ctx, failure);
            }
            return null;
        }, responder);
        ctx.future(() -> answered);
    }

    /** From now on new ingestion requests are answered 503; those already accepted go on. */
    public void refuseNew() {
        refusing = true;
    }

    /** Waits until the batch of every accepted request is durable or failed. */
    public boolean awaitInFlight(long timeoutMillis) {
        return inFlight.awaitZero(timeoutMillis);
    }

    /** Counts batches submitted and not yet durable or failed. */
    private static final class InFlight {
        private int count;

        synchronized void enter() {
            count++;
        }

        synchronized void exit() {
            if (--count == 0) {
                notifyAll();
            }
        }

        synchronized boolean awaitZero(long timeoutMillis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (count > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}

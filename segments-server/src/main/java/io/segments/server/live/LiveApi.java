package io.segments.server.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.segments.catalog.SegmentCatalog;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.server.live.internal.Webhooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP side of live segments:
 * <ul>
 *   <li>{@code GET /api/segments/{id}/changes} of a live segment: a Server-Sent Events stream of its change
 *       records, each an event {@code change} with {@code id:} the record id and data
 *       {@code {"userId", "change": "entered"|"exited", "at", "observedAt"}} ({@code at} in event time,
 *       {@code observedAt} when the engine found it, see {@link ChangeRecord}); it resumes after the
 *       {@code Last-Event-ID} header or {@code ?after=ID} (stored records first), else starts with the next record.
 *       With {@code Accept: application/json}: a page of stored records {@code {"changes": [{id, segmentId,
 *       userId, change, at, observedAt}], "next": ID}} after {@code ?after=} (default 0), at most {@code ?limit=}
 *       (default 1000). Asking for neither ({@code Accept} naming neither type) is {@code invalid_request}.</li>
 *   <li>{@code POST /api/webhooks} {@code {"url", "segmentId"?, "secret"?}}: 201 with the webhook and its
 *       secret (generated when not given); {@code GET /api/webhooks}; {@code GET /api/webhooks/{id}};
 *       {@code DELETE /api/webhooks/{id}}: 204. See {@link io.segments.server.live.internal.Webhooks}.</li>
 * </ul>
 */
public final class LiveApi {
    private static final int MAX_PAGE = 1000;

    private final LiveService live;
    private final SegmentCatalog catalog;

    public LiveApi(LiveService live, SegmentCatalog catalog) {
        this.live = requireNonNull(live, "live is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Registers the webhook routes, and the change route when {@code withChanges} (else call {@link #changes}). */
    public void register(Javalin app, boolean withChanges) {
        if (withChanges) {
            app.get("/api/segments/{id}/changes", this::changes);
        }
        app.post("/api/webhooks", this::createWebhook);
        app.get("/api/webhooks", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Webhooks.Webhook w : live.webhooks().list()) {
                out.add(w.json(false));
            }
            ctx.json(Map.of("webhooks", out));
        });
        app.get("/api/webhooks/{id}", ctx -> ctx.json(live.webhooks().get(ctx.pathParam("id")).json(false)));
        app.delete("/api/webhooks/{id}", ctx -> {
            live.webhooks().delete(ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    /** The media type of a change stream. */
    public static final String EVENT_STREAM = "text/event-stream";

    /** Whether {@code ctx} asks for the Server-Sent Events stream ({@code Accept} names {@value #EVENT_STREAM}). */
    public static boolean wantsStream(Context ctx) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains(EVENT_STREAM);
    }

    /** Whether {@code ctx} asks for JSON rather than a stream. */
    public static boolean wantsJson(Context ctx) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains("application/json") && !wantsStream(ctx);
    }

    /** {@code GET /api/segments/{id}/changes} of a live segment (stream or JSON page, see the class description). */
    public void changes(Context ctx) throws Exception {
        Segment segment = catalog.get(ctx.pathParam("id"));
        String id = segment.id().orElseThrow();
        if (segment.type() != SegmentType.LIVE) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, segment.quotedName() + " is a "
                    + segment.type().json() + " segment: change records exist for live segments only");
        }
        Optional<Long> after = cursor(ctx);
        if (!wantsStream(ctx) && !wantsJson(ctx)) {
            // an SSE handler would answer such a client an empty 200
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "the changes of a live segment are"
                    + " a stream of events or pages of its stored records: ask with 'Accept: " + EVENT_STREAM
                    + "' (as EventSource does) for the stream, or with 'Accept: application/json' for a page");
        }
        if (wantsJson(ctx)) {
            int limit = ctx.queryParam("limit") == null ? MAX_PAGE : parseLong("limit", ctx.queryParam("limit")).intValue();
            if (limit < 1 || limit > MAX_PAGE) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                        "parameter limit: between 1 and " + MAX_PAGE + ", got " + limit);
            }
            List<ChangeRecord> records = live.records(Optional.of(id), after.orElse(0L), limit);
            List<Map<String, Object>> items = new ArrayList<>();
            for (ChangeRecord r : records) {
                items.add(r.fullJson());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("changes", items);
            body.put("next", records.isEmpty() ? after.orElse(0L) : records.get(records.size() - 1).id());
            ctx.json(body);
            return;
        }
        live.streams().stream(ctx, id, after);
    }

    private static Optional<Long> cursor(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return Optional.of(parseLong("Last-Event-ID", header.trim()));
        }
        String after = ctx.queryParam("after");
        return after == null || after.isBlank() ? Optional.empty() : Optional.of(parseLong("after", after));
    }

    private static Long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "parameter " + name + ": a record id (an integer), got \"" + value + "\"");
        }
    }

    private void createWebhook(Context ctx) {
        JsonNode body;
        try {
            body = io.segments.server.internal.Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "the body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject() || !body.path("url").isTextual()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "expected {\"url\": URL, \"segmentId\"?: ID, \"secret\"?: TEXT}", "$.url");
        }
        Optional<String> segmentId = text(body, "segmentId");
        segmentId.ifPresent(catalog::get);
        Webhooks.Webhook w = live.webhooks().create(body.get("url").asText(), segmentId, text(body, "secret"));
        ctx.status(201).json(w.json(true));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, field + " must be a string", "$." + field);
        }
        return Optional.of(n.asText());
    }
}

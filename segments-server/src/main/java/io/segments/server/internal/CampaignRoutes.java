package io.segments.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.segments.campaigns.CampaignDetails;
import io.segments.campaigns.CampaignJson;
import io.segments.campaigns.CampaignRequests;
import io.segments.campaigns.CampaignService;
import io.segments.campaigns.CampaignState;
import io.segments.campaigns.DeliveryStatus;
import io.segments.campaigns.TestSend;
import io.segments.model.SegmentsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The campaigns API, over a {@link CampaignService}. Bodies are JSON objects whose unknown keys are
 * errors; every error is the server's JSON error with the path of the offending place.
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><td>{@code POST /api/campaigns}</td><td>{@code {"segmentId", "name", "channel", "message",
 *       "trigger"?}}: 201, the campaign as a draft (404 at {@code $.segmentId} for an unknown segment);
 *       {@code "trigger": "onEnter"} (live segments only, else 400 at {@code $.trigger}) makes the send
 *       go to each user who enters the segment from then on, once per user</td></tr>
 *   <tr><td>{@code GET /api/campaigns?segmentId=&state=}</td><td>{@code {"campaigns": [...]}}: every campaign,
 *       newest first, of that segment and in that state when given</td></tr>
 *   <tr><td>{@code GET /api/campaigns/{id}}</td><td>the campaign with {@code send} (once started) and
 *       {@code stats}</td></tr>
 *   <tr><td>{@code PUT /api/campaigns/{id}}</td><td>the create body: the changed draft (409 once it started
 *       sending)</td></tr>
 *   <tr><td>{@code DELETE /api/campaigns/{id}}</td><td>204 for a draft; 409 once it started sending</td></tr>
 *   <tr><td>{@code GET /api/segments/{id}/campaigns}</td><td>{@code {"campaigns": [...]}}, newest first</td></tr>
 *   <tr><td>{@code POST /api/campaigns/preview}, {@code POST /api/campaigns/test}</td><td>the preview and the
 *       test send of an unsaved message: the create body ({@code name} optional) with {@code userId}, or with
 *       {@code to}, {@code userId}? and {@code traits}?; nothing is stored</td></tr>
 *   <tr><td>{@code POST /api/campaigns/{id}/preview}</td><td>{@code {"userId"}}: the message rendered for that
 *       user, whether the user is a member, and whether and why a send would skip the user</td></tr>
 *   <tr><td>{@code POST /api/campaigns/{id}/test}</td><td>{@code {"to", "userId"?, "traits"?}}: sends once to
 *       {@code to}; {@code {"to", "status": "sent"|"failed", ...}}</td></tr>
 *   <tr><td>{@code POST /api/campaigns/{id}/send}</td><td>202, the campaign {@code sending} with its frozen
 *       audience (a triggered campaign freezes none and stays {@code sending}, serving entering users);
 *       409 unless it is a draft</td></tr>
 *   <tr><td>{@code GET /api/campaigns/{id}/deliveries?status=&limit=&after=}</td><td>{@code {"deliveries":
 *       [...], "next": CURSOR or null}} in user id order</td></tr>
 * </table>
 */
public final class CampaignRoutes {
    /** The largest request body: an email's two bodies may each hold a million characters. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final String STATUSES = Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::json)
            .collect(Collectors.joining(", "));
    private static final String STATES = Arrays.stream(CampaignState.values()).map(CampaignState::json)
            .collect(Collectors.joining(", "));

    private final CampaignService campaigns;

    public CampaignRoutes(CampaignService campaigns) {
        this.campaigns = requireNonNull(campaigns, "campaigns is null");
    }

    public void register(Javalin app) {
        app.post("/api/campaigns", this::create);
        app.get("/api/campaigns", this::listAll);
        app.post("/api/campaigns/preview", this::previewUnsaved);
        app.post("/api/campaigns/test", this::testSendUnsaved);
        app.get("/api/campaigns/{id}", ctx -> ctx.json(CampaignJson.toJson(campaigns.get(ctx.pathParam("id")))));
        app.put("/api/campaigns/{id}", ctx -> ctx.json(CampaignJson.toJson(
                campaigns.update(ctx.pathParam("id"), CampaignJson.readNewCampaign(body(ctx))))));
        app.delete("/api/campaigns/{id}", ctx -> {
            campaigns.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        app.get("/api/segments/{id}/campaigns", this::list);
        app.post("/api/campaigns/{id}/preview", ctx -> ctx.json(CampaignJson.toJson(
                campaigns.preview(ctx.pathParam("id"), CampaignRequests.readPreviewRequest(body(ctx))))));
        app.post("/api/campaigns/{id}/test", this::testSend);
        app.post("/api/campaigns/{id}/send", this::send);
        app.get("/api/campaigns/{id}/deliveries", this::deliveries);
    }

    private void create(Context ctx) throws IOException {
        CampaignDetails created = campaigns.create(CampaignJson.readNewCampaign(body(ctx)));
        ctx.status(201).header("Location", "/api/campaigns/" + created.campaign().requireId())
                .json(CampaignJson.toJson(created));
    }

    private void list(Context ctx) {
        ctx.json(listJson(campaigns.list(ctx.pathParam("id"))));
    }

    private void listAll(Context ctx) {
        Optional<CampaignState> state = query(ctx, "state").map(s -> CampaignState.fromJson(s).orElseThrow(() ->
                invalid("state", "\"" + abbreviate(s) + "\" is not a campaign state: " + STATES)));
        ctx.json(listJson(campaigns.list(query(ctx, "segmentId"), state)));
    }

    private static ObjectNode listJson(List<CampaignDetails> details) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("campaigns");
        details.forEach(d -> list.add(CampaignJson.toJson(d)));
        return out;
    }

    private void previewUnsaved(Context ctx) throws IOException {
        CampaignRequests.UnsavedPreview request = CampaignRequests.readUnsavedPreview(body(ctx));
        ctx.json(CampaignJson.toJson(campaigns.preview(request.campaign(), request.userId())));
    }

    private void testSendUnsaved(Context ctx) throws IOException {
        CampaignRequests.UnsavedTestSend request = CampaignRequests.readUnsavedTestSend(body(ctx));
        ctx.json(CampaignJson.toJson(request.request().to(), campaigns.testSend(request.campaign(), request.request())));
    }

    private void testSend(Context ctx) throws IOException {
        TestSend request = CampaignRequests.readTestSend(body(ctx));
        ctx.json(CampaignJson.toJson(request.to(), campaigns.testSend(ctx.pathParam("id"), request)));
    }

    private void send(Context ctx) throws IOException {
        CampaignRequests.readSendRequest(body(ctx));
        CampaignDetails sending = campaigns.send(ctx.pathParam("id"));
        ctx.status(202).header("Location", "/api/campaigns/" + sending.campaign().requireId())
                .json(CampaignJson.toJson(sending));
    }

    private void deliveries(Context ctx) {
        Optional<DeliveryStatus> status = query(ctx, "status").map(s -> DeliveryStatus.fromJson(s).orElseThrow(() ->
                invalid("status", "\"" + abbreviate(s) + "\" is not a delivery status: " + STATUSES)));
        int limit = query(ctx, "limit").map(CampaignRoutes::limit).orElse(CampaignService.DEFAULT_PAGE);
        ctx.json(CampaignJson.toJson(campaigns.deliveries(ctx.pathParam("id"), status, limit, query(ctx, "after"))));
    }

    private static int limit(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("limit", "\"" + abbreviate(text) + "\" is not a whole number from 1 to "
                    + CampaignService.MAX_PAGE);
        }
    }

    private static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(s -> !s.isEmpty());
    }

    private static String body(Context ctx) throws IOException {
        return new String(Bodies.readLimited(ctx, MAX_BODY_BYTES), StandardCharsets.UTF_8);
    }

    private static SegmentsException invalid(String parameter, String message) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter " + parameter + ": " + message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}

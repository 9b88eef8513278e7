package io.segments.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.campaigns.internal.CompiledMessage;
import io.segments.campaigns.internal.Json;
import io.segments.model.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.segments.campaigns.internal.Json.checkKeys;
import static io.segments.campaigns.internal.Json.instant;
import static io.segments.campaigns.internal.Json.invalid;
import static io.segments.campaigns.internal.Json.key;
import static io.segments.campaigns.internal.Json.object;
import static io.segments.campaigns.internal.Json.optional;
import static io.segments.campaigns.internal.Json.required;
import static io.segments.campaigns.internal.Json.text;

/**
 * The JSON form of campaigns, delivery records and delivery stats.
 *
 * <pre>
 * {
 *   "id": "cmp_1",                     // assigned when stored
 *   "segmentId": "sgm_8f3k2",          // required
 *   "name": "Win back",                // required, 1..200 characters
 *   "channel": "email",                // required: email | sms | push
 *   "message": {...},                  // required, the channel's form:
 *       // email: {"subject": T, "html": T, "text": T}  subject (1..998) and html, text or both
 *       // sms:   {"text": T}                           1..1600 characters
 *       // push:  {"title": T, "body": T, "deepLink": T} title 1..200, body 1..4000, deepLink optional
 *   "trigger": "onEnter",              // optional: sent to each user entering the (live) segment
 *   "state": "draft",                  // draft (default) | sending | sent | failed
 *   "createdAt": "2026-11-28T10:00:00Z",
 *   "updatedAt": "2026-11-28T10:00:00Z"
 * }
 * </pre>
 * Every text {@code T} is a template ({@link CampaignTemplates}). Reading rejects unknown keys,
 * wrong types, out-of-range lengths and template syntax errors with an {@code invalid_request}
 * error whose path names the first offending place ({@code $.message.subject}).
 */
public final class CampaignJson {
    private static final List<String> CAMPAIGN_KEYS = List.of(
            "id", "segmentId", "name", "channel", "message", "trigger", "state", "createdAt", "updatedAt");
    private static final List<String> EMAIL_KEYS = List.of("subject", "html", "text");
    private static final List<String> SMS_KEYS = List.of("text");
    private static final List<String> PUSH_KEYS = List.of("title", "body", "deepLink");
    private static final Pattern URL_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Lengths of the texts, in characters (of the template, before rendering). */
    public static final int MAX_NAME = 200;
    public static final int MAX_SUBJECT = 998;
    public static final int MAX_EMAIL_BODY = 1_000_000;
    public static final int MAX_SMS = 1600;
    public static final int MAX_PUSH_TITLE = 200;
    public static final int MAX_PUSH_BODY = 4000;
    public static final int MAX_DEEP_LINK = 2000;
    /** The longest user id or test send address a request may carry. */
    public static final int MAX_ID = 4096;

    private CampaignJson() {
    }

    public static Campaign readCampaign(String json) {
        return readCampaign(Json.tree(json));
    }

    /** Reads a campaign resource; paths start at {@code $}. */
    public static Campaign readCampaign(JsonNode node) {
        String root = "$";
        JsonNode o = object(node, root, "a campaign");
        checkKeys(o, root, CAMPAIGN_KEYS, "a campaign");
        Optional<String> id = optional(o, "id").map(n -> text(n, key(root, "id"), "id", MAX_NAME));
        String segmentId = text(required(o, "segmentId", root, "a campaign"), key(root, "segmentId"), "segmentId",
                MAX_NAME);
        String name = text(required(o, "name", root, "a campaign"), key(root, "name"), "name", MAX_NAME);
        String channelPath = key(root, "channel");
        String channelName = text(required(o, "channel", root, "a campaign"), channelPath, "channel");
        Channel channel = Channel.fromJson(channelName).orElseThrow(() -> invalid(
                "unknown channel \"" + channelName + "\": expected email, sms or push", channelPath));
        Message message = readMessage(required(o, "message", root, "a campaign"), channel, key(root, "message"));
        CampaignState state = optional(o, "state").map(n -> {
            String s = text(n, key(root, "state"), "state");
            return CampaignState.fromJson(s).orElseThrow(() -> invalid(
                    "unknown campaign state \"" + s + "\": expected draft, sending, sent or failed", key(root, "state")));
        }).orElse(CampaignState.DRAFT);
        Optional<Instant> createdAt = optional(o, "createdAt").map(n -> instant(n, key(root, "createdAt")));
        Optional<Instant> updatedAt = optional(o, "updatedAt").map(n -> instant(n, key(root, "updatedAt")));
        Optional<CampaignTrigger> trigger = optional(o, "trigger").map(n -> {
            String t = text(n, key(root, "trigger"), "trigger");
            return CampaignTrigger.fromJson(t).orElseThrow(() -> invalid(
                    "unknown trigger \"" + t + "\": expected onEnter (or no trigger)", key(root, "trigger")));
        });
        return new Campaign(id, segmentId, name, channel, message, state, createdAt, updatedAt, trigger);
    }

    /** Reads the message of a campaign on {@code channel} at {@code path}, templates checked. */
    public static Message readMessage(JsonNode node, Channel channel, String path) {
        String what = "a " + channel.json() + " message";
        JsonNode o = object(node, path, what);
        Message message;
        switch (channel) {
            case EMAIL: {
                checkKeys(o, path, EMAIL_KEYS, what);
                String subject = text(required(o, "subject", path, what), key(path, "subject"), "the subject",
                        MAX_SUBJECT);
                Optional<String> html = optional(o, "html").map(n -> text(n, key(path, "html"), "the HTML body",
                        MAX_EMAIL_BODY));
                Optional<String> text = optional(o, "text").map(n -> text(n, key(path, "text"), "the text body",
                        MAX_EMAIL_BODY));
                if (html.isEmpty() && text.isEmpty()) {
                    throw invalid("an email message needs \"html\", \"text\" or both", path);
                }
                message = new Message.Email(subject, html, text);
                break;
            }
            case SMS: {
                checkKeys(o, path, SMS_KEYS, what);
                message = new Message.Sms(text(required(o, "text", path, what), key(path, "text"), "the text", MAX_SMS));
                break;
            }
            case PUSH: {
                checkKeys(o, path, PUSH_KEYS, what);
                String title = text(required(o, "title", path, what), key(path, "title"), "the title", MAX_PUSH_TITLE);
                String body = text(required(o, "body", path, what), key(path, "body"), "the body", MAX_PUSH_BODY);
                Optional<String> deepLink = optional(o, "deepLink").map(n -> {
                    String link = text(n, key(path, "deepLink"), "the deep link", MAX_DEEP_LINK);
                    if (!URL_WITH_SCHEME.matcher(link).matches()) {
                        throw invalid("the deep link \"" + link + "\" is not a URL with a scheme, e.g. "
                                + "myapp://offers/42 or https://example.com/offers", key(path, "deepLink"));
                    }
                    return link;
                });
                message = new Message.Push(title, body, deepLink);
                break;
            }
            default:
                throw new IllegalStateException("channel without a message form: " + channel);
        }
        CompiledMessage.compile(message, path);
        return message;
    }

    /**
     * Reads the body of a new campaign, {@code {"segmentId", "name", "channel", "message", "trigger"?}}, as
     * {@link #readCampaign} does. The server assigns {@code id}, {@code createdAt} and
     * {@code updatedAt}; these keys in the body are ignored. A new campaign is a draft: any other
     * {@code state} is an error.
     */
    public static Campaign readNewCampaign(String json) {
        Campaign body = readCampaign(json);
        if (body.state() != CampaignState.DRAFT) {
            throw invalid("a new campaign is a draft, not " + body.state().json()
                    + ": send it with POST /api/campaigns/{id}/send", "$.state");
        }
        return Campaign.draft(body.segmentId(), body.name(), body.message()).withTrigger(body.trigger());
    }

    public static ObjectNode toJson(Campaign campaign) {
        ObjectNode o = NODES.objectNode();
        campaign.id().ifPresent(id -> o.put("id", id));
        o.put("segmentId", campaign.segmentId());
        o.put("name", campaign.name());
        o.put("channel", campaign.channel().json());
        o.set("message", toJson(campaign.message()));
        campaign.trigger().ifPresent(t -> o.put("trigger", t.json()));
        o.put("state", campaign.state().json());
        campaign.createdAt().ifPresent(t -> o.put("createdAt", t.toString()));
        campaign.updatedAt().ifPresent(t -> o.put("updatedAt", t.toString()));
        return o;
    }

    public static String write(Campaign campaign) {
        return toJson(campaign).toString();
    }

    /** A message (a campaign's templates or a rendered message) in its channel's form. */
    public static ObjectNode toJson(Message message) {
        ObjectNode o = NODES.objectNode();
        message.accept(new Message.Visitor<Void>() {
            @Override
            public Void email(Message.Email email) {
                o.put("subject", email.subject());
                email.html().ifPresent(h -> o.put("html", h));
                email.text().ifPresent(t -> o.put("text", t));
                return null;
            }

            @Override
            public Void sms(Message.Sms sms) {
                o.put("text", sms.text());
                return null;
            }

            @Override
            public Void push(Message.Push push) {
                o.put("title", push.title());
                o.put("body", push.body());
                push.deepLink().ifPresent(l -> o.put("deepLink", l));
                return null;
            }
        });
        return o;
    }

    /**
     * A preview: {@code {"message": {...}}} when it renders, or
     * {@code {"missing": "firstName", "path": "$.message.subject", "reason": "missing placeholder value: firstName"}}.
     */
    public static ObjectNode toJson(Rendering rendering) {
        ObjectNode o = NODES.objectNode();
        if (rendering instanceof Rendering.Rendered r) {
            o.set("message", toJson(r.message()));
        } else {
            Rendering.Missing m = (Rendering.Missing) rendering;
            o.put("missing", m.placeholder());
            o.put("path", m.path());
            o.put("reason", m.reason());
        }
        return o;
    }

    /**
     * {@code {"userId", "status", "recipient"?, "providerMessageId"?, "skipReason"?, "reason"?,
     * "attempts", "idempotencyKey", "updatedAt"}}.
     */
    public static ObjectNode toJson(Delivery delivery) {
        ObjectNode o = NODES.objectNode();
        o.put("userId", delivery.userId());
        o.put("status", delivery.status().json());
        delivery.recipient().ifPresent(r -> o.put("recipient", r));
        delivery.providerMessageId().ifPresent(id -> o.put("providerMessageId", id));
        delivery.skipReason().ifPresent(r -> o.put("skipReason", r.json()));
        delivery.reason().ifPresent(r -> o.put("reason", r));
        o.put("attempts", delivery.attempts());
        o.put("idempotencyKey", delivery.idempotencyKey());
        o.put("updatedAt", delivery.updatedAt().toString());
        return o;
    }

    /**
     * A stored campaign as the API shows it: the campaign's keys, then {@code "send"} once it
     * started ({@link #toJson(CampaignRun)}) and {@code "stats"} ({@link #toJson(DeliveryStats)}).
     */
    public static ObjectNode toJson(CampaignDetails details) {
        ObjectNode o = toJson(details.campaign());
        details.run().ifPresent(r -> o.set("send", toJson(r)));
        o.set("stats", toJson(details.stats()));
        return o;
    }

    /**
     * {@code {"startedAt", "frozenAt"?, "finishedAt"?, "members", "audience", "excluded":
     * {"notReachable", "optedOut"}}}.
     */
    public static ObjectNode toJson(CampaignRun run) {
        ObjectNode o = NODES.objectNode();
        o.put("startedAt", run.startedAt().toString());
        run.frozenAt().ifPresent(t -> o.put("frozenAt", t.toString()));
        run.finishedAt().ifPresent(t -> o.put("finishedAt", t.toString()));
        o.put("members", run.members());
        o.put("audience", run.audience());
        ObjectNode excluded = o.putObject("excluded");
        excluded.put(SkipReason.NOT_REACHABLE.json(), run.notReachable());
        excluded.put(SkipReason.OPTED_OUT.json(), run.optedOut());
        return o;
    }

    /**
     * {@code {"campaignId"?, "userId", "member", "message"?, "missing"?: {"placeholder", "path"},
     * "wouldSkip", "skipReason"?, "reason"?}}: {@code message} when every placeholder has a value or a
     * fallback, else {@code missing} names the first one without; no {@code campaignId} for a message
     * previewed without being stored.
     */
    public static ObjectNode toJson(CampaignPreview preview) {
        ObjectNode o = NODES.objectNode();
        preview.campaignId().ifPresent(id -> o.put("campaignId", id));
        o.put("userId", preview.userId());
        o.put("member", preview.member());
        if (preview.rendering() instanceof Rendering.Rendered r) {
            o.set("message", toJson(r.message()));
        } else {
            Rendering.Missing m = (Rendering.Missing) preview.rendering();
            ObjectNode missing = o.putObject("missing");
            missing.put("placeholder", m.placeholder());
            missing.put("path", m.path());
        }
        o.put("wouldSkip", preview.wouldSkip());
        preview.skipReason().ifPresent(r -> o.put("skipReason", r.json()));
        preview.reason().ifPresent(r -> o.put("reason", r));
        return o;
    }

    /** {@code {"deliveries": [...], "next": CURSOR or null}}. */
    public static ObjectNode toJson(DeliveryPage page) {
        ObjectNode o = NODES.objectNode();
        ArrayNode deliveries = o.putArray("deliveries");
        page.deliveries().forEach(d -> deliveries.add(toJson(d)));
        if (page.next().isPresent()) {
            o.put("next", page.next().get());
        } else {
            o.putNull("next");
        }
        return o;
    }

    /**
     * The answer of a test send: {@code {"to", "status": "sent", "providerMessageId"}} or
     * {@code {"to", "status": "failed", "reason", "retryable"}}.
     */
    public static ObjectNode toJson(String to, SendResult result) {
        ObjectNode o = NODES.objectNode();
        o.put("to", to);
        if (result instanceof SendResult.Accepted a) {
            o.put("status", DeliveryStatus.SENT.json());
            o.put("providerMessageId", a.providerMessageId());
        } else {
            SendResult.Rejected r = (SendResult.Rejected) result;
            o.put("status", DeliveryStatus.FAILED.json());
            o.put("reason", r.reason());
            o.put("retryable", r.retryable());
        }
        return o;
    }

    /**
     * {@code {"campaignId", "audience", "sent", "failed", "skipped": {"total", "notReachable",
     * "optedOut", "missingPlaceholder"}, "pending"}}.
     */
    public static ObjectNode toJson(DeliveryStats stats) {
        ObjectNode o = NODES.objectNode();
        o.put("campaignId", stats.campaignId());
        o.put("audience", stats.audience());
        o.put("sent", stats.sent());
        o.put("failed", stats.failed());
        ObjectNode skipped = o.putObject("skipped");
        skipped.put("total", stats.skippedTotal());
        for (SkipReason r : SkipReason.values()) {
            skipped.put(r.json(), stats.skipped(r));
        }
        o.put("pending", stats.pending());
        return o;
    }
}

package io.segments.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.campaigns.internal.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.segments.campaigns.internal.Json.checkKeys;
import static io.segments.campaigns.internal.Json.object;
import static io.segments.campaigns.internal.Json.optional;
import static io.segments.campaigns.internal.Json.required;
import static io.segments.campaigns.internal.Json.text;
import static java.util.Objects.requireNonNull;

/**
 * The bodies of the requests about campaigns other than the campaign itself ({@link CampaignJson}):
 * previews, test sends and sends of a stored campaign, and previews and test sends of an unsaved
 * message, whose body is the campaign's ({@code segmentId}, {@code channel}, {@code message}, and
 * {@code name}, which may be left out) with the request's keys beside it. Unknown keys and bad values
 * are {@code invalid_request} errors at their path.
 */
public final class CampaignRequests {
    /** The name of an unsaved campaign whose body gives none (it appears nowhere in a message). */
    public static final String UNSAVED_NAME = "Unsaved campaign";
    private static final List<String> UNSAVED_KEYS = List.of("segmentId", "name", "channel", "message");
    private static final List<String> TEST_SEND_KEYS = List.of("to", "userId", "traits");

    private CampaignRequests() {
    }

    /** A preview of an unsaved message for user {@code userId}. */
    public record UnsavedPreview(Campaign campaign, String userId) {
        public UnsavedPreview {
            requireNonNull(campaign, "campaign is null");
            requireNonNull(userId, "userId is null");
        }
    }

    /** A test send of an unsaved message. */
    public record UnsavedTestSend(Campaign campaign, TestSend request) {
        public UnsavedTestSend {
            requireNonNull(campaign, "campaign is null");
            requireNonNull(request, "request is null");
        }
    }

    /** Reads a preview request {@code {"userId": "u42"}} and answers the user id. */
    public static String readPreviewRequest(String json) {
        String what = "a preview request";
        JsonNode o = object(Json.tree(json), "$", what);
        checkKeys(o, "$", List.of("userId"), what);
        return userId(o, what);
    }

    /**
     * Reads a test send request {@code {"to": "ann@example.com", "userId"?: "u42", "traits"?: {...}}}:
     * {@code to} an address, number or push token; the message is rendered with the traits of
     * {@code userId} when given, overlaid with {@code traits}.
     */
    public static TestSend readTestSend(String json) {
        String what = "a test send request";
        JsonNode o = object(Json.tree(json), "$", what);
        checkKeys(o, "$", TEST_SEND_KEYS, what);
        return testSend(o, what);
    }

    /** Reads the body of a send request: nothing, or an empty object. */
    public static void readSendRequest(String json) {
        if (json == null || json.isBlank()) {
            return;
        }
        JsonNode o = object(Json.tree(json), "$", "a send request");
        checkKeys(o, "$", List.of(), "a send request (it takes no options)");
    }

    /**
     * Reads the preview of an unsaved message,
     * {@code {"segmentId", "name"?, "channel", "message", "userId"}}.
     */
    public static UnsavedPreview readUnsavedPreview(String json) {
        String what = "a preview of an unsaved campaign";
        JsonNode o = object(Json.tree(json), "$", what);
        checkKeys(o, "$", with(UNSAVED_KEYS, List.of("userId")), what);
        Campaign campaign = unsaved(o, List.of("userId"));
        return new UnsavedPreview(campaign, userId(o, what));
    }

    /**
     * Reads the test send of an unsaved message,
     * {@code {"segmentId", "name"?, "channel", "message", "to", "userId"?, "traits"?}}.
     */
    public static UnsavedTestSend readUnsavedTestSend(String json) {
        String what = "a test send of an unsaved campaign";
        JsonNode o = object(Json.tree(json), "$", what);
        checkKeys(o, "$", with(UNSAVED_KEYS, TEST_SEND_KEYS), what);
        Campaign campaign = unsaved(o, TEST_SEND_KEYS);
        return new UnsavedTestSend(campaign, testSend(o, what));
    }

    /** The campaign of an unsaved request body: its campaign keys read as a new draft's. */
    private static Campaign unsaved(JsonNode body, List<String> requestKeys) {
        ObjectNode campaign = ((ObjectNode) body).deepCopy();
        campaign.remove(requestKeys);
        if (!campaign.has("name")) {
            campaign.put("name", UNSAVED_NAME);
        }
        Campaign read = CampaignJson.readCampaign(campaign);
        return Campaign.draft(read.segmentId(), read.name(), read.message());
    }

    private static String userId(JsonNode o, String what) {
        return text(required(o, "userId", "$", what), "$.userId", "userId", CampaignJson.MAX_ID);
    }

    private static TestSend testSend(JsonNode o, String what) {
        String to = text(required(o, "to", "$", what), "$.to", "to", CampaignJson.MAX_ID);
        Optional<String> userId = optional(o, "userId").map(n -> text(n, "$.userId", "userId", CampaignJson.MAX_ID));
        Map<String, Object> traits = new LinkedHashMap<>();
        optional(o, "traits").ifPresent(n -> {
            object(n, "$.traits", "traits");
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) Json.untyped(n);
            traits.putAll(values);
        });
        return new TestSend(to, userId, traits);
    }

    private static List<String> with(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

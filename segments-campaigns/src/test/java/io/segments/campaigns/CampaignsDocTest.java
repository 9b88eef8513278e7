package io.segments.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.campaigns.internal.Cursors;
import io.segments.campaigns.internal.Json;
import io.segments.campaigns.internal.WebhookProvider;
import io.segments.model.Channel;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code json} example of {@code docs/campaigns.md} is what the code reads or writes: campaigns
 * in canonical form and as the API shows them, previews, delivery records, pages and stats, test
 * send answers as they are written, a delivery configuration that loads, and a webhook body as the
 * provider sends it.
 */
class CampaignsDocTest {
    private static final Path GUIDE = Path.of("..", "docs", "campaigns.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyJsonExampleIsWhatTheCodeReadsOrWrites() throws IOException {
        String guide = Files.readString(GUIDE);
        List<String> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(guide);
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertThat(examples).as("examples in %s", GUIDE).hasSizeGreaterThanOrEqualTo(14);
        return examples.stream().map(json -> DynamicTest.dynamicTest(json.strip().lines().findFirst().orElse(""),
                () -> check(json)));
    }

    private static void check(String json) throws IOException {
        JsonNode tree = Json.tree(json);
        String compact = PLAIN.writeValueAsString(PLAIN.readTree(json));
        if (tree.has("stats")) {
            ObjectNode campaign = ((ObjectNode) tree).deepCopy();
            campaign.remove(List.of("send", "stats"));
            JsonNode send = tree.get("send");
            CampaignRun run = new CampaignRun(Instant.parse(send.get("startedAt").asText()), instant(send, "frozenAt"),
                    instant(send, "finishedAt"), send.get("members").asLong(), send.get("audience").asLong(),
                    send.get("excluded").get("notReachable").asLong(), send.get("excluded").get("optedOut").asLong());
            CampaignDetails details = new CampaignDetails(CampaignJson.readCampaign(campaign), Optional.of(run),
                    stats(tree.get("stats")));
            assertThat(CampaignJson.toJson(details).toString()).isEqualTo(compact);
        } else if (tree.has("wouldSkip")) {
            Rendering rendering;
            if (tree.has("message")) {
                JsonNode m = tree.get("message");
                Channel channel = m.has("subject") ? Channel.EMAIL : m.has("title") ? Channel.PUSH : Channel.SMS;
                rendering = new Rendering.Rendered(CampaignJson.readMessage(m, channel, "$.message"));
            } else {
                rendering = new Rendering.Missing(tree.get("missing").get("placeholder").asText(),
                        tree.get("missing").get("path").asText());
            }
            CampaignPreview preview = new CampaignPreview(text(tree, "campaignId"), tree.get("userId").asText(),
                    tree.get("member").asBoolean(), rendering,
                    text(tree, "skipReason").map(r -> SkipReason.fromJson(r).orElseThrow()), text(tree, "reason"));
            assertThat(preview.wouldSkip()).isEqualTo(tree.get("wouldSkip").asBoolean());
            if (rendering instanceof Rendering.Missing missing && preview.skipReason().orElseThrow()
                    == SkipReason.MISSING_PLACEHOLDER) {
                assertThat(preview.reason()).hasValue(missing.reason());
            }
            assertThat(CampaignJson.toJson(preview).toString()).isEqualTo(compact);
        } else if (tree.has("deliveries")) {
            List<Delivery> deliveries = new ArrayList<>();
            tree.get("deliveries").forEach(d -> deliveries.add(delivery(d)));
            Optional<String> next = text(tree, "next");
            next.ifPresent(n -> assertThat(n).as("the cursor after the page's last user")
                    .isEqualTo(Cursors.encode(deliveries.get(deliveries.size() - 1).userId())));
            assertThat(CampaignJson.toJson(new DeliveryPage(deliveries, next)).toString()).isEqualTo(compact);
        } else if (tree.has("to") && tree.has("status")) {
            SendResult result = tree.get("status").asText().equals("sent")
                    ? new SendResult.Accepted(tree.get("providerMessageId").asText())
                    : new SendResult.Rejected(tree.get("reason").asText(), tree.get("retryable").asBoolean());
            assertThat(CampaignJson.toJson(tree.get("to").asText(), result).toString()).isEqualTo(compact);
        } else if (tree.has("segmentId")) {
            assertThat(CampaignJson.write(CampaignJson.readCampaign(tree))).isEqualTo(compact);
        } else if (tree.has("audience")) {
            assertThat(CampaignJson.toJson(stats(tree)).toString()).isEqualTo(compact);
        } else if (tree.has("status")) {
            assertThat(CampaignJson.toJson(delivery(tree)).toString()).isEqualTo(compact);
        } else if (tree.has("idempotencyKey")) {
            Channel channel = Channel.fromJson(tree.get("channel").asText()).orElseThrow();
            Message message = CampaignJson.readMessage(tree.get("message"), channel, "$.message");
            List<String> to = new ArrayList<>();
            tree.get("to").forEach(t -> to.add(t.asText()));
            DeliveryKey key = new DeliveryKey(tree.get("campaignId").asText(), tree.get("userId").asText());
            assertThat(WebhookProvider.body(message, new Recipient(to), key).toString()).isEqualTo(compact);
        } else {
            DeliveryConfig config = DeliveryConfig.fromJson(json);
            assertThat(config).isNotEqualTo(DeliveryConfig.defaults());
        }
    }

    private static DeliveryStats stats(JsonNode tree) {
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        for (SkipReason r : SkipReason.values()) {
            skipped.put(r, tree.get("skipped").get(r.json()).asLong());
        }
        return new DeliveryStats(tree.get("campaignId").asText(), tree.get("audience").asLong(),
                tree.get("sent").asLong(), tree.get("failed").asLong(), skipped, tree.get("pending").asLong());
    }

    /** A delivery record of campaign {@code cmp_1}, whose idempotency key must be the one derived from it. */
    private static Delivery delivery(JsonNode tree) {
        String userId = tree.get("userId").asText();
        Delivery d = new Delivery("cmp_1", userId, DeliveryStatus.fromJson(tree.get("status").asText()).orElseThrow(),
                tree.get("idempotencyKey").asText(), text(tree, "recipient"), text(tree, "providerMessageId"),
                text(tree, "skipReason").map(r -> SkipReason.fromJson(r).orElseThrow()), text(tree, "reason"),
                tree.get("attempts").asInt(), Instant.parse(tree.get("updatedAt").asText()));
        assertThat(d.idempotencyKey()).isEqualTo(new DeliveryKey("cmp_1", userId).idempotencyKey());
        return d;
    }

    private static Optional<Instant> instant(JsonNode tree, String key) {
        return text(tree, key).map(Instant::parse);
    }

    private static Optional<String> text(JsonNode tree, String key) {
        return Optional.ofNullable(tree.get(key)).filter(n -> !n.isNull()).map(JsonNode::asText);
    }
}

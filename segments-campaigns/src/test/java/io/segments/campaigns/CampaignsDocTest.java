package io.segments.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * in canonical form, a delivery configuration that loads, delivery records and stats as they are
 * written, and a webhook body as the provider sends it.
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
        assertThat(examples).as("examples in %s", GUIDE).hasSizeGreaterThanOrEqualTo(8);
        return examples.stream().map(json -> DynamicTest.dynamicTest(json.strip().lines().findFirst().orElse(""),
                () -> check(json)));
    }

    private static void check(String json) throws IOException {
        JsonNode tree = Json.tree(json);
        String compact = PLAIN.writeValueAsString(PLAIN.readTree(json));
        if (tree.has("segmentId")) {
            assertThat(CampaignJson.write(CampaignJson.readCampaign(tree))).isEqualTo(compact);
        } else if (tree.has("audience")) {
            Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
            for (SkipReason r : SkipReason.values()) {
                skipped.put(r, tree.get("skipped").get(r.json()).asLong());
            }
            DeliveryStats stats = new DeliveryStats(tree.get("campaignId").asText(), tree.get("audience").asLong(),
                    tree.get("sent").asLong(), tree.get("failed").asLong(), skipped, tree.get("pending").asLong());
            assertThat(CampaignJson.toJson(stats).toString()).isEqualTo(compact);
        } else if (tree.has("status")) {
            String userId = tree.get("userId").asText();
            Delivery d = new Delivery("cmp_1", userId, DeliveryStatus.fromJson(tree.get("status").asText()).orElseThrow(),
                    tree.get("idempotencyKey").asText(), text(tree, "recipient"), text(tree, "providerMessageId"),
                    text(tree, "skipReason").map(r -> SkipReason.fromJson(r).orElseThrow()), text(tree, "reason"),
                    tree.get("attempts").asInt(), Instant.parse(tree.get("updatedAt").asText()));
            assertThat(CampaignJson.toJson(d).toString()).isEqualTo(compact);
            assertThat(d.idempotencyKey()).isEqualTo(new DeliveryKey("cmp_1", userId).idempotencyKey());
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

    private static Optional<String> text(JsonNode tree, String key) {
        return Optional.ofNullable(tree.get(key)).map(JsonNode::asText);
    }
}

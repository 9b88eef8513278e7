package io.segments.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.campaigns.internal.Json;
import io.segments.model.Channel;
import io.segments.model.SegmentsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CampaignJsonTest {
    private static final String EMAIL = """
            {"id": "cmp_1", "segmentId": "sgm_8f3k2", "name": "Win back", "channel": "email",
             "message": {"subject": "We miss you, {{firstName | \\"friend\\"}}", "html": "<p>Hi {{firstName}}</p>",
                         "text": "Hi {{firstName}}"},
             "state": "sent", "createdAt": "2026-11-28T10:00:00Z", "updatedAt": "2026-11-28T11:00:00Z"}""";

    @Test
    void readsAnEmailCampaign() {
        Campaign c = CampaignJson.readCampaign(EMAIL);
        assertThat(c.id()).hasValue("cmp_1");
        assertThat(c.segmentId()).isEqualTo("sgm_8f3k2");
        assertThat(c.channel()).isEqualTo(Channel.EMAIL);
        assertThat(c.state()).isEqualTo(CampaignState.SENT);
        assertThat(c.message()).isEqualTo(new Message.Email("We miss you, {{firstName | \"friend\"}}",
                Optional.of("<p>Hi {{firstName}}</p>"), Optional.of("Hi {{firstName}}")));
        assertThat(c.createdAt()).hasValue(Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void writingThenReadingGivesTheSameCampaignForEveryChannel() {
        Campaign email = CampaignJson.readCampaign(EMAIL);
        Campaign sms = Campaign.draft("sgm_1", "Flash sale", new Message.Sms("Sale! {{firstName | \"\"}}")).withId("c2");
        Campaign push = Campaign.draft("sgm_1", "Cart", new Message.Push("Your cart", "{{n}} items waiting",
                Optional.of("myapp://cart/{{cartId}}")));
        Campaign textOnly = Campaign.draft("sgm_1", "Plain", new Message.Email("S", Optional.empty(), Optional.of("t")));
        for (Campaign c : new Campaign[] {email, sms, push, textOnly}) {
            String json = CampaignJson.write(c);
            assertThat(CampaignJson.readCampaign(json)).isEqualTo(c);
            assertThat(CampaignJson.write(CampaignJson.readCampaign(json))).isEqualTo(json);
        }
    }

    @Test
    void aNameCountsItsCharactersAsCodePointsSo200EmojiFit() {
        String emoji = "\uD83C\uDF89".repeat(200); // 400 UTF-16 units
        Campaign c = CampaignJson.readCampaign("{\"segmentId\": \"s\", \"name\": \"" + emoji
                + "\", \"channel\": \"sms\", \"message\": {\"text\": \"hi\"}}");
        assertThat(c.name()).isEqualTo(emoji);
    }

    @Test
    void aNewCampaignIsADraft() {
        Campaign c = CampaignJson.readCampaign("""
                {"segmentId": "s", "name": "n", "channel": "sms", "message": {"text": "hi"}}""");
        assertThat(c.state()).isEqualTo(CampaignState.DRAFT);
        assertThat(c.id()).isEmpty();
    }

    static Stream<Arguments> invalidCampaigns() {
        String base = "\"segmentId\": \"s\", \"name\": \"n\", ";
        return Stream.of(
                arguments("[]", "$", "a campaign is a JSON object"),
                arguments("{" + base + "\"channel\": \"email\", \"message\": {\"subject\": \"x\", \"text\": \"t\"}, "
                        + "\"color\": 1}", "$.color", "unknown key \"color\" in a campaign"),
                arguments("{\"name\": \"n\", \"channel\": \"sms\", \"message\": {\"text\": \"t\"}}", "$.segmentId",
                        "needs \"segmentId\""),
                arguments("{" + "\"segmentId\": \"s\", \"name\": \"  \", \"channel\": \"sms\", \"message\": {\"text\": \"t\"}}",
                        "$.name", "name is empty"),
                arguments("{" + "\"segmentId\": \"s\", \"name\": \"" + "x".repeat(201) + "\", \"channel\": \"sms\", "
                        + "\"message\": {\"text\": \"t\"}}", "$.name", "201 characters long; at most 200"),
                arguments("{" + "\"segmentId\": \"s\", \"name\": \"" + "\uD83C\uDF89".repeat(201) + "\", \"channel\": \"sms\", "
                        + "\"message\": {\"text\": \"t\"}}", "$.name", "201 characters long; at most 200"),
                arguments("{" + base + "\"channel\": \"fax\", \"message\": {\"text\": \"t\"}}", "$.channel",
                        "unknown channel \"fax\""),
                arguments("{" + base + "\"channel\": \"email\"}", "$.message", "needs \"message\""),
                arguments("{" + base + "\"channel\": \"email\", \"message\": {\"text\": \"t\"}}", "$.message.subject",
                        "needs \"subject\""),
                arguments("{" + base + "\"channel\": \"email\", \"message\": {\"subject\": \"s\"}}", "$.message",
                        "needs \"html\", \"text\" or both"),
                arguments("{" + base + "\"channel\": \"email\", \"message\": {\"subject\": 3, \"text\": \"t\"}}",
                        "$.message.subject", "the subject is a string, not a number"),
                arguments("{" + base + "\"channel\": \"email\", \"message\": {\"subject\": \"Hi {{name\", \"text\": \"t\"}}",
                        "$.message.subject", "unclosed placeholder"),
                arguments("{" + base + "\"channel\": \"email\", \"message\": {\"subject\": \"s\", \"html\": \"{{}}\"}}",
                        "$.message.html", "empty placeholder"),
                arguments("{" + base + "\"channel\": \"sms\", \"message\": {\"subject\": \"s\", \"text\": \"t\"}}",
                        "$.message.subject", "unknown key \"subject\" in a sms message"),
                arguments("{" + base + "\"channel\": \"sms\", \"message\": {\"text\": \"" + "x".repeat(1601) + "\"}}",
                        "$.message.text", "at most 1600"),
                arguments("{" + base + "\"channel\": \"push\", \"message\": {\"title\": \"t\"}}", "$.message.body",
                        "needs \"body\""),
                arguments("{" + base + "\"channel\": \"push\", \"message\": {\"title\": \"t\", \"body\": \"b\", "
                        + "\"deepLink\": \"cart/42\"}}", "$.message.deepLink", "not a URL with a scheme"),
                arguments("{" + base + "\"channel\": \"push\", \"message\": {\"title\": \"t\", \"body\": \"{{a | x}}\"}}",
                        "$.message.body", "a fallback is a double-quoted string"),
                arguments("{" + base + "\"channel\": \"sms\", \"message\": {\"text\": \"t\"}, \"state\": \"done\"}",
                        "$.state", "unknown campaign state \"done\""),
                arguments("{" + base + "\"channel\": \"sms\", \"message\": {\"text\": \"t\"}, \"createdAt\": \"yesterday\"}",
                        "$.createdAt", "not an ISO-8601 instant"),
                arguments("{" + base + "\"channel\": \"sms\", \"message\": {\"text\": \"t\", \"text\": \"u\"}}",
                        "$.message.text", "Duplicate field"),
                arguments("{\"segmentId\": \"s\", \"name\": }", "$.name", "malformed JSON"),
                arguments("", "$", "no JSON value"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("invalidCampaigns")
    void invalidCampaignsAreRejectedWithThePathOfTheFirstOffendingPlace(String json, String path, String message) {
        assertThatThrownBy(() -> CampaignJson.readCampaign(json))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).hasValue(path);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void theChannelAndTheMessageFormAgree() {
        assertThatThrownBy(() -> new Campaign(Optional.empty(), "s", "n", Channel.SMS,
                new Message.Push("t", "b", Optional.empty()), CampaignState.DRAFT, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).hasValue("$.message"));
    }

    @Test
    void statsAndDeliveriesHaveCamelCaseJson() {
        DeliveryStats stats = new DeliveryStats("c", 10, 5, 1, Map.of(SkipReason.OPTED_OUT, 2L,
                SkipReason.MISSING_PLACEHOLDER, 1L), 1);
        JsonNode json = CampaignJson.toJson(stats);
        assertThat(json.toString()).isEqualTo("{\"campaignId\":\"c\",\"audience\":10,\"sent\":5,\"failed\":1,"
                + "\"skipped\":{\"total\":3,\"notReachable\":0,\"optedOut\":2,\"missingPlaceholder\":1},\"pending\":1}");
        Delivery d = new Delivery("c", "u1", DeliveryStatus.SKIPPED, "k", Optional.empty(), Optional.empty(),
                Optional.of(SkipReason.OPTED_OUT), Optional.of("opted out: emailOptOut is true"), 0,
                Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(CampaignJson.toJson(d).toString()).isEqualTo("{\"userId\":\"u1\",\"status\":\"skipped\","
                + "\"skipReason\":\"optedOut\",\"reason\":\"opted out: emailOptOut is true\",\"attempts\":0,"
                + "\"idempotencyKey\":\"k\",\"updatedAt\":\"2026-11-28T10:00:00Z\"}");
        assertThat(Json.tree(CampaignJson.toJson(new Rendering.Missing("a", "$.message.text")).toString())
                .get("reason").asText()).isEqualTo("missing placeholder value: a");
    }

    @Test
    void statsMustAddUp() {
        assertThatThrownBy(() -> new DeliveryStats("c", 10, 5, 1, Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the sum");
    }
}

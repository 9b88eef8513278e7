package io.segments.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.campaigns.ProviderServer.Answer;
import io.segments.campaigns.internal.Json;
import io.segments.campaigns.internal.TwilioProvider;
import io.segments.model.Channel;
import io.segments.model.eval.Profile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.segments.campaigns.Profiles.pushUser;
import static io.segments.campaigns.Profiles.user;
import static org.assertj.core.api.Assertions.assertThat;

/** SMS and push through real HTTP requests to a local server playing the provider. */
class HttpProvidersTest {
    @TempDir
    Path dir;
    Connection connection;
    DeliveryLedger ledger;
    ProviderServer server;

    @BeforeEach
    void open() throws Exception {
        connection = TestLedgers.open(dir);
        ledger = new JdbcDeliveryLedger(connection);
        server = new ProviderServer();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        connection.close();
    }

    /** A sender whose SMS and push go to webhooks on the test server (or Twilio when {@code twilio}). */
    CampaignSender sender(boolean twilio, int attempts, Duration timeout) {
        ProviderConfig sms = twilio
                ? new ProviderConfig.Twilio(server.url(""), "AC123", "auth-token", "+15005550006")
                : new ProviderConfig.Webhook(server.url("/sms"), Optional.of("sms-token"));
        DeliveryConfig config = new DeliveryConfig(new ProviderConfig.Outbox(), sms,
                new ProviderConfig.Webhook(server.url("/push"), Optional.empty()), timeout,
                new SendPolicy(attempts, Duration.ofMillis(20), Duration.ofMillis(50),
                        Map.of(Channel.SMS, 1000.0, Channel.PUSH, 1000.0)));
        return CampaignSender.create(config, dir, ledger);
    }

    static Campaign sms(String text) {
        return Campaign.draft("sgm_1", "sms", new Message.Sms(text)).withId("cmp_sms");
    }

    static final Profile ANN = user("ann", "phone", "+4915112345678", "firstName", "Ann");

    @Test
    void theWebhookRequestCarriesTheKeyTheTokenAndTheRenderedMessage() {
        server.always(Answer.of(202, "{\"id\": \"msg-77\"}"));
        try (CampaignSender sender = sender(false, 3, Duration.ofSeconds(5))) {
            SendReport r = sender.send(sms("Hi {{firstName}} & welcome"), List.of(ANN));
            assertThat(r.state()).isEqualTo(CampaignState.SENT);
        }
        ProviderServer.Request req = server.requests().get(0);
        String key = new DeliveryKey("cmp_sms", "ann").idempotencyKey();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/sms");
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        assertThat(req.header("Idempotency-Key")).isEqualTo(key);
        assertThat(req.header("Authorization")).isEqualTo("Bearer sms-token");
        assertThat(Json.tree(req.body())).isEqualTo(Json.tree("""
                {"idempotencyKey": "%s", "campaignId": "cmp_sms", "userId": "ann", "channel": "sms",
                 "to": ["+4915112345678"], "message": {"text": "Hi Ann & welcome"}}""".formatted(key)));
        assertThat(ledger.delivery("cmp_sms", "ann").orElseThrow().providerMessageId()).hasValue("msg-77");
    }

    @Test
    void aPushGoesToEveryTokenOfTheUserWithoutAuthorizationWhenNoTokenIsConfigured() {
        Campaign push = Campaign.draft("sgm", "p", new Message.Push("Hi {{firstName | \"you\"}}", "Your cart misses you",
                Optional.of("shop://cart?u={{firstName | \"x\"}}"))).withId("cmp_push");
        try (CampaignSender sender = sender(false, 1, Duration.ofSeconds(5))) {
            sender.send(push, List.of(pushUser("bo", Set.of("tok-2", "tok-1"), "firstName", "Bo Li")));
        }
        ProviderServer.Request req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/push");
        assertThat(req.header("Authorization")).isNull();
        JsonNode body = Json.tree(req.body());
        assertThat(body.get("to").toString()).isEqualTo("[\"tok-1\",\"tok-2\"]");
        assertThat(body.get("message")).isEqualTo(Json.tree(
                "{\"title\": \"Hi Bo Li\", \"body\": \"Your cart misses you\", \"deepLink\": \"shop://cart?u=Bo%20Li\"}"));
        assertThat(ledger.delivery("cmp_push", "bo").orElseThrow().providerMessageId())
                .as("without an id in the answer the idempotency key names the message")
                .hasValue(new DeliveryKey("cmp_push", "bo").idempotencyKey());
    }

    @Test
    void twilioGetsItsFormEncodedMessagesRequestWithBasicAuthentication() {
        server.always(Answer.of(201, "{\"sid\": \"SM0123456789abcdef\", \"status\": \"queued\"}"));
        try (CampaignSender sender = sender(true, 3, Duration.ofSeconds(5))) {
            sender.send(sms("Hi {{firstName}}, 20% off & more"), List.of(ANN));
        }
        ProviderServer.Request req = server.requests().get(0);
        assertThat(req.path()).isEqualTo("/2010-04-01/Accounts/AC123/Messages.json");
        assertThat(req.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(req.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("AC123:auth-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(form(req.body())).containsExactly(Map.entry("To", "+4915112345678"),
                Map.entry("From", "+15005550006"), Map.entry("Body", "Hi Ann, 20% off & more"));
        assertThat(ledger.delivery("cmp_sms", "ann").orElseThrow().providerMessageId()).hasValue("SM0123456789abcdef");
        assertThat(TwilioProvider.form(new ProviderConfig.Twilio(URI.create("https://api.twilio.com"), "AC1", "t",
                "MG42"), new Message.Sms("x"), "+1555")).containsEntry("MessagingServiceSid", "MG42")
                .doesNotContainKey("From");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aTwilioErrorThatIsNotRetryableFailsAtOnceWithTwiliosMessage() {
        server.always(Answer.of(400, "{\"code\": 21211, \"message\": \"The 'To' number +4915112345678 is not a valid "
                + "phone number.\", \"status\": 400}"));
        try (CampaignSender sender = sender(true, 4, Duration.ofSeconds(5))) {
            sender.send(sms("hi"), List.of(ANN));
        }
        Delivery d = ledger.delivery("cmp_sms", "ann").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.reason()).hasValue("Twilio error 21211: The 'To' number +4915112345678 is not a valid phone number."
                + " (HTTP 400)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedAndTheMessageSentOnceWithTheSameKey() {
        server.then(Answer.of(500, "overloaded")).then(Answer.of(503, "")).always(Answer.of(200, "{\"id\": \"ok-1\"}"));
        try (CampaignSender sender = sender(false, 5, Duration.ofSeconds(5))) {
            SendReport r = sender.send(sms("hi"), List.of(ANN));
            assertThat(r.stats()).isEqualTo(new DeliveryStats("cmp_sms", 1, 1, 0, Map.of(), 0));
        }
        assertThat(server.requests()).hasSize(3).extracting(q -> q.header("Idempotency-Key")).containsOnly(
                new DeliveryKey("cmp_sms", "ann").idempotencyKey());
        Delivery d = ledger.delivery("cmp_sms", "ann").orElseThrow();
        assertThat(d.providerMessageId()).hasValue("ok-1");
        assertThat(d.attempts()).isEqualTo(3);
    }

    @Test
    void aPersistentFailureIsRecordedWithItsReasonAfterTheLastAttempt() {
        server.always(Answer.of(503, "{\"error\": \"maintenance\"}"));
        try (CampaignSender sender = sender(false, 3, Duration.ofSeconds(5))) {
            SendReport r = sender.send(sms("hi"), List.of(ANN, user("bob", "phone", "+4915112345679")));
            assertThat(r.state()).isEqualTo(CampaignState.FAILED);
        }
        assertThat(server.requests()).hasSize(6);
        Delivery d = ledger.delivery("cmp_sms", "ann").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.reason()).hasValue("HTTP 503 from " + server.url("/sms") + ": {\"error\": \"maintenance\"} "
                + "(after 3 attempts)");
        assertThat(d.attempts()).isEqualTo(3);
    }

    @Test
    void aTimeoutIsARetryableFailure() {
        server.always(new Answer(200, "{\"id\": \"late\"}", 1500));
        try (CampaignSender sender = sender(false, 2, Duration.ofMillis(250))) {
            sender.send(sms("hi"), List.of(ANN));
        }
        Delivery d = ledger.delivery("cmp_sms", "ann").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.reason().orElseThrow()).startsWith("timed out: no answer to POST " + server.url("/sms")
                + " within 250ms").endsWith("(after 2 attempts)");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aTimeoutThenAnAnswerIsSent() {
        server.then(new Answer(200, "{\"id\": \"late\"}", 1500)).always(Answer.of(200, "{\"id\": \"quick\"}"));
        try (CampaignSender sender = sender(false, 3, Duration.ofMillis(250))) {
            sender.send(sms("hi"), List.of(ANN));
        }
        assertThat(ledger.delivery("cmp_sms", "ann").orElseThrow().providerMessageId()).hasValue("quick");
    }

    @Test
    void aClientErrorIsNotRetried() {
        server.always(Answer.of(422, "{\"error\": \"bad number\"}"));
        try (CampaignSender sender = sender(false, 5, Duration.ofSeconds(5))) {
            sender.send(sms("hi"), List.of(ANN));
        }
        assertThat(server.requests()).hasSize(1);
        assertThat(ledger.delivery("cmp_sms", "ann").orElseThrow().reason().orElseThrow()).startsWith("HTTP 422");
    }

    @Test
    void aConnectionRefusedIsRetryable() throws Exception {
        URI dead;
        try (ProviderServer gone = new ProviderServer()) {
            dead = gone.url("/sms");
        }
        DeliveryConfig config = new DeliveryConfig(new ProviderConfig.Outbox(),
                new ProviderConfig.Webhook(dead, Optional.empty()), new ProviderConfig.Outbox(), Duration.ofSeconds(2),
                new SendPolicy(2, Duration.ZERO, Duration.ZERO, Map.of()));
        try (CampaignSender sender = CampaignSender.create(config, dir, ledger)) {
            sender.send(sms("hi"), List.of(ANN));
        }
        Delivery d = ledger.delivery("cmp_sms", "ann").orElseThrow();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.reason().orElseThrow()).contains("ConnectException").endsWith("(after 2 attempts)");
    }
}

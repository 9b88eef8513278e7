package io.segments.campaigns.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.campaigns.CampaignJson;
import io.segments.campaigns.ChannelProvider;
import io.segments.campaigns.DeliveryKey;
import io.segments.campaigns.Message;
import io.segments.campaigns.ProviderConfig;
import io.segments.campaigns.Recipient;
import io.segments.campaigns.SendResult;
import io.segments.model.Channel;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The generic JSON webhook: one {@code POST} per message to the configured URL with headers
 * {@code Content-Type: application/json}, {@code Idempotency-Key: <key>} and, when a token is
 * configured, {@code Authorization: Bearer <token>}, and the body
 * <pre>
 * {"idempotencyKey": "sgm-...", "campaignId": "cmp_1", "userId": "u1", "channel": "sms",
 *  "to": ["+4915112345678"], "message": {"text": "Hi Ann"}}
 * </pre>
 * where {@code message} is the rendered message in its channel's form ({@code subject}/{@code html}/
 * {@code text} for email, {@code text} for SMS, {@code title}/{@code body}/{@code deepLink} for push)
 * and {@code to} holds the address, the number, or every push token of the user.
 *
 * <p>Any 2xx answer accepts the message; a JSON object answer with a string {@code id} names it,
 * otherwise the idempotency key does. 408, 425, 429 and 5xx answers, timeouts and connection
 * failures are retryable; other answers are not.
 */
public final class WebhookProvider implements ChannelProvider {
    private final ProviderConfig.Webhook config;
    private final Channel channel;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookProvider(ProviderConfig.Webhook config, Channel channel, Duration timeout) {
        this.config = requireNonNull(config, "config is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = Http.client(timeout);
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public String describe() {
        return "webhook " + config.url();
    }

    /** The request body for one message. */
    public static ObjectNode body(Message message, Recipient recipient, DeliveryKey key) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("idempotencyKey", key.idempotencyKey());
        body.put("campaignId", key.campaignId());
        body.put("userId", key.userId());
        body.put("channel", message.channel().json());
        recipient.addresses().forEach(body.putArray("to")::add);
        body.set("message", CampaignJson.toJson(message));
        return body;
    }

    @Override
    public SendResult send(Message message, Recipient recipient, DeliveryKey key) {
        if (message.channel() != channel) {
            throw new IllegalArgumentException("this webhook takes " + channel.json() + ", not " + message.channel().json());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", key.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(body(message, recipient, key).toString()));
        config.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        Http.Exchange exchange = Http.send(client, request.build(), timeout);
        if (exchange.failure().isPresent()) {
            return exchange.failure().get();
        }
        HttpResponse<String> response = exchange.response().orElseThrow();
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new SendResult.Accepted(id(response.body()).orElse(key.idempotencyKey()));
        }
        return new SendResult.Rejected("HTTP " + status + " from " + config.url() + ": " + Http.snippet(response.body()),
                Http.retryable(status));
    }

    private static Optional<String> id(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            JsonNode id = node == null ? null : node.get("id");
            return id != null && id.isTextual() && !id.textValue().isBlank()
                    ? Optional.of(id.textValue()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}

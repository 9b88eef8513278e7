package io.segments.campaigns.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.segments.campaigns.ChannelProvider;
import io.segments.campaigns.DeliveryKey;
import io.segments.campaigns.Message;
import io.segments.campaigns.ProviderConfig;
import io.segments.campaigns.Recipient;
import io.segments.campaigns.SendResult;
import io.segments.model.Channel;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * SMS through Twilio's Messages API:
 * {@code POST <url>/2010-04-01/Accounts/<AccountSid>/Messages.json} with HTTP Basic authentication
 * (account SID and auth token) and the form-encoded fields {@code To} (the E.164 number),
 * {@code From} (the configured number) or {@code MessagingServiceSid} (when the configured sender
 * starts with {@code MG}), and {@code Body}. A 2xx answer's {@code sid} is the provider message id (the idempotency key if it has none).
 * An error answer {@code {"code": 21211, "message": "..."}} becomes the failure reason; 429 and 5xx
 * are retryable. Twilio's API takes no idempotency key, so a repeat after a crash may reach the
 * phone twice.
 */
public final class TwilioProvider implements ChannelProvider {
    private final ProviderConfig.Twilio config;
    private final Duration timeout;
    private final HttpClient client;
    private final URI endpoint;

    public TwilioProvider(ProviderConfig.Twilio config, Duration timeout) {
        this.config = requireNonNull(config, "config is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = Http.client(timeout);
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/2010-04-01/Accounts/"
                + URLEncoder.encode(config.accountSid(), StandardCharsets.UTF_8) + "/Messages.json");
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String describe() {
        return "twilio " + endpoint;
    }

    /** The form fields of one message, in order. */
    public static Map<String, String> form(ProviderConfig.Twilio config, Message.Sms sms, String to) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put(config.from().startsWith("MG") ? "MessagingServiceSid" : "From", config.from());
        form.put("Body", sms.text());
        return form;
    }

    @Override
    public SendResult send(Message message, Recipient recipient, DeliveryKey key) {
        if (!(message instanceof Message.Sms sms)) {
            throw new IllegalArgumentException("the Twilio provider sends SMS, not " + message.channel().json());
        }
        StringBuilder body = new StringBuilder();
        form(config, sms, recipient.address()).forEach((k, v) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        String credentials = Base64.getEncoder().encodeToString(
                (config.accountSid() + ":" + config.authToken()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + credentials)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        Http.Exchange exchange = Http.send(client, request, timeout);
        if (exchange.failure().isPresent()) {
            return exchange.failure().get();
        }
        HttpResponse<String> response = exchange.response().orElseThrow();
        int status = response.statusCode();
        Optional<JsonNode> json = json(response.body());
        if (status / 100 == 2) {
            return new SendResult.Accepted(json.map(j -> j.get("sid")).filter(JsonNode::isTextual)
                    .map(JsonNode::textValue).orElse(key.idempotencyKey()));
        }
        String reason = json.filter(j -> j.has("message"))
                .map(j -> "Twilio error " + j.path("code").asText("?") + ": " + j.get("message").asText()
                        + " (HTTP " + status + ")")
                .orElse("Twilio answered HTTP " + status + ": " + Http.snippet(response.body()));
        return new SendResult.Rejected(reason, Http.retryable(status));
    }

    private static Optional<JsonNode> json(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(body)).filter(JsonNode::isObject);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}

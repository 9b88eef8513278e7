package io.segments.campaigns;

import io.segments.model.Channel;
import io.segments.model.SegmentsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DeliveryConfigTest {

    @Test
    void withoutSettingsEveryChannelGoesToTheOutbox() {
        DeliveryConfig c = DeliveryConfig.fromEnvironment(Map.of("PATH", "/bin", "SEGMENTS_PORT", "8080"));
        assertThat(c).isEqualTo(DeliveryConfig.defaults());
        assertThat(DeliveryConfig.fromJson("{}")).isEqualTo(DeliveryConfig.defaults());
        Map<Channel, ChannelProvider> providers = ChannelProviders.create(c, Path.of("/tmp/data"));
        assertThat(providers.get(Channel.SMS).describe()).isEqualTo("outbox /tmp/data/outbox");
    }

    @Test
    void environmentVariablesConfigureEveryProvider() {
        DeliveryConfig c = DeliveryConfig.fromEnvironment(Map.ofEntries(
                Map.entry("SEGMENTS_SMTP_HOST", "mail.example.com"),
                Map.entry("SEGMENTS_SMTP_USER", "apikey"),
                Map.entry("SEGMENTS_SMTP_PASSWORD", "s3cret"),
                Map.entry("SEGMENTS_SMTP_TLS", "tls"),
                Map.entry("SEGMENTS_SMTP_FROM", "Shop <news@example.com>"),
                Map.entry("SEGMENTS_TWILIO_ACCOUNT_SID", "AC123"),
                Map.entry("SEGMENTS_TWILIO_AUTH_TOKEN", "tok"),
                Map.entry("SEGMENTS_TWILIO_FROM", "+15005550006"),
                Map.entry("SEGMENTS_PUSH_URL", "https://push.example.com/send"),
                Map.entry("SEGMENTS_PUSH_TOKEN", "bearer-1"),
                Map.entry("SEGMENTS_PUSH_RATE", "200"),
                Map.entry("SEGMENTS_SEND_TIMEOUT", "2500ms"),
                Map.entry("SEGMENTS_SEND_ATTEMPTS", "3"),
                Map.entry("SEGMENTS_SEND_RETRY_DELAY", "200ms"),
                Map.entry("SEGMENTS_SEND_MAX_RETRY_DELAY", "5s")));
        assertThat(c.email()).isEqualTo(new ProviderConfig.Smtp("mail.example.com", 465, SmtpTls.TLS,
                Optional.of("apikey"), Optional.of("s3cret"), "Shop <news@example.com>", Optional.empty()));
        assertThat(c.sms()).isEqualTo(new ProviderConfig.Twilio(ProviderConfig.Twilio.DEFAULT_URL, "AC123", "tok",
                "+15005550006"));
        assertThat(c.push()).isEqualTo(new ProviderConfig.Webhook(URI.create("https://push.example.com/send"),
                Optional.of("bearer-1")));
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.policy()).isEqualTo(new SendPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5),
                Map.of(Channel.PUSH, 200.0)));
        assertThat(c.policy().rate(Channel.EMAIL)).isEqualTo(10.0);
        assertThat(c.email().toString()).doesNotContain("s3cret");
        assertThat(c.sms().toString()).doesNotContain("tok,").contains("authToken=***");
        assertThat(c.push().toString()).doesNotContain("bearer-1");
    }

    @Test
    void jsonConfiguresTheSameSettings() {
        DeliveryConfig c = DeliveryConfig.fromJson("""
                {"email": {"provider": "smtp", "host": "localhost", "port": 2525, "tls": "none", "from": "a@b.co",
                           "rate": 2.5},
                 "sms": {"url": "http://127.0.0.1:9000/sms", "token": "t"},
                 "timeout": "3s", "attempts": 2, "retryDelay": "0ms", "maxRetryDelay": "0ms"}""");
        assertThat(c.email()).isEqualTo(new ProviderConfig.Smtp("localhost", 2525, SmtpTls.NONE, Optional.empty(),
                Optional.empty(), "a@b.co", Optional.empty()));
        assertThat(c.sms()).isEqualTo(new ProviderConfig.Webhook(URI.create("http://127.0.0.1:9000/sms"), Optional.of("t")));
        assertThat(c.push()).isEqualTo(new ProviderConfig.Outbox());
        assertThat(c.policy().rate(Channel.EMAIL)).isEqualTo(2.5);
        assertThat(c.policy().maxAttempts()).isEqualTo(2);
        assertThat(c.policy().delayAfter(1)).isZero();
    }

    @Test
    void backoffDoublesUpToTheLongestDelay() {
        SendPolicy p = new SendPolicy(10, Duration.ofMillis(100), Duration.ofMillis(700), Map.of());
        assertThat(Stream.of(1, 2, 3, 4, 5).map(p::delayAfter)).containsExactly(Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(700), Duration.ofMillis(700));
    }

    static Stream<Arguments> badEnvironments() {
        return Stream.of(
                arguments(Map.of("SEGMENTS_SMTP_HOST", "h"), "SEGMENTS_SMTP_FROM: required by the smtp provider of email"),
                arguments(Map.of("SEGMENTS_SMTP_HOST", "h", "SEGMENTS_SMTP_FROM", "a@b.co", "SEGMENTS_SMTP_PORT", "99999"),
                        "SEGMENTS_SMTP_PORT: \"99999\" is not a port number"),
                arguments(Map.of("SEGMENTS_SMTP_HOST", "h", "SEGMENTS_SMTP_FROM", "a@b.co", "SEGMENTS_SMTP_TLS", "ssl"),
                        "SEGMENTS_SMTP_TLS: unknown TLS mode \"ssl\": expected none, starttls or tls"),
                arguments(Map.of("SEGMENTS_SMTP_HOST", "h", "SEGMENTS_SMTP_FROM", "not an address"),
                        "SEGMENTS_SMTP_FROM: \"not an address\" is not an address"),
                arguments(Map.of("SEGMENTS_SMTP_HOST", "h", "SEGMENTS_SMTP_FROM", "a@b.co", "SEGMENTS_SMTP_PASSWORD", "p"),
                        "SEGMENTS_SMTP_USER: a password is given without a user"),
                arguments(Map.of("SEGMENTS_SMS_PROVIDER", "carrier-pigeon"),
                        "SEGMENTS_SMS_PROVIDER: unknown sms provider \"carrier-pigeon\": expected one of outbox, webhook, twilio"),
                arguments(Map.of("SEGMENTS_PUSH_PROVIDER", "twilio"), "SEGMENTS_PUSH_PROVIDER: unknown push provider"),
                arguments(Map.of("SEGMENTS_SMS_URL", "http://x/sms", "SEGMENTS_TWILIO_ACCOUNT_SID", "AC1"),
                        "SEGMENTS_SMS_PROVIDER: settings for both webhook and twilio are given"),
                arguments(Map.of("SEGMENTS_SMS_PROVIDER", "webhook"), "SEGMENTS_SMS_URL: required by the webhook provider of sms"),
                arguments(Map.of("SEGMENTS_PUSH_URL", "ftp://x/push"), "SEGMENTS_PUSH_URL: \"ftp://x/push\" is not an absolute"),
                arguments(Map.of("SEGMENTS_SMS_PROVIDER", "twilio", "SEGMENTS_TWILIO_ACCOUNT_SID", "AC1"),
                        "SEGMENTS_TWILIO_AUTH_TOKEN: required by the twilio provider of sms"),
                arguments(Map.of("SEGMENTS_EMAIL_RATE", "0"), "SEGMENTS_EMAIL_RATE: \"0\" is not a positive number"),
                arguments(Map.of("SEGMENTS_SEND_TIMEOUT", "10"), "SEGMENTS_SEND_TIMEOUT: \"10\" is not a duration"),
                arguments(Map.of("SEGMENTS_SEND_TIMEOUT", "0s"), "SEGMENTS_SEND_TIMEOUT: the duration is positive"),
                arguments(Map.of("SEGMENTS_SEND_ATTEMPTS", "0"), "SEGMENTS_SEND_ATTEMPTS: \"0\" is not a number of attempts"),
                arguments(Map.of("SEGMENTS_SEND_RETRY_DELAY", "2m", "SEGMENTS_SEND_MAX_RETRY_DELAY", "1m"),
                        "SEGMENTS_SEND_MAX_RETRY_DELAY: the longest retry delay"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badEnvironments")
    void badVariablesAreNamedInTheError(Map<String, String> env, String message) {
        assertThatThrownBy(() -> DeliveryConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }

    static Stream<Arguments> badJson() {
        return Stream.of(
                arguments("{\"fax\": {}}", "$.fax", "unknown key \"fax\""),
                arguments("{\"email\": []}", "$.email", "the email settings is a JSON object"),
                arguments("{\"email\": {\"host\": \"h\", \"from\": \"a@b.co\", \"url\": \"http://x/y\"}}", "$.email.provider",
                        "settings for both smtp and webhook"),
                arguments("{\"email\": {\"provider\": \"smtp\", \"host\": \"h\", \"from\": \"a@b.co\", \"token\": \"t\"}}",
                        "$.email.token", "unknown key \"token\" in the email settings of the smtp provider"),
                arguments("{\"email\": {\"host\": \"h\", \"from\": \"a@b.co\", \"port\": true}}", "$.email.port",
                        "is a string or a number, not a boolean"),
                arguments("{\"sms\": {\"provider\": \"twilio\", \"accountSid\": \"AC\", \"authToken\": \"t\"}}",
                        "$.sms.from", "required by the twilio provider of sms"),
                arguments("{\"attempts\": \"many\"}", "$.attempts", "\"many\" is not a whole number"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badJson")
    void badJsonSettingsCarryTheirPath(String json, String path, String message) {
        assertThatThrownBy(() -> DeliveryConfig.fromJson(json))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).hasValue(path);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}

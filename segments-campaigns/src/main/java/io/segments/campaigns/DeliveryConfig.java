package io.segments.campaigns;

import io.segments.campaigns.internal.ConfigReader;
import io.segments.model.Channel;
import io.segments.model.SegmentsException;

import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How campaigns are delivered: a provider per channel, the provider timeout and the
 * {@link SendPolicy}. Built from environment variables ({@link #fromEnvironment}) or a JSON
 * document ({@link #fromJson}) with the same settings:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>variable</th><th>JSON</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code SEGMENTS_EMAIL_PROVIDER}</td><td>{@code email.provider}</td><td>{@code smtp} if
 *       {@code SEGMENTS_SMTP_HOST} is set, {@code webhook} if {@code SEGMENTS_EMAIL_URL} is, else {@code outbox}</td>
 *       <td>{@code outbox}, {@code smtp} or {@code webhook}</td></tr>
 *   <tr><td>{@code SEGMENTS_SMS_PROVIDER}</td><td>{@code sms.provider}</td><td>{@code webhook} if
 *       {@code SEGMENTS_SMS_URL} is set, {@code twilio} if {@code SEGMENTS_TWILIO_ACCOUNT_SID} is, else
 *       {@code outbox}</td><td>{@code outbox}, {@code webhook} or {@code twilio}</td></tr>
 *   <tr><td>{@code SEGMENTS_PUSH_PROVIDER}</td><td>{@code push.provider}</td><td>{@code webhook} if
 *       {@code SEGMENTS_PUSH_URL} is set, else {@code outbox}</td><td>{@code outbox} or {@code webhook}</td></tr>
 *   <tr><td>{@code SEGMENTS_EMAIL_RATE}, {@code _SMS_RATE}, {@code _PUSH_RATE}</td><td>{@code <channel>.rate}</td>
 *       <td>10, 5, 50</td><td>messages per second</td></tr>
 *   <tr><td>{@code SEGMENTS_SMTP_HOST}, {@code _PORT}</td><td>{@code email.host}, {@code email.port}</td>
 *       <td>port by TLS mode: 25, 587, 465</td><td>the SMTP server</td></tr>
 *   <tr><td>{@code SEGMENTS_SMTP_TLS}</td><td>{@code email.tls}</td><td>{@code starttls}</td>
 *       <td>{@code none}, {@code starttls} (required) or {@code tls}</td></tr>
 *   <tr><td>{@code SEGMENTS_SMTP_USER}, {@code _PASSWORD}</td><td>{@code email.user}, {@code email.password}</td>
 *       <td>no authentication</td><td>SMTP AUTH credentials</td></tr>
 *   <tr><td>{@code SEGMENTS_SMTP_FROM}</td><td>{@code email.from}</td><td>required for smtp</td>
 *       <td>sender address, or {@code Name <address>}</td></tr>
 *   <tr><td>{@code SEGMENTS_SMTP_TRUST}</td><td>{@code email.trust}</td><td>verify certificates</td>
 *       <td>hosts (space-separated, or {@code *}) trusted without certificate checks</td></tr>
 *   <tr><td>{@code SEGMENTS_<CHANNEL>_URL}, {@code _TOKEN}</td><td>{@code <channel>.url}, {@code .token}</td>
 *       <td>required for webhook</td><td>webhook endpoint and optional bearer token</td></tr>
 *   <tr><td>{@code SEGMENTS_TWILIO_ACCOUNT_SID}, {@code _AUTH_TOKEN}, {@code _FROM}, {@code _URL}</td>
 *       <td>{@code sms.accountSid}, {@code .authToken}, {@code .from}, {@code .url}</td>
 *       <td>url {@code https://api.twilio.com}</td><td>Twilio credentials, sender, API base URL</td></tr>
 *   <tr><td>{@code SEGMENTS_SEND_TIMEOUT}</td><td>{@code timeout}</td><td>{@code 10s}</td>
 *       <td>connect and read timeout of each send</td></tr>
 *   <tr><td>{@code SEGMENTS_SEND_ATTEMPTS}</td><td>{@code attempts}</td><td>5</td><td>attempts per message</td></tr>
 *   <tr><td>{@code SEGMENTS_SEND_RETRY_DELAY}, {@code _MAX_RETRY_DELAY}</td><td>{@code retryDelay},
 *       {@code maxRetryDelay}</td><td>{@code 1s}, {@code 1m}</td><td>first backoff, longest backoff</td></tr>
 * </table>
 * Durations are an integer and a unit: {@code ms}, {@code s}, {@code m}, {@code h}. A bad setting is
 * an {@code invalid_request} error naming the variable, or for JSON the path ({@code $.email.port}).
 */
public record DeliveryConfig(
        ProviderConfig email,
        ProviderConfig sms,
        ProviderConfig push,
        Duration timeout,
        SendPolicy policy) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public DeliveryConfig {
        check(requireNonNull(email, "email is null"), Channel.EMAIL);
        check(requireNonNull(sms, "sms is null"), Channel.SMS);
        check(requireNonNull(push, "push is null"), Channel.PUSH);
        requireNonNull(timeout, "timeout is null");
        requireNonNull(policy, "policy is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout is positive, not " + timeout);
        }
    }

    private static void check(ProviderConfig config, Channel channel) {
        if (!config.channels().contains(channel)) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the " + config.kind() + " provider does not deliver " + channel.json(), "$." + channel.json());
        }
    }

    /** Every channel into the outbox, default timeout and policy. */
    public static DeliveryConfig defaults() {
        return new DeliveryConfig(new ProviderConfig.Outbox(), new ProviderConfig.Outbox(), new ProviderConfig.Outbox(),
                DEFAULT_TIMEOUT, SendPolicy.defaults());
    }

    /** The settings of the {@code SEGMENTS_*} variables in {@code environment} (e.g. {@link System#getenv()}). */
    public static DeliveryConfig fromEnvironment(Map<String, String> environment) {
        return ConfigReader.fromEnvironment(environment);
    }

    /** The settings of a JSON document of the shape in this class's description. */
    public static DeliveryConfig fromJson(String json) {
        return ConfigReader.fromJson(json);
    }

    public ProviderConfig provider(Channel channel) {
        switch (channel) {
            case EMAIL:
                return email;
            case SMS:
                return sms;
            case PUSH:
                return push;
            default:
                throw new IllegalStateException("channel without a provider: " + channel);
        }
    }
}

package io.segments.campaigns.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.campaigns.DeliveryConfig;
import io.segments.campaigns.ProviderConfig;
import io.segments.campaigns.SendPolicy;
import io.segments.campaigns.SmtpTls;
import io.segments.model.Channel;
import io.segments.model.SegmentsException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link DeliveryConfig} from environment variables or JSON. Both go through the same
 * rules; only the naming differs: the JSON key {@code accountSid} of the Twilio provider is the
 * variable {@code SEGMENTS_TWILIO_ACCOUNT_SID}, the key {@code host} of SMTP is
 * {@code SEGMENTS_SMTP_HOST}, channel keys ({@code provider}, {@code rate}, {@code url},
 * {@code token}) are {@code SEGMENTS_<CHANNEL>_<KEY>}, and top-level keys are
 * {@code SEGMENTS_SEND_<KEY>}.
 */
public final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final List<String> TOP_KEYS = List.of("email", "sms", "push", "timeout", "attempts", "retryDelay",
            "maxRetryDelay");
    private static final List<String> CHANNEL_KEYS = List.of("provider", "rate");
    private static final Map<String, List<String>> PROVIDER_KEYS = Map.of(
            "outbox", List.of(),
            "smtp", List.of("host", "port", "tls", "user", "password", "from", "trust"),
            "webhook", List.of("url", "token"),
            "twilio", List.of("accountSid", "authToken", "from", "url"));

    /** Where settings come from. {@code group} is null for top-level keys, else a channel. */
    private interface Source {
        Optional<String> get(Channel group, String provider, String key);

        /** The variable name or JSON path of a setting. */
        String where(Channel group, String provider, String key);

        /** Called once a channel's provider is known, to reject keys that do not belong to it. */
        void checkKeys(Channel channel, String provider);

        SegmentsException error(Channel group, String provider, String key, String message);
    }

    private ConfigReader() {
    }

    public static DeliveryConfig fromEnvironment(Map<String, String> env) {
        return read(new EnvSource(env));
    }

    public static DeliveryConfig fromJson(String json) {
        JsonNode root = Json.object(Json.tree(json), "$", "a delivery configuration");
        Json.checkKeys(root, "$", TOP_KEYS, "a delivery configuration");
        for (Channel c : Channel.values()) {
            Json.optional(root, c.json()).ifPresent(n -> Json.object(n, "$." + c.json(), "the " + c.json() + " settings"));
        }
        return read(new JsonSource(root));
    }

    private static DeliveryConfig read(Source s) {
        Map<Channel, ProviderConfig> providers = new EnumMap<>(Channel.class);
        Map<Channel, Double> rates = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            String kind = provider(s, c);
            s.checkKeys(c, kind);
            providers.put(c, provider(s, c, kind));
            Optional<String> rate = s.get(c, null, "rate");
            if (rate.isPresent()) {
                rates.put(c, rate(s, c, rate.get()));
            }
        }
        Duration timeout = s.get(null, null, "timeout").map(v -> duration(s, "timeout", v, false))
                .orElse(DeliveryConfig.DEFAULT_TIMEOUT);
        int attempts = s.get(null, null, "attempts").map(v -> {
            int n = integer(s, null, null, "attempts", v);
            if (n < 1 || n > 100) {
                throw s.error(null, null, "attempts", "\"" + v + "\" is not a number of attempts in 1..100");
            }
            return n;
        }).orElse(SendPolicy.DEFAULT_ATTEMPTS);
        Duration base = s.get(null, null, "retryDelay").map(v -> duration(s, "retryDelay", v, true))
                .orElse(SendPolicy.DEFAULT_BASE_DELAY);
        Duration max = s.get(null, null, "maxRetryDelay").map(v -> duration(s, "maxRetryDelay", v, true))
                .orElse(SendPolicy.DEFAULT_MAX_DELAY.compareTo(base) < 0 ? base : SendPolicy.DEFAULT_MAX_DELAY);
        if (max.compareTo(base) < 0) {
            throw s.error(null, null, "maxRetryDelay", "the longest retry delay " + max
                    + " is shorter than the first one " + base);
        }
        return new DeliveryConfig(providers.get(Channel.EMAIL), providers.get(Channel.SMS), providers.get(Channel.PUSH),
                timeout, new SendPolicy(attempts, base, max, rates));
    }

    private static String provider(Source s, Channel c) {
        Optional<String> given = s.get(c, null, "provider");
        List<String> allowed = switch (c) {
            case EMAIL -> List.of("outbox", "smtp", "webhook");
            case SMS -> List.of("outbox", "webhook", "twilio");
            case PUSH -> List.of("outbox", "webhook");
        };
        if (given.isPresent()) {
            String kind = given.get().trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(kind)) {
                throw s.error(c, null, "provider", "unknown " + c.json() + " provider \"" + given.get()
                        + "\": expected one of " + String.join(", ", allowed));
            }
            return kind;
        }
        List<String> inferred = new ArrayList<>();
        if (c == Channel.EMAIL && s.get(c, "smtp", "host").isPresent()) {
            inferred.add("smtp");
        }
        if (s.get(c, "webhook", "url").isPresent()) {
            inferred.add("webhook");
        }
        if (c == Channel.SMS && s.get(c, "twilio", "accountSid").isPresent()) {
            inferred.add("twilio");
        }
        if (inferred.size() > 1) {
            throw s.error(c, null, "provider", "settings for both " + String.join(" and ", inferred)
                    + " are given: name the " + c.json() + " provider");
        }
        return inferred.isEmpty() ? "outbox" : inferred.get(0);
    }

    private static ProviderConfig provider(Source s, Channel c, String kind) {
        switch (kind) {
            case "outbox":
                return new ProviderConfig.Outbox();
            case "webhook":
                return new ProviderConfig.Webhook(url(s, c, "webhook", required(s, c, "webhook", "url")),
                        s.get(c, "webhook", "token"));
            case "twilio": {
                URI base = s.get(c, "twilio", "url").map(u -> url(s, c, "twilio", u))
                        .orElse(ProviderConfig.Twilio.DEFAULT_URL);
                return new ProviderConfig.Twilio(base, required(s, c, "twilio", "accountSid"),
                        required(s, c, "twilio", "authToken"), required(s, c, "twilio", "from"));
            }
            case "smtp": {
                String host = required(s, c, "smtp", "host");
                SmtpTls tls = s.get(c, "smtp", "tls").map(v -> SmtpTls.fromJson(v.trim().toLowerCase(Locale.ROOT))
                        .orElseThrow(() -> s.error(c, "smtp", "tls", "unknown TLS mode \"" + v
                                + "\": expected none, starttls or tls"))).orElse(SmtpTls.STARTTLS);
                int port = s.get(c, "smtp", "port").map(v -> {
                    int p = integer(s, c, "smtp", "port", v);
                    if (p < 1 || p > 65535) {
                        throw s.error(c, "smtp", "port", "\"" + v + "\" is not a port number in 1..65535");
                    }
                    return p;
                }).orElse(tls.defaultPort());
                Optional<String> user = s.get(c, "smtp", "user");
                Optional<String> password = s.get(c, "smtp", "password");
                if (password.isPresent() && user.isEmpty()) {
                    throw s.error(c, "smtp", "user", "a password is given without a user");
                }
                String from = required(s, c, "smtp", "from");
                try {
                    InternetAddress parsed = new InternetAddress(from, true);
                    if (parsed.getAddress() == null || !parsed.getAddress().contains("@")) {
                        throw new AddressException("no @", from);
                    }
                } catch (AddressException e) {
                    throw s.error(c, "smtp", "from", "\"" + from + "\" is not an address such as "
                            + "news@example.com or Example <news@example.com>");
                }
                return new ProviderConfig.Smtp(host, port, tls, user, password, from, s.get(c, "smtp", "trust"));
            }
            default:
                throw new IllegalStateException("provider kind without settings: " + kind);
        }
    }

    private static String required(Source s, Channel c, String provider, String key) {
        return s.get(c, provider, key).orElseThrow(() -> s.error(c, provider, key,
                "required by the " + provider + " provider of " + c.json()));
    }

    private static URI url(Source s, Channel c, String provider, String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an absolute http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw s.error(c, provider, "url", "\"" + text + "\" is not an absolute http:// or https:// URL");
        }
    }

    private static double rate(Source s, Channel c, String text) {
        try {
            double r = Double.parseDouble(text.trim());
            if (r > 0 && !Double.isInfinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw s.error(c, null, "rate", "\"" + text + "\" is not a positive number of messages per second");
    }

    private static int integer(Source s, Channel c, String provider, String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw s.error(c, provider, key, "\"" + text + "\" is not a whole number");
        }
    }

    private static Duration duration(Source s, String key, String text, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw s.error(null, null, key, "\"" + text + "\" is not a duration such as 500ms, 10s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() && !zeroAllowed) {
            throw s.error(null, null, key, "the duration is positive, not " + text);
        }
        return d;
    }

    /** {@code accountSid} to {@code ACCOUNT_SID}. */
    static String upperSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static final class EnvSource implements Source {
        private final Map<String, String> env;

        EnvSource(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override
        public Optional<String> get(Channel group, String provider, String key) {
            String v = env.get(where(group, provider, key));
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
        }

        @Override
        public String where(Channel group, String provider, String key) {
            String prefix;
            if (group == null) {
                prefix = "SEGMENTS_SEND_";
            } else if ("smtp".equals(provider) || "twilio".equals(provider)) {
                prefix = "SEGMENTS_" + provider.toUpperCase(Locale.ROOT) + "_";
            } else {
                prefix = "SEGMENTS_" + group.json().toUpperCase(Locale.ROOT) + "_";
            }
            return prefix + upperSnake(key);
        }

        @Override
        public void checkKeys(Channel channel, String provider) {
            // other SEGMENTS_ variables belong to other parts of the product
        }

        @Override
        public SegmentsException error(Channel group, String provider, String key, String message) {
            return new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    where(group, provider, key) + ": " + message);
        }
    }

    private static final class JsonSource implements Source {
        private final JsonNode root;

        JsonSource(JsonNode root) {
            this.root = root;
        }

        @Override
        public Optional<String> get(Channel group, String provider, String key) {
            JsonNode section = group == null ? root : root.get(group.json());
            if (section == null || section.isNull()) {
                return Optional.empty();
            }
            JsonNode v = section.get(key);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (v.isTextual()) {
                return v.textValue().isBlank() ? Optional.empty() : Optional.of(v.textValue().trim());
            }
            if (v.isNumber()) {
                return Optional.of(v.decimalValue().stripTrailingZeros().toPlainString());
            }
            throw error(group, provider, key, "is a string or a number, not " + Json.kind(v));
        }

        @Override
        public String where(Channel group, String provider, String key) {
            return Json.key(group == null ? "$" : "$." + group.json(), key);
        }

        @Override
        public void checkKeys(Channel channel, String provider) {
            JsonNode section = root.get(channel.json());
            if (section == null || section.isNull()) {
                return;
            }
            List<String> allowed = new ArrayList<>(CHANNEL_KEYS);
            allowed.addAll(PROVIDER_KEYS.get(provider));
            Json.checkKeys(section, "$." + channel.json(), allowed,
                    "the " + channel.json() + " settings of the " + provider + " provider");
        }

        @Override
        public SegmentsException error(Channel group, String provider, String key, String message) {
            String path = where(group, provider, key);
            return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, path + ": " + message, path);
        }
    }
}

package io.segments.campaigns;

import io.segments.model.Channel;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** Which provider delivers a channel, and how to reach it. Secrets never appear in {@code toString()}. */
public sealed interface ProviderConfig {
    /** The name used in configuration ({@code SEGMENTS_EMAIL_PROVIDER=smtp}). */
    String kind();

    /** The channels this provider can deliver. */
    Set<Channel> channels();

    /** Files in {@code <data dir>/outbox}, one per message; the default of every channel. */
    record Outbox() implements ProviderConfig {
        @Override
        public String kind() {
            return "outbox";
        }

        @Override
        public Set<Channel> channels() {
            return Set.of(Channel.values());
        }
    }

    /**
     * An SMTP server (email only).
     *
     * @param from     the sender, an address or {@code Name <address>}
     * @param trust    hosts whose certificate is accepted without verification ({@code *} for any, for
     *                 self-signed test servers); empty: certificates and host names are verified
     */
    record Smtp(String host, int port, SmtpTls tls, Optional<String> user, Optional<String> password, String from,
                Optional<String> trust) implements ProviderConfig {
        public Smtp {
            requireNonNull(host, "host is null");
            requireNonNull(tls, "tls is null");
            requireNonNull(user, "user is null");
            requireNonNull(password, "password is null");
            requireNonNull(from, "from is null");
            requireNonNull(trust, "trust is null");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not in 1..65535");
            }
        }

        @Override
        public String kind() {
            return "smtp";
        }

        @Override
        public Set<Channel> channels() {
            return Set.of(Channel.EMAIL);
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", tls=" + tls.json() + ", user=" + user.orElse("")
                    + ", password=" + (password.isPresent() ? "***" : "") + ", from=" + from + ", trust="
                    + trust.orElse("") + "]";
        }
    }

    /**
     * A generic JSON webhook: one {@code POST} per message with an {@code Idempotency-Key} header and,
     * when {@code token} is given, {@code Authorization: Bearer <token>}.
     */
    record Webhook(URI url, Optional<String> token) implements ProviderConfig {
        public Webhook {
            requireNonNull(url, "url is null");
            requireNonNull(token, "token is null");
        }

        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public Set<Channel> channels() {
            return Set.of(Channel.values());
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", token=" + (token.isPresent() ? "***" : "") + "]";
        }
    }

    /**
     * Twilio's Messages API (SMS only).
     *
     * @param baseUrl {@code https://api.twilio.com} unless pointed elsewhere
     * @param from    the sending number (E.164) or a Messaging Service SID ({@code MG...})
     */
    record Twilio(URI baseUrl, String accountSid, String authToken, String from) implements ProviderConfig {
        public static final URI DEFAULT_URL = URI.create("https://api.twilio.com");

        public Twilio {
            requireNonNull(baseUrl, "baseUrl is null");
            requireNonNull(accountSid, "accountSid is null");
            requireNonNull(authToken, "authToken is null");
            requireNonNull(from, "from is null");
        }

        @Override
        public String kind() {
            return "twilio";
        }

        @Override
        public Set<Channel> channels() {
            return Set.of(Channel.SMS);
        }

        @Override
        public String toString() {
            return "Twilio[baseUrl=" + baseUrl + ", accountSid=" + accountSid + ", authToken=***, from=" + from + "]";
        }
    }
}

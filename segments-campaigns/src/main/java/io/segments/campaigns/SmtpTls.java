package io.segments.campaigns;

import java.util.Optional;

/** How the SMTP connection is protected. */
public enum SmtpTls {
    /** Plain text (a local relay); default port 25. */
    NONE("none", 25),
    /** Plain connection upgraded with STARTTLS, which the server must offer; default port 587. */
    STARTTLS("starttls", 587),
    /** TLS from the first byte (SMTPS); default port 465. */
    TLS("tls", 465);

    private final String json;
    private final int defaultPort;

    SmtpTls(String json, int defaultPort) {
        this.json = json;
        this.defaultPort = defaultPort;
    }

    public String json() {
        return json;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public static Optional<SmtpTls> fromJson(String name) {
        for (SmtpTls t : values()) {
            if (t.json.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

package io.segments.campaigns;

import java.util.Optional;

/**
 * Why a user of the audience was not sent the message. The JSON code is the key of the
 * {@code skipped} counts in the delivery stats; the label starts the human-readable reason
 * ({@code missing placeholder value: firstName}).
 */
public enum SkipReason {
    /** No valid address for the channel: no or an invalid {@code email}, no E.164 {@code phone}, no push token. */
    NOT_REACHABLE("notReachable", "not reachable"),
    /** A valid address, but the user opted out of the channel ({@code emailOptOut}, {@code smsOptOut}, {@code pushOptOut}). */
    OPTED_OUT("optedOut", "opted out"),
    /** A placeholder without fallback has no value in the user's traits. */
    MISSING_PLACEHOLDER("missingPlaceholder", "missing placeholder value");

    private final String json;
    private final String label;

    SkipReason(String json, String label) {
        this.json = json;
        this.label = label;
    }

    public String json() {
        return json;
    }

    public String label() {
        return label;
    }

    /** The full reason: the label, then the detail ({@code opted out: emailOptOut is true}). */
    public String reason(String detail) {
        return label + ": " + detail;
    }

    public static Optional<SkipReason> fromJson(String name) {
        for (SkipReason r : values()) {
            if (r.json.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

package io.segments.campaigns;

import java.util.Optional;

/**
 * The status of one user's delivery of one campaign. {@code pending} and {@code claimed} are
 * unfinished; {@code sent}, {@code failed} and {@code skipped} are outcomes, final once recorded.
 * A user is {@code claimed} from just before its message is handed to the provider until the
 * outcome is recorded; a {@code claimed} user found after a restart is the one delivery per crash
 * whose fate is unknown (see {@link CampaignSender}).
 */
public enum DeliveryStatus {
    PENDING("pending", false),
    CLAIMED("claimed", false),
    SENT("sent", true),
    FAILED("failed", true),
    SKIPPED("skipped", true);

    private final String json;
    private final boolean outcome;

    DeliveryStatus(String json, boolean outcome) {
        this.json = json;
        this.outcome = outcome;
    }

    public String json() {
        return json;
    }

    /** Whether this status is a final outcome that no later run changes. */
    public boolean isOutcome() {
        return outcome;
    }

    public static Optional<DeliveryStatus> fromJson(String name) {
        for (DeliveryStatus s : values()) {
            if (s.json.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

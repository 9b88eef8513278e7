package io.segments.campaigns;

import java.util.Optional;

/**
 * Where a campaign is in its life: {@code draft} (editable, never sent), {@code sending} (its
 * audience is enrolled and deliveries are under way, or were interrupted and can be resumed),
 * {@code sent} (every user of the audience has an outcome and at least one message went out or
 * none failed) and {@code failed} (every user has an outcome, nothing was sent and at least one
 * delivery failed).
 */
public enum CampaignState {
    DRAFT("draft"), SENDING("sending"), SENT("sent"), FAILED("failed");

    private final String json;

    CampaignState(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<CampaignState> fromJson(String name) {
        for (CampaignState s : values()) {
            if (s.json.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The state a campaign reaches once deliveries stop, from its stats. */
    public static CampaignState after(DeliveryStats stats) {
        if (stats.pending() > 0) {
            return SENDING;
        }
        return stats.sent() == 0 && stats.failed() > 0 ? FAILED : SENT;
    }
}

package io.segments.campaigns;

import java.util.Optional;

/**
 * What sends a campaign besides {@code POST /api/campaigns/{id}/send} to a frozen audience. A campaign
 * without a trigger is sent once to the segment's reachable members when its send starts; a campaign
 * with {@link #ON_ENTER} (its segment is {@code live}) is sent, once its send started, to each user at
 * the moment the user enters the segment, exactly once per user however often the user enters.
 */
public enum CampaignTrigger {
    /** Each user who enters the live segment gets the message once. */
    ON_ENTER("onEnter");

    private final String json;

    CampaignTrigger(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<CampaignTrigger> fromJson(String name) {
        for (CampaignTrigger t : values()) {
            if (t.json.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

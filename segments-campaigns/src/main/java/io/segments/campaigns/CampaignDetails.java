package io.segments.campaigns;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A stored campaign as the API shows it: the campaign, its send once started, and its delivery
 * stats (all zero for a draft).
 */
public record CampaignDetails(Campaign campaign, Optional<CampaignRun> run, DeliveryStats stats) {
    public CampaignDetails {
        requireNonNull(campaign, "campaign is null");
        requireNonNull(run, "run is null");
        requireNonNull(stats, "stats is null");
        if (campaign.id().isEmpty()) {
            throw new IllegalArgumentException("a stored campaign has an id");
        }
    }
}

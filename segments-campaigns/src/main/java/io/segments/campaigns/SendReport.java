package io.segments.campaigns;

import static java.util.Objects.requireNonNull;

/**
 * The end of a {@link CampaignSender#send} run: the campaign's delivery stats and the state they
 * put it in ({@link CampaignState#after}); {@code sending} when users remain without an outcome
 * (the run was interrupted, or another thread is still delivering some of them).
 */
public record SendReport(DeliveryStats stats, CampaignState state) {
    public SendReport {
        requireNonNull(stats, "stats is null");
        requireNonNull(state, "state is null");
    }
}

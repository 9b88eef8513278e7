package io.segments.campaigns;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one user would get from a campaign, without sending anything: the message rendered with
 * the user's traits, whether the user is a member of the campaign's segment now, and, when the user
 * would be skipped, why ({@code skipReason} and the full {@code reason}, e.g.
 * {@code opted out: emailOptOut is true}). The checks are the sender's, in its order: reachability
 * and consent, then the placeholders.
 *
 * @param campaignId the stored campaign previewed; empty for a message previewed without being stored
 * @param userId the user's id as the store knows it now (an anonymous id resolves to its user)
 */
public record CampaignPreview(
        Optional<String> campaignId,
        String userId,
        boolean member,
        Rendering rendering,
        Optional<SkipReason> skipReason,
        Optional<String> reason) {

    public CampaignPreview {
        requireNonNull(campaignId, "campaignId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(rendering, "rendering is null");
        requireNonNull(skipReason, "skipReason is null");
        requireNonNull(reason, "reason is null");
        if (skipReason.isPresent() != reason.isPresent()) {
            throw new IllegalArgumentException("a skip has both a kind and a reason");
        }
    }

    /** Whether a send would skip this user (a member who is not skipped is sent the message). */
    public boolean wouldSkip() {
        return skipReason.isPresent();
    }
}

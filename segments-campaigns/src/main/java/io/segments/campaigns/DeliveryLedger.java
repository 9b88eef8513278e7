package io.segments.campaigns;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable record of who was sent what: one row per (campaign, user) that moves
 * {@code pending -> claimed -> sent | failed} or {@code pending | claimed -> skipped}, never back
 * (except a claim given back before anything was sent, {@link #release}).
 * Each method is durable when it returns. Outcomes are final: recording an outcome for a user who
 * already has one changes nothing and answers {@code false}.
 *
 * <p>This is what makes delivery exactly-once per (campaign, user) across retries and restarts;
 * {@link CampaignSender} describes the protocol. {@link JdbcDeliveryLedger} is the implementation
 * over the {@link CampaignTables}.
 */
public interface DeliveryLedger {
    /** What {@link #claim} found. */
    enum Claim {
        /** The user was pending and is now claimed: send. */
        CLAIMED,
        /**
         * The user was already claimed without an outcome: a run stopped between claiming and
         * recording, so the message may or may not have gone out. Send again with the same key.
         */
        RECLAIMED,
        /** The user already has an outcome: do not send. */
        DONE
    }

    /** Adds users to the campaign's audience as {@code pending}; users already in it are kept as they are. Answers how many were new. */
    int enroll(String campaignId, Collection<String> userIds);

    /** Claims an enrolled user before the send, recording where the message goes. */
    Claim claim(String campaignId, String userId, String recipient);

    /**
     * Gives a claimed user back ({@code claimed -> pending}) when nothing was handed to the provider
     * (the run stopped before the first attempt), so that the next run does not take it for a
     * delivery in doubt. Answers false when the user was not claimed.
     */
    boolean release(String campaignId, String userId);

    /** Records a claimed user as sent. */
    boolean recordSent(String campaignId, String userId, String providerMessageId, int attempts);

    /** Records a claimed user as failed. */
    boolean recordFailed(String campaignId, String userId, String reason, int attempts);

    /** Records a pending or claimed user as skipped; {@code reason} is the full text ({@code opted out: emailOptOut is true}). */
    boolean recordSkipped(String campaignId, String userId, SkipReason skipReason, String reason);

    /** The users of the audience without an outcome (pending or claimed). */
    Set<String> unfinished(String campaignId);

    Optional<Delivery> delivery(String campaignId, String userId);

    /** Deliveries in ascending user id order after {@code afterUserId} (empty: from the start), at most {@code limit}. */
    List<Delivery> deliveries(String campaignId, Optional<DeliveryStatus> status, Optional<String> afterUserId, int limit);

    DeliveryStats stats(String campaignId);
}

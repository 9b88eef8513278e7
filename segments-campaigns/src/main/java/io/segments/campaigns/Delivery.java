package io.segments.campaigns;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The delivery record of one user of a campaign's audience.
 *
 * @param idempotencyKey the key (and Message-ID local part) every send to this user uses, derived
 *                       from campaign and user by {@link DeliveryKey#idempotencyKey()}
 * @param recipient      where the message went (the address, number or push tokens), once claimed
 * @param providerMessageId the provider's id of the message, when {@code sent}
 * @param skipReason     the kind of skip, when {@code skipped}
 * @param reason         the human-readable reason, when {@code failed} or {@code skipped}
 * @param attempts       how many times the message was handed to the provider in the run that
 *                       recorded the outcome (0 for a skip)
 */
public record Delivery(
        String campaignId,
        String userId,
        DeliveryStatus status,
        String idempotencyKey,
        Optional<String> recipient,
        Optional<String> providerMessageId,
        Optional<SkipReason> skipReason,
        Optional<String> reason,
        int attempts,
        Instant updatedAt) {

    public Delivery {
        requireNonNull(campaignId, "campaignId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(status, "status is null");
        requireNonNull(idempotencyKey, "idempotencyKey is null");
        requireNonNull(recipient, "recipient is null");
        requireNonNull(providerMessageId, "providerMessageId is null");
        requireNonNull(skipReason, "skipReason is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (status == DeliveryStatus.SENT && providerMessageId.isEmpty()) {
            throw new IllegalArgumentException("a sent delivery has a provider message id");
        }
        if (status == DeliveryStatus.FAILED && reason.isEmpty()) {
            throw new IllegalArgumentException("a failed delivery has a reason");
        }
        if (status == DeliveryStatus.SKIPPED && (skipReason.isEmpty() || reason.isEmpty())) {
            throw new IllegalArgumentException("a skipped delivery has a skip reason and a reason");
        }
        if (status != DeliveryStatus.SKIPPED && skipReason.isPresent()) {
            throw new IllegalArgumentException("only a skipped delivery has a skip reason");
        }
    }
}

package io.segments.campaigns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Which delivery a send is: the campaign and the user. Its {@link #idempotencyKey()} is a pure
 * function of the two, so every send to that user, in every run and after any restart, carries
 * the same key (the {@code Idempotency-Key} header of HTTP providers, the local part of the
 * email's {@code Message-ID}) and a provider that de-duplicates drops a repeat.
 */
public record DeliveryKey(String campaignId, String userId) {
    /** The prefix of user ids that {@link #testSend} makes up; test sends are not in any ledger. */
    public static final String TEST_SEND_PREFIX = "test-send-";

    public DeliveryKey {
        requireNonNull(campaignId, "campaignId is null");
        requireNonNull(userId, "userId is null");
    }

    /** A key of its own for a test send of a campaign (a fresh made-up user id each time). */
    public static DeliveryKey testSend(String campaignId) {
        return new DeliveryKey(campaignId, TEST_SEND_PREFIX + UUID.randomUUID());
    }

    /**
     * {@code sgm-} and the first 32 hex digits of SHA-256 over the UTF-8 campaign id, a zero byte and
     * the user id: only letters, digits and a hyphen, so it fits a header and a Message-ID as it is.
     */
    public String idempotencyKey() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(campaignId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(userId.getBytes(StandardCharsets.UTF_8));
            return "sgm-" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

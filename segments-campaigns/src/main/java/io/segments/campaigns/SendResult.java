package io.segments.campaigns;

import static java.util.Objects.requireNonNull;

/** What a provider answered to one send: accepted with its message id, or rejected. */
public sealed interface SendResult {
    /** The provider took the message; {@code providerMessageId} identifies it there. */
    record Accepted(String providerMessageId) implements SendResult {
        public Accepted {
            requireNonNull(providerMessageId, "providerMessageId is null");
        }
    }

    /**
     * The provider did not take the message. {@code retryable}: trying again later may succeed
     * (timeouts, connection failures, HTTP 408/425/429/5xx, SMTP 4xx); otherwise it will not
     * (a refused address, a rejected request, failed authentication).
     */
    record Rejected(String reason, boolean retryable) implements SendResult {
        public Rejected {
            requireNonNull(reason, "reason is null");
        }
    }
}

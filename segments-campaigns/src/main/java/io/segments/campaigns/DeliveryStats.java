package io.segments.campaigns;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Delivery counts of one campaign. {@code audience} is every enrolled user;
 * {@code audience = sent + failed + skippedTotal() + pending}, where {@code pending} counts users
 * without an outcome yet (not started, or claimed and in progress or interrupted).
 */
public record DeliveryStats(
        String campaignId,
        long audience,
        long sent,
        long failed,
        Map<SkipReason, Long> skipped,
        long pending) {

    public DeliveryStats {
        requireNonNull(campaignId, "campaignId is null");
        EnumMap<SkipReason, Long> all = new EnumMap<>(SkipReason.class);
        for (SkipReason r : SkipReason.values()) {
            all.put(r, requireNonNull(skipped, "skipped is null").getOrDefault(r, 0L));
        }
        skipped = Collections.unmodifiableMap(all);
        if (audience != sent + failed + all.values().stream().mapToLong(Long::longValue).sum() + pending) {
            throw new IllegalArgumentException("the audience of " + audience + " is not the sum of the counts");
        }
    }

    /** Skipped users of every reason. */
    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Skipped users of one reason. */
    public long skipped(SkipReason reason) {
        return skipped.get(reason);
    }
}

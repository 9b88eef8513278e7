package io.segments.campaigns;

import io.segments.model.Channel;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How hard and how fast the {@link CampaignSender} sends.
 *
 * @param maxAttempts   sends of one message before it is recorded as failed (1 = no retry);
 *                      a rejection the provider marks not retryable fails at once
 * @param baseDelay     the wait after the first failed attempt; it doubles after each further one
 * @param maxDelay      the longest wait between two attempts
 * @param ratePerSecond the most messages per second per channel, shared by every campaign of this
 *                      sender (a token bucket holding one message: sends are spaced, never bursty)
 */
public record SendPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Map<Channel, Double> ratePerSecond) {
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);
    /** Messages per second: email 10, SMS 5, push 50. */
    public static final Map<Channel, Double> DEFAULT_RATES = Map.of(Channel.EMAIL, 10.0, Channel.SMS, 5.0,
            Channel.PUSH, 50.0);

    public SendPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + "; it lies in 1..100");
        }
        requireNonNull(baseDelay, "baseDelay is null");
        requireNonNull(maxDelay, "maxDelay is null");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays need 0 <= baseDelay <= maxDelay, not " + baseDelay
                    + " and " + maxDelay);
        }
        EnumMap<Channel, Double> rates = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            Double rate = requireNonNull(ratePerSecond, "ratePerSecond is null").getOrDefault(c, DEFAULT_RATES.get(c));
            if (!(rate > 0) || rate.isInfinite()) {
                throw new IllegalArgumentException("the " + c.json() + " rate is " + rate + "; it is a positive number");
            }
            rates.put(c, rate);
        }
        ratePerSecond = Collections.unmodifiableMap(rates);
    }

    public static SendPolicy defaults() {
        return new SendPolicy(DEFAULT_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_RATES);
    }

    /** The wait after failed attempt number {@code attempt} (1-based): {@code min(maxDelay, baseDelay * 2^(attempt-1))}. */
    public Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
        Duration delay = baseDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    public double rate(Channel channel) {
        return ratePerSecond.get(channel);
    }
}

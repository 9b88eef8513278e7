package io.segments.campaigns;

import io.segments.model.Channel;

/**
 * Hands rendered messages of one channel to whatever delivers them: an SMTP server, an HTTP
 * API, or the outbox directory. Implementations are safe for use by several threads. They never
 * retry themselves (the {@link CampaignSender} does, with backoff) and never throw for a failed
 * delivery: they answer {@link SendResult.Rejected} and say whether a retry may help.
 */
public interface ChannelProvider extends AutoCloseable {
    /** The channel this provider delivers. */
    Channel channel();

    /**
     * Sends one rendered message. Every call for the same {@code key} must carry the key's
     * {@link DeliveryKey#idempotencyKey()} to the provider where its protocol allows, so that a
     * provider that de-duplicates recognises a repeat.
     */
    SendResult send(Message message, Recipient recipient, DeliveryKey key);

    /** A short description for logs, without secrets: {@code smtp mail.example.com:587 starttls}. */
    String describe();

    /** Releases connections; the default holds none. */
    @Override
    default void close() {
    }
}

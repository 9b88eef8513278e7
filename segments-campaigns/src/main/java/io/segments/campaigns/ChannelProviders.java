package io.segments.campaigns;

import io.segments.campaigns.internal.OutboxProvider;
import io.segments.campaigns.internal.SmtpProvider;
import io.segments.campaigns.internal.TwilioProvider;
import io.segments.campaigns.internal.WebhookProvider;
import io.segments.model.Channel;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Builds the providers a {@link DeliveryConfig} names. */
public final class ChannelProviders {
    /** The outbox directory inside the data directory. */
    public static final String OUTBOX_DIR = "outbox";

    private ChannelProviders() {
    }

    /** One provider per channel; the outbox lives in {@code <dataDir>/outbox}. The caller closes them. */
    public static Map<Channel, ChannelProvider> create(DeliveryConfig config, Path dataDir) {
        Map<Channel, ChannelProvider> providers = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            providers.put(c, create(config.provider(c), c, config, dataDir));
        }
        return Collections.unmodifiableMap(providers);
    }

    private static ChannelProvider create(ProviderConfig p, Channel channel, DeliveryConfig config, Path dataDir) {
        if (p instanceof ProviderConfig.Outbox) {
            return new OutboxProvider(dataDir.resolve(OUTBOX_DIR), channel);
        }
        if (p instanceof ProviderConfig.Smtp smtp) {
            return new SmtpProvider(smtp, config.timeout());
        }
        if (p instanceof ProviderConfig.Webhook webhook) {
            return new WebhookProvider(webhook, channel, config.timeout());
        }
        if (p instanceof ProviderConfig.Twilio twilio) {
            return new TwilioProvider(twilio, config.timeout());
        }
        throw new IllegalStateException("provider configuration without a provider: " + p);
    }
}

/**
 * Campaigns: a message sent to a segment's members on one channel. {@link io.segments.campaigns.CampaignService}
 * is the feature on the embedded store (stored campaigns, previews, test sends, sending to the frozen audience of
 * a segment's reachable members in the background, stats and delivery records, resuming after a restart).
 * {@link io.segments.campaigns.Campaign} and {@link io.segments.campaigns.CampaignJson} are the resource and its
 * JSON form, {@link io.segments.campaigns.CampaignTemplates} the template language of messages,
 * {@link io.segments.campaigns.ChannelProvider} the providers (outbox, SMTP, webhook, Twilio) configured by
 * {@link io.segments.campaigns.DeliveryConfig}, and {@link io.segments.campaigns.CampaignSender} sends
 * exactly once per user over a durable {@link io.segments.campaigns.DeliveryLedger}.
 */
package io.segments.campaigns;

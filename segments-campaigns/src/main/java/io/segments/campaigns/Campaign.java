package io.segments.campaigns;

import io.segments.model.Channel;
import io.segments.model.SegmentsException;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A message sent to the members of a segment on one channel. The id is assigned when the
 * campaign is stored; a campaign is sent only once it has one (deliveries are recorded under it).
 * The channel and the form of the message agree. Without a {@link CampaignTrigger trigger} the
 * campaign goes to the segment's members when its send starts; with {@link CampaignTrigger#ON_ENTER}
 * it goes to each user who enters the (live) segment after its send started.
 */
public record Campaign(
        Optional<String> id,
        String segmentId,
        String name,
        Channel channel,
        Message message,
        CampaignState state,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt,
        Optional<CampaignTrigger> trigger) {

    public Campaign {
        requireNonNull(trigger, "trigger is null");
        requireNonNull(id, "id is null");
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(name, "name is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(message, "message is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (message.channel() != channel) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the message is a " + message.channel().json() + " message but the campaign's channel is "
                            + channel.json(), "$.message");
        }
    }

    /** A campaign without trigger. */
    public Campaign(Optional<String> id, String segmentId, String name, Channel channel, Message message,
                    CampaignState state, Optional<Instant> createdAt, Optional<Instant> updatedAt) {
        this(id, segmentId, name, channel, message, state, createdAt, updatedAt, Optional.empty());
    }

    /** A new draft without id and times. */
    public static Campaign draft(String segmentId, String name, Message message) {
        return new Campaign(Optional.empty(), segmentId, name, message.channel(), message, CampaignState.DRAFT,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Campaign withId(String newId) {
        return new Campaign(Optional.of(newId), segmentId, name, channel, message, state, createdAt, updatedAt,
                trigger);
    }

    public Campaign withState(CampaignState newState) {
        return new Campaign(id, segmentId, name, channel, message, newState, createdAt, updatedAt, trigger);
    }

    public Campaign withTimes(Instant created, Instant updated) {
        return new Campaign(id, segmentId, name, channel, message, state, Optional.of(created), Optional.of(updated),
                trigger);
    }

    public Campaign withTrigger(Optional<CampaignTrigger> newTrigger) {
        return new Campaign(id, segmentId, name, channel, message, state, createdAt, updatedAt, newTrigger);
    }

    /** The id, or an {@code invalid_request} error when the campaign was never stored. */
    public String requireId() {
        return id.orElseThrow(() -> new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                "campaign '" + name + "' has no id: store it before sending", "$.id"));
    }
}

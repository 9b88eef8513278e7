package io.segments.campaigns;

import io.segments.campaigns.internal.CompiledMessage;
import io.segments.campaigns.internal.Ticker;
import io.segments.campaigns.internal.TokenBucket;
import io.segments.model.Channel;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Profile;
import io.segments.model.eval.Reachability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Sends campaigns to frozen audiences, exactly once per (campaign, user).
 *
 * <p>For each user of the audience, in order:
 * <ol>
 *   <li>the user is enrolled in the {@link DeliveryLedger} as {@code pending} (the whole audience
 *       first, in one transaction); users that already have an outcome are left alone;</li>
 *   <li>reachability and consent are checked by the spec's rules ({@link Reachability}): no valid
 *       address is {@code skipped: not reachable}, a valid address with the channel's opt-out
 *       trait {@code true} is {@code skipped: opted out};</li>
 *   <li>the message is rendered; a placeholder without value or fallback is
 *       {@code skipped: missing placeholder value: NAME};</li>
 *   <li>the user is <b>claimed</b> in the ledger (durably) before anything leaves;</li>
 *   <li>the message is sent through the channel's provider under the channel's rate limit, with
 *       the user's {@link DeliveryKey}; retryable rejections (timeouts included) are retried
 *       with exponential backoff up to {@link SendPolicy#maxAttempts()};</li>
 *   <li>the outcome is recorded: {@code sent} with the provider's message id, or {@code failed}
 *       with the last reason.</li>
 * </ol>
 *
 * <p><b>Exactly once.</b> An outcome is final and a claimed or finished user is never claimed
 * as new, so no user is sent twice by retries, by a second run, or by a live trigger for a user
 * already served. After a crash or an abrupt stop, a new sender over the same ledger resumes:
 * users with an outcome are passed over, pending users are sent, and a user found
 * <i>claimed</i> without outcome is sent again — the one delivery per crash whose fate is
 * unknown (the crash fell between the send and the record). It is re-sent with the same
 * idempotency key and email Message-ID, so a provider that de-duplicates (webhooks honouring
 * {@code Idempotency-Key}, mail systems that drop repeated Message-IDs) drops it; one that does not
 * (plain SMTP relays, Twilio) may deliver that single message twice. A claimed user who meanwhile
 * became unreachable or opted out is recorded as skipped instead of being sent again. Within one
 * process, a user being delivered by one thread is passed over by any other; two processes must
 * not send the same campaign over one ledger at the same time.
 *
 * <p>A sender is shared by every campaign of a process: the rate limits are per channel across
 * campaigns. {@link #close()} closes the providers.
 */
public final class CampaignSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignSender.class);

    private final Map<Channel, ChannelProvider> providers;
    private final DeliveryLedger ledger;
    private final SendPolicy policy;
    private final Ticker ticker;
    private final Map<Channel, TokenBucket> limiters = new EnumMap<>(Channel.class);
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public CampaignSender(Map<Channel, ChannelProvider> providers, DeliveryLedger ledger, SendPolicy policy) {
        this(providers, ledger, policy, Ticker.SYSTEM);
    }

    CampaignSender(Map<Channel, ChannelProvider> providers, DeliveryLedger ledger, SendPolicy policy, Ticker ticker) {
        this.providers = Map.copyOf(requireNonNull(providers, "providers is null"));
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.ticker = requireNonNull(ticker, "ticker is null");
        for (Map.Entry<Channel, ChannelProvider> e : this.providers.entrySet()) {
            if (e.getValue().channel() != e.getKey()) {
                throw new IllegalArgumentException("the provider for " + e.getKey().json() + " delivers "
                        + e.getValue().channel().json());
            }
        }
        for (Channel c : Channel.values()) {
            limiters.put(c, new TokenBucket(policy.rate(c), 1, ticker));
        }
    }

    /** A sender with the providers and policy of {@code config}; the outbox lives in {@code dataDir}. */
    public static CampaignSender create(DeliveryConfig config, Path dataDir, DeliveryLedger ledger) {
        return new CampaignSender(ChannelProviders.create(config, dataDir), ledger, config.policy());
    }

    /**
     * Sends {@code campaign} to {@code audience} (a user listed twice counts once) and answers the
     * campaign's stats and state. Sending a campaign again, with the same or another audience,
     * sends only to users without an outcome: it resumes an interrupted run and serves users added
     * since. Stops early, with the thread's interrupt flag set, when the thread is interrupted.
     */
    public SendReport send(Campaign campaign, Collection<Profile> audience) {
        String id = campaign.requireId();
        CompiledMessage message = CompiledMessage.compile(campaign.message(), CampaignTemplates.MESSAGE_PATH);
        ChannelProvider provider = provider(campaign.channel());
        Map<String, Profile> users = new LinkedHashMap<>();
        for (Profile p : audience) {
            users.putIfAbsent(p.userId(), p);
        }
        int added = ledger.enroll(id, users.keySet());
        Set<String> unfinished = ledger.unfinished(id);
        LOG.info("campaign {}: {} users ({} new), {} without outcome, via {}", id, users.size(), added,
                unfinished.size(), provider.describe());
        for (Profile p : users.values()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (unfinished.contains(p.userId())) {
                deliver(id, campaign.channel(), message, provider, p);
            }
        }
        DeliveryStats stats = ledger.stats(id);
        CampaignState state = CampaignState.after(stats);
        LOG.info("campaign {}: {} sent, {} failed, {} skipped, {} pending: {}", id, stats.sent(), stats.failed(),
                stats.skippedTotal(), stats.pending(), state.json());
        return new SendReport(stats, state);
    }

    /**
     * Serves the users of {@code enrolled} who are in the campaign's audience (enrolled by an
     * earlier {@link #send} or by {@link DeliveryLedger#enroll}) and have no outcome yet, in the
     * order given; users with an outcome are passed over. Every user passed must be enrolled.
     * Unlike {@link #send} it neither enrolls nor reads the audience, so a large audience can be
     * served in chunks of profiles loaded in bulk. Stops early, with the thread's interrupt flag set,
     * when the thread is interrupted.
     */
    public void serve(Campaign campaign, Collection<Profile> enrolled) {
        String id = campaign.requireId();
        CompiledMessage message = CompiledMessage.compile(campaign.message(), CampaignTemplates.MESSAGE_PATH);
        ChannelProvider provider = provider(campaign.channel());
        for (Profile p : enrolled) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            deliver(id, campaign.channel(), message, provider, p);
        }
    }

    /** How {@code channel} describes its provider in logs ({@code smtp mail.example.com:587 starttls}). */
    public String describe(Channel channel) {
        return provider(channel).describe();
    }

    /**
     * Sends {@code campaign} to one user once, e.g. as the user enters a live segment: the user
     * joins the campaign's audience and is served unless already served. Answers the user's record.
     */
    public Delivery sendOne(Campaign campaign, Profile user) {
        String id = campaign.requireId();
        CompiledMessage message = CompiledMessage.compile(campaign.message(), CampaignTemplates.MESSAGE_PATH);
        ledger.enroll(id, List.of(user.userId()));
        deliver(id, campaign.channel(), message, provider(campaign.channel()), user);
        return ledger.delivery(id, user.userId()).orElseThrow(() -> new IllegalStateException(
                "user '" + user.userId() + "' vanished from the ledger of campaign '" + id + "'"));
    }

    /**
     * Sends the campaign's message once to {@code to} (an address, a number or a push token), rendered
     * with {@code sampleTraits}, with the usual retries and rate limit but outside the campaign's
     * ledger and audience. An invalid {@code to} is {@code invalid_request} at {@code $.to}; a
     * placeholder without sample value or fallback is {@code invalid_request} at its text's path.
     */
    public SendResult testSend(Campaign campaign, String to, Map<String, ?> sampleTraits) {
        Channel channel = campaign.channel();
        boolean valid = switch (channel) {
            case EMAIL -> Reachability.isEmail(to);
            case SMS -> Reachability.isPhone(to);
            case PUSH -> to != null && !to.isBlank();
        };
        if (!valid) {
            String expected = switch (channel) {
                case EMAIL -> "an email address";
                case SMS -> "an E.164 phone number such as +4915112345678";
                case PUSH -> "a push token";
            };
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "a test send of a " + channel.json() + " campaign goes to " + expected + ", not \"" + to + "\"", "$.to");
        }
        Rendering rendering = CompiledMessage.compile(campaign.message(), CampaignTemplates.MESSAGE_PATH).render(sampleTraits);
        if (rendering instanceof Rendering.Missing m) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    m.reason() + ": give the test send a sample value for it or write a fallback", m.path());
        }
        DeliveryKey key = DeliveryKey.testSend(campaign.id().orElse("draft"));
        Attempts result = attempts(provider(channel), ((Rendering.Rendered) rendering).message(), Recipient.of(to), key);
        LOG.info("test send of campaign {} to {}: {}", key.campaignId(), to, result.last());
        return result.last();
    }

    /** The delivery stats of a campaign. */
    public DeliveryStats stats(String campaignId) {
        return ledger.stats(campaignId);
    }

    private ChannelProvider provider(Channel channel) {
        ChannelProvider p = providers.get(channel);
        if (p == null) {
            throw new IllegalStateException("no provider is configured for " + channel.json());
        }
        return p;
    }

    /** Serves one enrolled user; the steps of the class description. */
    private void deliver(String campaignId, Channel channel, CompiledMessage message, ChannelProvider provider,
                         Profile user) {
        String userId = user.userId();
        String flight = campaignId + '\u0000' + userId;
        if (!inFlight.add(flight)) {
            return;
        }
        try {
            Optional<Skip> skip = unreachable(channel, user);
            if (skip.isPresent()) {
                ledger.recordSkipped(campaignId, userId, skip.get().reason(), skip.get().text());
                return;
            }
            Rendering rendering = message.render(user.traits());
            if (rendering instanceof Rendering.Missing m) {
                ledger.recordSkipped(campaignId, userId, SkipReason.MISSING_PLACEHOLDER, m.reason());
                return;
            }
            Recipient recipient = recipient(channel, user);
            DeliveryLedger.Claim claim = ledger.claim(campaignId, userId, recipient.display());
            if (claim == DeliveryLedger.Claim.DONE) {
                return;
            }
            DeliveryKey key = new DeliveryKey(campaignId, userId);
            if (claim == DeliveryLedger.Claim.RECLAIMED) {
                LOG.warn("campaign {}: user {} was claimed by a run that stopped before recording the outcome; "
                        + "sending again with the same idempotency key {}", campaignId, userId, key.idempotencyKey());
            }
            Attempts result = attempts(provider, ((Rendering.Rendered) rendering).message(), recipient, key);
            if (result.interrupted()) {
                if (result.count() == 0) {
                    ledger.release(campaignId, userId); // nothing left: not a delivery in doubt
                }
                return;
            }
            if (result.last() instanceof SendResult.Accepted a) {
                ledger.recordSent(campaignId, userId, a.providerMessageId(), result.count());
            } else {
                SendResult.Rejected r = (SendResult.Rejected) result.last();
                String reason = r.reason() + (result.count() > 1 ? " (after " + result.count() + " attempts)" : "");
                ledger.recordFailed(campaignId, userId, reason, result.count());
                LOG.warn("campaign {}: delivery to user {} failed: {}", campaignId, userId, reason);
            }
        } finally {
            inFlight.remove(flight);
        }
    }

    /** The sends of one message: the last answer, how many sends, and whether the thread was interrupted. */
    private record Attempts(SendResult last, int count, boolean interrupted) {
    }

    private Attempts attempts(ChannelProvider provider, Message message, Recipient recipient, DeliveryKey key) {
        TokenBucket limiter = limiters.get(provider.channel());
        SendResult last = new SendResult.Rejected("not sent: the thread was interrupted", true);
        int attempt = 0;
        try {
            while (attempt < policy.maxAttempts()) {
                if (Thread.currentThread().isInterrupted()) {
                    return new Attempts(last, attempt, true);
                }
                limiter.acquire();
                attempt++;
                last = call(provider, message, recipient, key);
                if (last instanceof SendResult.Accepted || !((SendResult.Rejected) last).retryable()) {
                    return new Attempts(last, attempt, false);
                }
                if (attempt < policy.maxAttempts()) {
                    LOG.debug("attempt {} of {} for {} failed, retrying: {}", attempt, policy.maxAttempts(), key, last);
                    ticker.sleep(policy.delayAfter(attempt));
                }
            }
            return new Attempts(last, attempt, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempts(last, attempt, true);
        }
    }

    private static SendResult call(ChannelProvider provider, Message message, Recipient recipient, DeliveryKey key) {
        try {
            return requireNonNull(provider.send(message, recipient, key), "a provider answered null");
        } catch (RuntimeException e) {
            LOG.error("provider {} failed on {}", provider.describe(), key, e);
            return new SendResult.Rejected("provider error: " + e, true);
        }
    }

    /** Why a user is not sent the message: the kind and its detail ({@code emailOptOut is true}). */
    record Skip(SkipReason reason, String detail) {
        /** The full reason, {@code opted out: emailOptOut is true}. */
        String text() {
            return reason.reason(detail);
        }
    }

    /** Why the user cannot or must not be reached on the channel, if so (the spec's reachability rules). */
    static Optional<Skip> unreachable(Channel channel, Profile user) {
        if (Reachability.isReachable(user, channel)) {
            return Optional.empty();
        }
        Map<String, Object> traits = user.traits();
        switch (channel) {
            case EMAIL:
                if (Reachability.isEmail(traits.get("email"))) {
                    return skip(SkipReason.OPTED_OUT, "emailOptOut is true");
                }
                return skip(SkipReason.NOT_REACHABLE, traits.get("email") == null ? "no email"
                        : "email is not a valid address");
            case SMS:
                if (Reachability.isPhone(traits.get("phone"))) {
                    return skip(SkipReason.OPTED_OUT, "smsOptOut is true");
                }
                return skip(SkipReason.NOT_REACHABLE, traits.get("phone") == null ? "no phone"
                        : "phone is not an E.164 number");
            case PUSH:
                if (Reachability.hasPushToken(user)) {
                    return skip(SkipReason.OPTED_OUT, "pushOptOut is true");
                }
                return skip(SkipReason.NOT_REACHABLE, "no push token");
            default:
                throw new IllegalStateException("channel without a reachability rule: " + channel);
        }
    }

    private static Optional<Skip> skip(SkipReason reason, String detail) {
        return Optional.of(new Skip(reason, detail));
    }

    /** Where a reachable user's message goes: the email, the phone, or every push token (sorted). */
    static Recipient recipient(Channel channel, Profile user) {
        switch (channel) {
            case EMAIL:
                return Recipient.of((String) user.traits().get("email"));
            case SMS:
                return Recipient.of((String) user.traits().get("phone"));
            case PUSH: {
                Set<String> tokens = new TreeSet<>();
                user.pushTokens().stream().filter(t -> !t.isEmpty()).forEach(tokens::add);
                if (user.traits().get("pushToken") instanceof String s && !s.isEmpty()) {
                    tokens.add(s);
                }
                return new Recipient(new ArrayList<>(tokens));
            }
            default:
                throw new IllegalStateException("channel without recipients: " + channel);
        }
    }

    /** Closes every provider. */
    @Override
    public void close() {
        for (ChannelProvider p : providers.values()) {
            p.close();
        }
    }
}

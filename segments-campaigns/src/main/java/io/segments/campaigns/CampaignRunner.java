package io.segments.campaigns;

import io.segments.campaigns.internal.CampaignRows;
import io.segments.campaigns.internal.UserProfiles;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Profile;
import io.segments.store.Store;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The sending half of {@link CampaignService}: starts a send (freezing the audience, or registering a
 * triggered campaign), serves the audience in the background on its own threads, serves users who
 * enter a live segment, and resumes the sends found {@code sending} at start. See the service's
 * description for the rules.
 */
final class CampaignRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);
    private static final int RUNNERS = 2;
    private static final long STOP_WAIT_SECONDS = 30;

    private final Store store;
    private final SegmentCatalog catalog;
    private final SegmentQueries queries;
    private final Clock clock;
    private final CampaignTable table;
    private final JdbcDeliveryLedger ledger;
    private final CampaignSender sender;
    private final int chunk;
    private final int freezeChunk;
    private final ExecutorService runner;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** The triggered campaigns whose send started, by segment id. */
    private final Map<String, List<Triggered>> onEnter = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A triggered campaign whose send started at {@code since}. */
    private record Triggered(Campaign campaign, Instant since) {
    }

    CampaignRunner(Store store, SegmentCatalog catalog, SegmentQueries queries, Clock clock, CampaignTable table,
                   JdbcDeliveryLedger ledger, CampaignSender sender, int chunk, int freezeChunk) {
        this.store = store;
        this.catalog = catalog;
        this.queries = queries;
        this.clock = clock;
        this.table = table;
        this.ledger = ledger;
        this.sender = sender;
        this.chunk = chunk;
        this.freezeChunk = freezeChunk;
        AtomicInteger threads = new AtomicInteger();
        this.runner = Executors.newFixedThreadPool(RUNNERS, r -> {
            Thread t = new Thread(r, "segments-campaign-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts sending draft campaign {@code id}: {@code draft -> sending}, then the audience is frozen and
     * served in the background, or, for a triggered campaign, entering users are served from now on.
     */
    void send(String id) {
        Campaign campaign = table.row(id).campaign();
        if (campaign.trigger().isPresent() && campaign.state() == CampaignState.DRAFT) {
            requireLive(catalog, campaign.segmentId(), null, "campaign " + id + " with trigger "
                    + campaign.trigger().get().json());
        }
        Instant startedAt = now();
        if (!table.apply(c -> CampaignRows.start(c, id, startedAt))) {
            CampaignState state = table.row(id).campaign().state();
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign \"" + campaign.name() + "\" is "
                    + state.json() + ", not a draft: a campaign is sent once; create a new campaign to send the message "
                    + "again");
        }
        if (campaign.trigger().isPresent()) {
            CampaignRows.Row started = table.row(id);
            onEnter.computeIfAbsent(campaign.segmentId(), s -> new CopyOnWriteArrayList<>())
                    .add(new Triggered(started.campaign(), started.run().orElseThrow().startedAt()));
            LOG.info("campaign {}: sent to each user who enters live segment {} from now on", id, campaign.segmentId());
            return;
        }
        try {
            freeze(campaign);
        } catch (RuntimeException e) {
            if (ledger.stats(id).audience() == 0) {
                table.apply(c -> {
                    CampaignRows.backToDraft(c, id, now());
                    return null;
                });
            }
            throw e;
        }
        schedule(campaign);
    }

    /** A campaign with a trigger needs a live segment; {@code path} null makes the error a conflict. */
    static void requireLive(SegmentCatalog catalog, String segmentId, String path, String what) {
        Segment segment = catalog.find(segmentId).orElseThrow(() -> new SegmentsException(
                SegmentsException.Code.CONFLICT, what + " cannot start: its segment " + segmentId + " was deleted"));
        if (segment.type() != SegmentType.LIVE) {
            String message = what + " needs a live segment: users enter it as events arrive; segment " + segmentId
                    + " is " + segment.type().json();
            throw path == null ? new SegmentsException(SegmentsException.Code.CONFLICT, message)
                    : new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
        }
    }

    /** Whether a triggered campaign whose send started waits for users entering segment {@code segmentId}. */
    boolean triggersOn(String segmentId) {
        List<Triggered> list = onEnter.get(segmentId);
        return list != null && !list.isEmpty();
    }

    /** See {@link CampaignService#entered}. */
    List<Delivery> entered(String segmentId, String userId, Instant at) {
        List<Campaign> campaigns = new ArrayList<>();
        for (Triggered t : onEnter.getOrDefault(segmentId, List.of())) {
            if (!t.since().isAfter(at)) {
                campaigns.add(t.campaign());
            }
        }
        if (campaigns.isEmpty() || closed.get()) {
            return List.of();
        }
        Optional<UserProfiles.User> user = store.withConnection(c -> UserProfiles.byExternalId(c, userId));
        if (user.isEmpty()) {
            LOG.warn("user {} entered segment {} but is not in the store; no triggered campaign sent", userId, segmentId);
            return List.of();
        }
        List<Delivery> out = new ArrayList<>(campaigns.size());
        for (Campaign campaign : campaigns) {
            out.add(sender.sendOne(campaign, user.get().profile()));
        }
        return out;
    }

    boolean isRunning(String id) {
        return running.contains(id);
    }

    /** Stops the sending threads: a send under way ends after the message in hand. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        runner.shutdownNow();
        try {
            if (!runner.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("campaign sends did not stop within {}s", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Enrolls the reachable members of the campaign's segment in the ledger and records the frozen
     * audience. The counts are written before the enrollment, which is one transaction: after a stop,
     * a recorded audience of N > 0 with an empty ledger means the enrollment did not happen.
     */
    private void freeze(Campaign campaign) {
        String id = campaign.requireId();
        if (catalog.find(campaign.segmentId()).isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign " + id + " cannot be sent: its segment "
                    + campaign.segmentId() + " was deleted");
        }
        RoaringBitmap members = queries.memberUids(campaign.segmentId(), Optional.empty());
        Instant frozenAt = now();
        List<String> audience = new ArrayList<>();
        long notReachable = 0;
        long optedOut = 0;
        PeekableIntIterator uids = members.getIntIterator();
        int[] buffer = new int[(int) Math.min(freezeChunk, Math.max(1, members.getLongCardinality()))];
        while (uids.hasNext()) {
            int n = 0;
            while (n < buffer.length && uids.hasNext()) {
                buffer[n++] = uids.next();
            }
            int[] ids = Arrays.copyOf(buffer, n);
            for (UserProfiles.User user : store.withConnection(c -> UserProfiles.byUid(c, ids))) {
                Optional<CampaignSender.Skip> skip = CampaignSender.unreachable(campaign.channel(), user.profile());
                if (skip.isEmpty()) {
                    audience.add(user.profile().userId());
                } else if (skip.get().reason() == SkipReason.OPTED_OUT) {
                    optedOut++;
                } else {
                    notReachable++;
                }
            }
        }
        long memberCount = audience.size() + notReachable + optedOut;
        long left = notReachable;
        long out = optedOut;
        table.apply(c -> {
            CampaignRows.frozen(c, id, frozenAt, memberCount, audience.size(), left, out);
            return null;
        });
        ledger.enroll(id, audience);
        LOG.info("campaign {}: audience frozen: {} of {} members of segment {} reachable on {} ({} not reachable, "
                + "{} opted out)", id, audience.size(), memberCount, campaign.segmentId(), campaign.channel().json(),
                notReachable, optedOut);
    }

    private void schedule(Campaign campaign) {
        String id = campaign.requireId();
        if (!running.add(id)) {
            return;
        }
        try {
            runner.execute(() -> {
                try {
                    run(campaign);
                } catch (RuntimeException | Error e) {
                    LOG.error("campaign {}: sending stopped by an error; it stays sending and resumes at the next"
                            + " start", id, e);
                } finally {
                    running.remove(id);
                }
            });
        } catch (RuntimeException e) {
            running.remove(id);
            throw e;
        }
    }

    /** Serves every user of the audience without an outcome, then records the campaign's end state. */
    private void run(Campaign campaign) {
        String id = campaign.requireId();
        LOG.info("campaign {}: sending via {}", id, sender.describe(campaign.channel()));
        Set<String> previous = Set.of();
        while (!Thread.currentThread().isInterrupted()) {
            Set<String> unfinished = new TreeSet<>(ledger.unfinished(id));
            if (unfinished.isEmpty()) {
                break;
            }
            if (unfinished.equals(previous)) {
                LOG.warn("campaign {}: {} users still have no outcome after a full pass (served elsewhere?); "
                        + "they are served at the next start", id, unfinished.size());
                return;
            }
            previous = unfinished;
            List<String> users = new ArrayList<>(chunk);
            for (String userId : unfinished) {
                users.add(userId);
                if (users.size() == chunk) {
                    serve(campaign, users);
                    users.clear();
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            serve(campaign, users);
        }
        if (Thread.currentThread().isInterrupted()) {
            LOG.info("campaign {}: sending stopped; it resumes at the next start", id);
            return;
        }
        DeliveryStats stats = ledger.stats(id);
        CampaignState state = CampaignState.after(stats);
        if (state != CampaignState.SENDING) {
            table.apply(c -> {
                CampaignRows.finish(c, id, state, now());
                return null;
            });
        }
        LOG.info("campaign {}: {} sent, {} failed, {} skipped, {} pending: {}", id, stats.sent(), stats.failed(),
                stats.skippedTotal(), stats.pending(), state.json());
    }

    /** Reads the profiles of one chunk of users in bulk and serves them. */
    private void serve(Campaign campaign, List<String> userIds) {
        if (userIds.isEmpty() || Thread.currentThread().isInterrupted()) {
            return;
        }
        Map<String, UserProfiles.User> users = store.withConnection(c -> UserProfiles.byExternalId(c, userIds));
        List<Profile> profiles = new ArrayList<>(userIds.size());
        for (String userId : userIds) {
            UserProfiles.User user = users.get(userId);
            if (user == null) {
                LOG.warn("campaign {}: user {} of the audience is no longer in the store; recorded as not reachable",
                        campaign.requireId(), userId);
                profiles.add(Profile.of(userId, Map.of()));
            } else {
                profiles.add(user.profile());
            }
        }
        sender.serve(campaign, profiles);
    }

    /** Resumes every campaign that was sending when the last process stopped. */
    void resumeAll() {
        for (CampaignRows.Row row : table.apply(CampaignRows::triggered)) {
            Campaign campaign = row.campaign();
            Instant since = row.run().map(CampaignRun::startedAt).orElse(campaign.updatedAt().orElseThrow());
            onEnter.computeIfAbsent(campaign.segmentId(), s -> new CopyOnWriteArrayList<>())
                    .add(new Triggered(campaign, since));
            List<String> unfinished = new ArrayList<>(new TreeSet<>(ledger.unfinished(row.id())));
            if (!unfinished.isEmpty() && running.add(row.id())) {
                LOG.info("campaign {} triggers on entering {}: serving {} users without outcome", row.id(),
                        campaign.segmentId(), unfinished.size());
                runner.execute(() -> {
                    try {
                        serve(campaign, unfinished);
                    } catch (RuntimeException | Error e) {
                        LOG.error("campaign {}: resuming failed; the users are served at the next start", row.id(), e);
                    } finally {
                        running.remove(row.id());
                    }
                });
            }
        }
        for (CampaignRows.Row row : table.apply(c -> CampaignRows.inState(c, CampaignState.SENDING))) {
            String id = row.id();
            if (row.campaign().trigger().isPresent()) {
                continue;
            }
            boolean frozen = row.run().flatMap(CampaignRun::frozenAt).isPresent()
                    && (row.run().get().audience() == 0 || ledger.stats(id).audience() > 0);
            LOG.info("campaign {} was sending: {}", id, frozen ? "resuming" : "freezing its audience, then sending");
            if (!running.add(id)) {
                continue;
            }
            runner.execute(() -> {
                try {
                    if (!frozen) {
                        freeze(row.campaign());
                    }
                    run(row.campaign());
                } catch (SegmentsException e) {
                    LOG.error("campaign {} cannot be resumed: {}; it is marked failed", id, e.getMessage());
                    table.apply(c -> {
                        CampaignRows.finish(c, id, CampaignState.FAILED, now());
                        return null;
                    });
                } catch (RuntimeException | Error e) {
                    LOG.error("campaign {}: resuming failed; it stays sending", id, e);
                } finally {
                    running.remove(id);
                }
            });
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

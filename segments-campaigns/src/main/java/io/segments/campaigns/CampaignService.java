package io.segments.campaigns;

import io.segments.campaigns.internal.CampaignIds;
import io.segments.campaigns.internal.CampaignRows;
import io.segments.campaigns.internal.Cursors;
import io.segments.campaigns.internal.UserProfiles;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Profile;
import io.segments.store.Store;
import io.segments.store.StoreException;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * Campaigns as a product feature, on the embedded {@link Store}: stored campaigns of the catalog's
 * segments, previews, test sends, sending in the background, stats and delivery records.
 *
 * <ul>
 *   <li><b>Create</b>: a campaign belongs to an existing segment ({@code not_found} at
 *       {@code $.segmentId} otherwise) and starts as a {@code draft}; the server assigns its id
 *       ({@code cmp_} and eight base-36 characters) and times.</li>
 *   <li><b>Send</b> ({@link #send}) freezes the audience before it returns: the segment's members at
 *       that instant ({@link SegmentQueries#memberUids}) whose profiles (traits and push tokens, read
 *       in bulk) make them reachable on the campaign's channel by the segment language's rules are
 *       enrolled in the {@link DeliveryLedger}; the other members are counted as left out
 *       ({@link CampaignRun}). Users who enter the segment later are not part of it. The campaign is
 *       then {@code sending}, and the messages go out in the background through the
 *       {@link CampaignSender}: profiles are read again, in chunks, as they are served, so an
 *       address changed or an opt-out set since the freeze is honoured. When every user has an
 *       outcome the campaign is {@code sent} (or {@code failed}: nothing sent, some failed).</li>
 *   <li><b>Triggered campaigns</b> ({@link CampaignTrigger#ON_ENTER}, on a {@code live} segment only):
 *       {@link #send} freezes no audience; the campaign stays {@code sending}, and from then on each user
 *       who enters the segment from then on ({@link #entered}, called off the live engine's thread) joins
 *       the audience and is served, exactly once per user through the ledger however often the user
 *       enters. Users who were members before the send started get nothing until they enter again.</li>
 *   <li><b>Restart</b>: at {@link #start}, campaigns found {@code sending} resume through the ledger:
 *       users with an outcome are passed over, the others are served (exactly once, see
 *       {@link CampaignSender}). A send stopped while its audience was being frozen freezes it then.
 *       Triggered campaigns serve the entered users who had no outcome yet, and go on triggering.</li>
 * </ul>
 *
 * <p>Providers come from a {@link DeliveryConfig} (e.g. {@link DeliveryConfig#fromEnvironment}); the
 * outbox is {@code <data dir>/outbox}. {@link #close()} stops at once: sends under way are interrupted
 * after the message in hand and resume at the next start. Close the service before its store.
 */
public final class CampaignService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignService.class);
    /** Users per bulk read of profiles when sending (the profiles are read again shortly before their turn). */
    static final int CHUNK = 1000;
    /** Users per bulk read of profiles when freezing an audience (each read scans the users table once). */
    static final int FREEZE_CHUNK = 20_000;
    /** Delivery records per page when no limit is given, and the largest limit. */
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 1000;
    private static final int RUNNERS = 2;
    private static final long STOP_WAIT_SECONDS = 30;

    private final Store store;
    private final SegmentCatalog catalog;
    private final SegmentQueries queries;
    private final Clock clock;
    private final Connection tables;
    private final Connection ledgerConnection;
    private final JdbcDeliveryLedger ledger;
    private final CampaignSender sender;
    private final ExecutorService runner;
    private final int chunk;
    private final int freezeChunk;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** The triggered campaigns whose send started, by segment id. */
    private final Map<String, List<Triggered>> onEnter = new ConcurrentHashMap<>();

    /** A triggered campaign whose send started at {@code since}. */
    private record Triggered(Campaign campaign, Instant since) {
    }
    private final AtomicBoolean closed = new AtomicBoolean();

    private CampaignService(Store store, SegmentCatalog catalog, SegmentQueries queries, Clock clock,
                            Connection tables, Connection ledgerConnection, JdbcDeliveryLedger ledger,
                            CampaignSender sender, int chunk, int freezeChunk) {
        this.store = store;
        this.catalog = catalog;
        this.queries = queries;
        this.clock = clock;
        this.tables = tables;
        this.ledgerConnection = ledgerConnection;
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
     * Creates the campaign tables in {@code store} if needed, builds the providers of {@code config}
     * and resumes the campaigns that were {@code sending}. Times come from the system clock.
     */
    public static CampaignService start(Store store, SegmentCatalog catalog, SegmentQueries queries,
                                        DeliveryConfig config) {
        return start(store, catalog, queries, config, Clock.systemUTC());
    }

    /** {@link #start(Store, SegmentCatalog, SegmentQueries, DeliveryConfig)} with times from {@code clock}. */
    public static CampaignService start(Store store, SegmentCatalog catalog, SegmentQueries queries,
                                        DeliveryConfig config, Clock clock) {
        return start(store, catalog, queries, config, clock, CHUNK, FREEZE_CHUNK);
    }

    /** With other sizes of the bulk reads of profiles (tests use tiny ones to cross chunk boundaries). */
    static CampaignService start(Store store, SegmentCatalog catalog, SegmentQueries queries, DeliveryConfig config,
                                 Clock clock, int chunk, int freezeChunk) {
        if (chunk < 1 || freezeChunk < 1) {
            throw new IllegalArgumentException("chunks hold at least one user");
        }
        requireNonNull(store, "store is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(queries, "queries is null");
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        store.migrate(CampaignTables.COMPONENT, CampaignTables.MIGRATIONS);
        Connection tables = store.connect();
        Connection ledgerConnection = null;
        CampaignSender sender = null;
        try {
            ledgerConnection = store.connect();
            JdbcDeliveryLedger ledger = new JdbcDeliveryLedger(ledgerConnection, clock);
            sender = CampaignSender.create(config, store.dataDir(), ledger);
            CampaignService service = new CampaignService(store, catalog, queries, clock, tables, ledgerConnection,
                    ledger, sender, chunk, freezeChunk);
            service.resumeAll();
            return service;
        } catch (RuntimeException e) {
            if (sender != null) {
                sender.close();
            }
            closeQuietly(ledgerConnection, e);
            closeQuietly(tables, e);
            throw e;
        }
    }

    /** Stores {@code draft} (its id, state and times are assigned) and answers it as stored. */
    public CampaignDetails create(Campaign draft) {
        requireNonNull(draft, "draft is null");
        if (catalog.find(draft.segmentId()).isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND,
                    "no segment with id \"" + draft.segmentId() + "\" to send the campaign to", "$.segmentId");
        }
        if (draft.trigger().isPresent()) {
            requireLive(draft.segmentId(), "$.trigger", "a campaign with trigger " + draft.trigger().get().json());
        }
        CampaignTemplates.check(draft.message());
        Instant now = now();
        String id = table(c -> {
            String fresh;
            do {
                fresh = CampaignIds.next();
            } while (CampaignRows.exists(c, fresh));
            CampaignRows.insert(c, Campaign.draft(draft.segmentId(), draft.name(), draft.message())
                    .withTrigger(draft.trigger()).withId(fresh).withTimes(now, now));
            return fresh;
        });
        LOG.info("campaign {} created for segment {} on {}", id, draft.segmentId(), draft.channel().json());
        return get(id);
    }

    /**
     * Replaces the segment, name, channel, message and trigger of draft {@code id} with those of {@code draft};
     * {@code not_found} when there is no such campaign, {@code conflict} once it has started sending.
     */
    public CampaignDetails update(String id, Campaign draft) {
        requireNonNull(id, "id is null");
        requireNonNull(draft, "draft is null");
        Campaign stored = row(id).campaign();
        if (stored.state() != CampaignState.DRAFT) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign \"" + id + "\" is "
                    + stored.state().json() + ": only a draft can be changed");
        }
        if (catalog.find(draft.segmentId()).isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND,
                    "no segment with id \"" + draft.segmentId() + "\" to send the campaign to", "$.segmentId");
        }
        if (draft.trigger().isPresent()) {
            requireLive(draft.segmentId(), "$.trigger", "a campaign with trigger " + draft.trigger().get().json());
        }
        CampaignTemplates.check(draft.message());
        Campaign updated = Campaign.draft(draft.segmentId(), draft.name(), draft.message())
                .withTrigger(draft.trigger()).withId(id).withTimes(stored.createdAt().orElseThrow(), now());
        boolean changed = table(c -> CampaignRows.updateDraft(c, updated));
        if (!changed) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign \"" + id
                    + "\" started sending meanwhile: only a draft can be changed");
        }
        return get(id);
    }

    /** The campaign {@code id} with its send and stats; {@code not_found} when there is none. */
    public CampaignDetails get(String id) {
        return details(row(id));
    }

    /**
     * The campaigns of segment {@code segmentId}, newest first; {@code not_found} when there is no such
     * segment (and no campaign names it: the campaigns of a deleted segment are still listed).
     */
    public List<CampaignDetails> list(String segmentId) {
        requireNonNull(segmentId, "segmentId is null");
        List<CampaignRows.Row> rows = table(c -> CampaignRows.bySegment(c, segmentId));
        if (rows.isEmpty() && catalog.find(segmentId).isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND, "no segment with id \"" + segmentId + "\"");
        }
        List<CampaignDetails> out = new ArrayList<>(rows.size());
        for (CampaignRows.Row r : rows) {
            out.add(details(r));
        }
        return out;
    }

    /**
     * What user {@code userId} (a user id or an anonymous id) would get from campaign {@code id} now,
     * without sending anything; {@code not_found} for an unknown campaign or user.
     */
    public CampaignPreview preview(String id, String userId) {
        requireNonNull(userId, "userId is null");
        Campaign campaign = row(id).campaign();
        UserProfiles.User user = store.withConnection(c -> UserProfiles.byExternalId(c, userId))
                .orElseThrow(() -> noUser(userId, "$.userId"));
        boolean member = catalog.find(campaign.segmentId()).isPresent()
                && queries.memberUids(campaign.segmentId(), Optional.empty()).contains(user.uid());
        Profile profile = user.profile();
        Rendering rendering = CampaignTemplates.preview(campaign, profile);
        Optional<CampaignSender.Skip> skip = CampaignSender.unreachable(campaign.channel(), profile);
        if (skip.isPresent()) {
            return new CampaignPreview(id, profile.userId(), member, rendering, Optional.of(skip.get().reason()),
                    Optional.of(skip.get().text()));
        }
        if (rendering instanceof Rendering.Missing m) {
            return new CampaignPreview(id, profile.userId(), member, rendering,
                    Optional.of(SkipReason.MISSING_PLACEHOLDER), Optional.of(m.reason()));
        }
        return new CampaignPreview(id, profile.userId(), member, rendering, Optional.empty(), Optional.empty());
    }

    /**
     * Sends campaign {@code id}'s message once to {@code request.to()}, rendered with the traits of
     * {@code request.userId()} (if given) overlaid with {@code request.traits()}; outside the campaign's
     * audience and stats. See {@link CampaignSender#testSend}.
     */
    public SendResult testSend(String id, TestSend request) {
        requireNonNull(request, "request is null");
        Campaign campaign = row(id).campaign();
        Map<String, Object> traits = new LinkedHashMap<>();
        if (request.userId().isPresent()) {
            String userId = request.userId().get();
            traits.putAll(store.withConnection(c -> UserProfiles.byExternalId(c, userId))
                    .orElseThrow(() -> noUser(userId, "$.userId")).profile().traits());
        }
        traits.putAll(request.traits());
        return sender.testSend(campaign, request.to(), traits);
    }

    /**
     * Starts sending draft campaign {@code id}: freezes the audience (see the class description),
     * then sends in the background, and answers the campaign as {@code sending} with its frozen
     * audience. {@code conflict} when the campaign is not a draft or its segment was deleted.
     */
    public CampaignDetails send(String id) {
        CampaignRows.Row row = row(id);
        Campaign campaign = row.campaign();
        if (campaign.trigger().isPresent() && campaign.state() == CampaignState.DRAFT) {
            requireLive(campaign.segmentId(), null, "campaign " + id + " with trigger "
                    + campaign.trigger().get().json());
        }
        Instant startedAt = now();
        if (!table(c -> CampaignRows.start(c, id, startedAt))) {
            CampaignState state = row(id).campaign().state();
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign " + id + " is " + state.json()
                    + ", not a draft: a campaign is sent once; create a new campaign to send the message again");
        }
        if (campaign.trigger().isPresent()) {
            CampaignRows.Row started = row(id);
            onEnter.computeIfAbsent(campaign.segmentId(), s -> new CopyOnWriteArrayList<>())
                    .add(new Triggered(started.campaign(), started.run().orElseThrow().startedAt()));
            LOG.info("campaign {}: sent to each user who enters live segment {} from now on", id, campaign.segmentId());
            return get(id);
        }
        try {
            freeze(campaign);
        } catch (RuntimeException e) {
            if (ledger.stats(id).audience() == 0) {
                table(c -> {
                    CampaignRows.backToDraft(c, id, now());
                    return null;
                });
            }
            throw e;
        }
        schedule(campaign);
        return get(id);
    }

    /** Whether a triggered campaign whose send started waits for users entering segment {@code segmentId}. */
    public boolean triggersOn(String segmentId) {
        List<Triggered> list = onEnter.get(segmentId);
        return list != null && !list.isEmpty();
    }

    /**
     * User {@code userId} entered live segment {@code segmentId} at {@code at}: every triggered campaign of
     * that segment whose send started at or before {@code at} is sent to the user, unless the user already
     * has an outcome of it (exactly once per (campaign, user), so calling again is harmless). Runs on the
     * caller's thread and answers the user's delivery records; a user the store does not know gets nothing.
     */
    public List<Delivery> entered(String segmentId, String userId, Instant at) {
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(at, "at is null");
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

    private void requireLive(String segmentId, String path, String what) {
        Segment segment = catalog.find(segmentId).orElseThrow(() -> new SegmentsException(
                SegmentsException.Code.CONFLICT, what + " cannot start: its segment " + segmentId + " was deleted"));
        if (segment.type() != SegmentType.LIVE) {
            String message = what + " needs a live segment: users enter it as events arrive; segment " + segmentId
                    + " is " + segment.type().json();
            throw path == null ? new SegmentsException(SegmentsException.Code.CONFLICT, message)
                    : new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
        }
    }

    /** The delivery stats of campaign {@code id}. */
    public DeliveryStats stats(String id) {
        row(id);
        return ledger.stats(id);
    }

    /**
     * A page of the delivery records of campaign {@code id}, in ascending user id order: those with
     * {@code status} when given, at most {@code limit} (1 to {@value #MAX_PAGE}), after the cursor
     * {@code after} that the previous page answered as {@code next}.
     */
    public DeliveryPage deliveries(String id, Optional<DeliveryStatus> status, int limit, Optional<String> after) {
        requireNonNull(status, "status is null");
        requireNonNull(after, "after is null");
        if (limit < 1 || limit > MAX_PAGE) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter limit: " + limit
                    + " is out of range: a page holds 1 to " + MAX_PAGE + " delivery records");
        }
        row(id);
        Optional<String> afterUser = after.map(a -> Cursors.decode(a, "after"));
        List<Delivery> page = ledger.deliveries(id, status, afterUser, limit + 1);
        if (page.size() <= limit) {
            return new DeliveryPage(page, Optional.empty());
        }
        List<Delivery> kept = page.subList(0, limit);
        return new DeliveryPage(kept, Optional.of(Cursors.encode(kept.get(limit - 1).userId())));
    }

    /** Whether a send of campaign {@code id} is under way in this process (false for a campaign that is done). */
    public boolean isRunning(String id) {
        return running.contains(id);
    }

    /**
     * Stops at once: sends under way are interrupted after the message in hand (its outcome is
     * recorded) and stay {@code sending}, to resume at the next start; then the providers and the
     * service's connections are closed. The store stays open. Closing again does nothing.
     */
    @Override
    public void close() {
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
        sender.close();
        RuntimeException failure = new IllegalStateException("closing the campaign service failed");
        closeQuietly(ledgerConnection, failure);
        closeQuietly(tables, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- sending

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
        table(c -> {
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
            table(c -> {
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
    private void resumeAll() {
        for (CampaignRows.Row row : table(CampaignRows::triggered)) {
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
        for (CampaignRows.Row row : table(c -> CampaignRows.inState(c, CampaignState.SENDING))) {
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
                    table(c -> {
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

    // ---------------------------------------------------------------- helpers

    private CampaignRows.Row row(String id) {
        requireNonNull(id, "id is null");
        return table(c -> CampaignRows.find(c, id)).orElseThrow(() -> new SegmentsException(
                SegmentsException.Code.NOT_FOUND, "no campaign with id \"" + id + "\""));
    }

    private CampaignDetails details(CampaignRows.Row row) {
        return new CampaignDetails(row.campaign(), row.run(), ledger.stats(row.id()));
    }

    private static SegmentsException noUser(String userId, String path) {
        return new SegmentsException(SegmentsException.Code.NOT_FOUND, "no user with id \"" + userId + "\"", path);
    }

    /** Runs {@code work} on the campaigns table's connection, one call at a time. */
    private <T> T table(Store.SqlFunction<T> work) {
        synchronized (tables) {
            try {
                return work.apply(tables);
            } catch (SQLException e) {
                throw new StoreException("the campaigns table: " + e.getMessage(), e);
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void closeQuietly(Connection c, Exception into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            into.addSuppressed(e);
        }
    }
}

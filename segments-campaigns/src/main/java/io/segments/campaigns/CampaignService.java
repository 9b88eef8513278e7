package io.segments.campaigns;

import io.segments.campaigns.internal.CampaignIds;
import io.segments.campaigns.internal.CampaignRows;
import io.segments.campaigns.internal.Cursors;
import io.segments.campaigns.internal.UserProfiles;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Profile;
import io.segments.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Campaigns as a product feature, on the embedded {@link Store}: stored campaigns of the catalog's
 * segments, previews, test sends, sending in the background, stats and delivery records.
 *
 * <ul>
 *   <li><b>Create</b>: a campaign belongs to an existing segment ({@code not_found} at
 *       {@code $.segmentId} otherwise) and starts as a {@code draft}; the server assigns its id
 *       ({@code cmp_} and eight base-36 characters) and times.</li>
 *   <li><b>Drafts</b> are changed ({@link #update}) and deleted ({@link #delete}) until their send starts;
 *       a campaign that started sending is kept with its delivery records. A message can be previewed and
 *       test-sent without being stored ({@link #preview(Campaign, String)},
 *       {@link #testSend(Campaign, TestSend)}).</li>
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

    private final Store store;
    private final SegmentCatalog catalog;
    private final SegmentQueries queries;
    private final Clock clock;
    private final CampaignTable table;
    private final Connection ledgerConnection;
    private final JdbcDeliveryLedger ledger;
    private final CampaignSender sender;
    private final CampaignRunner runner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CampaignService(Store store, SegmentCatalog catalog, SegmentQueries queries, Clock clock,
                            Connection tables, Connection ledgerConnection, JdbcDeliveryLedger ledger,
                            CampaignSender sender, int chunk, int freezeChunk) {
        this.store = store;
        this.catalog = catalog;
        this.queries = queries;
        this.clock = clock;
        this.table = new CampaignTable(tables);
        this.ledgerConnection = ledgerConnection;
        this.ledger = ledger;
        this.sender = sender;
        this.runner = new CampaignRunner(store, catalog, queries, clock, table, ledger, sender, chunk, freezeChunk);
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
            service.runner.resumeAll();
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
        checkDraft(draft);
        Instant now = now();
        String id = table.apply(c -> {
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
        Campaign stored = table.row(id).campaign();
        if (stored.state() != CampaignState.DRAFT) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign \"" + stored.name() + "\" is "
                    + stored.state().json() + ": only a draft can be changed");
        }
        checkDraft(draft);
        Campaign updated = Campaign.draft(draft.segmentId(), draft.name(), draft.message())
                .withTrigger(draft.trigger()).withId(id).withTimes(stored.createdAt().orElseThrow(), now());
        boolean changed = table.apply(c -> CampaignRows.updateDraft(c, updated));
        if (!changed) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign \"" + stored.name()
                    + "\" started sending meanwhile: only a draft can be changed");
        }
        return get(id);
    }

    /**
     * Deletes draft {@code id}; {@code not_found} when there is no such campaign, {@code conflict} once it has
     * started sending (its delivery records stay).
     */
    public void delete(String id) {
        Campaign stored = table.row(id).campaign();
        if (!table.apply(c -> CampaignRows.deleteDraft(c, id))) {
            CampaignState state = table.row(id).campaign().state();
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "campaign \"" + stored.name() + "\" is "
                    + state.json() + ": only a draft can be deleted (a campaign that started sending keeps its "
                    + "delivery records)");
        }
        LOG.info("campaign {} (a draft) deleted", id);
    }

    /** The campaign {@code id} with its send and stats; {@code not_found} when there is none. */
    public CampaignDetails get(String id) {
        return details(table.row(id));
    }

    /**
     * The campaigns of segment {@code segmentId}, newest first; {@code not_found} when there is no such
     * segment (and no campaign names it: the campaigns of a deleted segment are still listed).
     */
    public List<CampaignDetails> list(String segmentId) {
        requireNonNull(segmentId, "segmentId is null");
        return list(Optional.of(segmentId), Optional.empty());
    }

    /**
     * Every campaign, newest first (by creation), of segment {@code segmentId} and in {@code state} when given;
     * {@code not_found} for a segment that does not exist and that no campaign names.
     */
    public List<CampaignDetails> list(Optional<String> segmentId, Optional<CampaignState> state) {
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(state, "state is null");
        if (segmentId.isPresent() && catalog.find(segmentId.get()).isEmpty()
                && table.apply(c -> CampaignRows.list(c, segmentId, Optional.empty())).isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND, "no segment with id \"" + segmentId.get()
                    + "\"");
        }
        List<CampaignRows.Row> rows = table.apply(c -> CampaignRows.list(c, segmentId, state));
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
        return preview(table.row(id).campaign(), userId);
    }

    /**
     * What user {@code userId} would get from {@code campaign}, stored or not (an unsaved message is
     * previewed without storing anything: the answer has no campaign id); {@code not_found} at
     * {@code $.segmentId} for an unsaved campaign of an unknown segment, at {@code $.userId} for an unknown user.
     */
    public CampaignPreview preview(Campaign campaign, String userId) {
        requireNonNull(campaign, "campaign is null");
        requireNonNull(userId, "userId is null");
        if (campaign.id().isEmpty()) {
            requireSegment(campaign.segmentId());
        }
        UserProfiles.User user = store.withConnection(c -> UserProfiles.byExternalId(c, userId))
                .orElseThrow(() -> noUser(userId, "$.userId"));
        boolean member = catalog.find(campaign.segmentId()).isPresent()
                && queries.memberUids(campaign.segmentId(), Optional.empty()).contains(user.uid());
        Profile profile = user.profile();
        Rendering rendering = CampaignTemplates.preview(campaign, profile);
        Optional<CampaignSender.Skip> skip = CampaignSender.unreachable(campaign.channel(), profile);
        Optional<SkipReason> reason = skip.map(CampaignSender.Skip::reason);
        Optional<String> text = skip.map(CampaignSender.Skip::text);
        if (skip.isEmpty() && rendering instanceof Rendering.Missing m) {
            reason = Optional.of(SkipReason.MISSING_PLACEHOLDER);
            text = Optional.of(m.reason());
        }
        return new CampaignPreview(campaign.id(), profile.userId(), member, rendering, reason, text);
    }

    /**
     * Sends campaign {@code id}'s message once to {@code request.to()}, rendered with the traits of
     * {@code request.userId()} (if given) overlaid with {@code request.traits()}; outside the campaign's
     * audience and stats. See {@link CampaignSender#testSend}.
     */
    public SendResult testSend(String id, TestSend request) {
        return testSend(table.row(id).campaign(), request);
    }

    /**
     * {@link #testSend(String, TestSend)} of {@code campaign}, stored or not: an unsaved message is sent without
     * storing anything ({@code not_found} at {@code $.segmentId} when its segment does not exist).
     */
    public SendResult testSend(Campaign campaign, TestSend request) {
        requireNonNull(campaign, "campaign is null");
        requireNonNull(request, "request is null");
        if (campaign.id().isEmpty()) {
            requireSegment(campaign.segmentId());
        }
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
        runner.send(id);
        return get(id);
    }

    /** Whether a triggered campaign whose send started waits for users entering segment {@code segmentId}. */
    public boolean triggersOn(String segmentId) {
        return runner.triggersOn(segmentId);
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
        return runner.entered(segmentId, userId, at);
    }

    /** The delivery stats of campaign {@code id}. */
    public DeliveryStats stats(String id) {
        table.row(id);
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
        table.row(id);
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
        return runner.isRunning(id);
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
        runner.close();
        sender.close();
        RuntimeException failure = new IllegalStateException("closing the campaign service failed");
        closeQuietly(ledgerConnection, failure);
        closeQuietly(table.connection(), failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A draft to store: its segment exists, a trigger has a live segment, its templates read. */
    private void checkDraft(Campaign draft) {
        requireSegment(draft.segmentId());
        if (draft.trigger().isPresent()) {
            CampaignRunner.requireLive(catalog, draft.segmentId(), "$.trigger", "a campaign with trigger "
                    + draft.trigger().get().json());
        }
        CampaignTemplates.check(draft.message());
    }

    private void requireSegment(String segmentId) {
        if (catalog.find(segmentId).isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND,
                    "no segment with id \"" + segmentId + "\" to send the campaign to", "$.segmentId");
        }
    }

    private CampaignDetails details(CampaignRows.Row row) {
        return new CampaignDetails(row.campaign(), row.run(), ledger.stats(row.id()));
    }

    private static SegmentsException noUser(String userId, String path) {
        return new SegmentsException(SegmentsException.Code.NOT_FOUND, "no user with id \"" + userId + "\"", path);
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

package io.segments.server.live;

import io.segments.campaigns.CampaignService;
import io.segments.live.Change;
import io.segments.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Sends triggered campaigns ({@code "trigger": "onEnter"}) to the users who enter live segments: every
 * {@code entered} record of a segment with a started triggered campaign is handed to
 * {@link CampaignService#entered} on this class's own thread, so the live engine's thread never waits
 * for a provider. The thread reads the change records after a cursor, the id of the last record handed
 * on, stored in {@code live_campaign_cursor} after each page: a restart goes on after it, and records
 * handed on twice (a stop between a send and the saving of the cursor) do no harm, since the delivery
 * ledger sends each campaign to each user once. The first start begins with the records stored from
 * then on. A user enrolled but not yet served when the process stopped is served by the campaign
 * service at its next start.
 */
public final class LiveCampaigns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCampaigns.class);
    private static final int PAGE = 1000;

    private final LiveService live;
    private final CampaignService campaigns;
    private final Store store;
    private final Object signal = new Object();
    private final Thread thread;
    private boolean pending;
    private volatile boolean closed;
    private volatile long cursor;

    private LiveCampaigns(LiveService live, CampaignService campaigns) {
        this.live = live;
        this.campaigns = campaigns;
        this.store = live.store();
        this.thread = new Thread(this::run, "segments-live-campaigns");
        this.thread.setDaemon(true);
    }

    /**
     * Starts sending the triggered campaigns of {@code campaigns} as users enter the live segments of
     * {@code live}. Close it before the campaign service and the live service.
     */
    public static LiveCampaigns attach(LiveService live, CampaignService campaigns) {
        LiveCampaigns lc = new LiveCampaigns(requireNonNull(live, "live is null"),
                requireNonNull(campaigns, "campaigns is null"));
        lc.cursor = lc.loadCursor();
        live.addRecordListener(lc::stored);
        lc.thread.start();
        if (lc.cursor < live.lastRecordId()) {
            lc.wake();
        }
        return lc;
    }

    /** On the engine thread: only looks whether some entry concerns a triggered campaign. */
    private void stored(List<ChangeRecord> records) {
        for (ChangeRecord r : records) {
            if (r.kind() == Change.Kind.ENTERED && campaigns.triggersOn(r.segmentId())) {
                wake();
                return;
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            synchronized (signal) {
                while (!pending && !closed) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    }
                }
                pending = false;
            }
            try {
                catchUp();
            } catch (RuntimeException e) {
                LOG.error("sending triggered campaigns failed after record {}; trying again at the next entry", cursor, e);
            }
        }
    }

    /** Hands on every entry after the cursor, page by page, saving the cursor after each page. */
    private void catchUp() {
        while (!closed) {
            List<ChangeRecord> page = live.records(Optional.empty(), cursor, PAGE);
            if (page.isEmpty()) {
                return;
            }
            long through = cursor;
            for (ChangeRecord r : page) {
                if (r.kind() == Change.Kind.ENTERED && campaigns.triggersOn(r.segmentId())) {
                    try {
                        campaigns.entered(r.segmentId(), r.userId(), r.at());
                    } catch (RuntimeException e) {
                        LOG.error("triggered campaigns of segment {} for user {} (record {}) failed; the user stays "
                                + "enrolled and is served at the next start", r.segmentId(), r.userId(), r.id(), e);
                    }
                }
                if (Thread.currentThread().isInterrupted()) {
                    break; // stopping: this record is handed on again at the next start
                }
                through = r.id();
            }
            saveCursor(through);
            if (page.size() < PAGE || through != page.get(page.size() - 1).id()) {
                return;
            }
        }
    }

    private long loadCursor() {
        return store.withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT delivered_through FROM live_campaign_cursor WHERE id = 1")) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
            long start = live.lastRecordId();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO live_campaign_cursor VALUES (1, ?)")) {
                p.setLong(1, start);
                p.executeUpdate();
            }
            return start;
        });
    }

    private void saveCursor(long through) {
        if (through == cursor) {
            return;
        }
        store.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE live_campaign_cursor SET delivered_through = ? WHERE id = 1")) {
                p.setLong(1, through);
                return p.executeUpdate();
            }
        });
        cursor = through;
    }

    /** The id of the last change record handed to the campaigns. */
    public long cursor() {
        return cursor;
    }

    /**
     * Stops the thread: a send under way ends after the message in hand; entries not handed on yet are
     * handed on at the next start.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the triggered campaigns thread did not stop in time");
        }
    }
}

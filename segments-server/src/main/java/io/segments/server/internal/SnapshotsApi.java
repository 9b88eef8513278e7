package io.segments.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.segments.catalog.QueryParameters;
import io.segments.catalog.SegmentSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The daily snapshots of every segment ({@link SegmentSnapshots}): a background job takes the snapshots
 * of the day that ended last at start and then checks every {@code checkEvery} (an hour by default), so
 * each segment gets one snapshot per UTC day, its members at the day's end, recorded within that time
 * after midnight; {@code GET /api/segments/{id}/snapshots?from=D&to=D} lists them.
 */
public final class SnapshotsApi implements AutoCloseable {
    /** How often the job looks for segments without today's snapshot. */
    public static final Duration DEFAULT_CHECK = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotsApi.class);

    private final SegmentSnapshots snapshots;
    private final Clock clock;
    private final ScheduledExecutorService job;

    /** Starts the job: the first check runs at once, in the background. */
    public SnapshotsApi(SegmentSnapshots snapshots, Clock clock, Duration checkEvery) {
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(checkEvery, "checkEvery is null");
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("checkEvery must be positive, was " + checkEvery);
        }
        this.job = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "segments-snapshots");
            t.setDaemon(true);
            return t;
        });
        job.scheduleWithFixedDelay(this::takeDue, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void register(Javalin app) {
        app.get("/api/segments/{id}/snapshots", this::list);
    }

    private void takeDue() {
        try {
            int taken = snapshots.takeDue(clock.instant().truncatedTo(ChronoUnit.MILLIS)).size();
            if (taken > 0) {
                LOG.info("took {} segment snapshot(s)", taken);
            }
        } catch (RuntimeException e) {
            LOG.warn("segment snapshots not taken, tried again later: {}", e.toString());
        }
    }

    private void list(Context ctx) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = QueryParameters.date(ctx.queryParam("to"), "to").orElse(today);
        LocalDate from = QueryParameters.date(ctx.queryParam("from"), "from")
                .orElse(to.minusDays(SegmentSnapshots.DEFAULT_DAYS - 1L));
        String id = ctx.pathParam("id");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SegmentSnapshots.Snapshot s : snapshots.list(id, from, to)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("day", s.day().toString());
            row.put("at", SegmentSnapshots.end(s.day()).toString());
            row.put("takenAt", s.takenAt().toString());
            row.put("count", s.members());
            row.put("since", s.previousDay().map(LocalDate::toString).orElse(null));
            row.put("entered", s.entered().orElse(null));
            row.put("exited", s.exited().orElse(null));
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("segmentId", id);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("snapshots", rows);
        ctx.json(body);
    }

    /** Stops the job; a check under way stops after the segment in hand. */
    @Override
    public void close() {
        job.shutdownNow();
        try {
            if (!job.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the snapshot job did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            job.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

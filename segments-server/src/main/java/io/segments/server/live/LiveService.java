package io.segments.server.live;

import io.segments.catalog.SegmentCatalog;
import io.segments.live.Change;
import io.segments.live.ChangeListener;
import io.segments.live.LiveEngine;
import io.segments.live.LiveSegment;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.server.live.internal.ChangeLog;
import io.segments.server.live.internal.ChangeStreams;
import io.segments.server.live.internal.Webhooks;
import io.segments.store.Commit;
import io.segments.store.EventDocuments;
import io.segments.store.Store;
import io.segments.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Live segments in the running server: keeps a {@link LiveEngine} current with every committed event and
 * profile change and with the wall clock, and stores every entry and exit as a {@link ChangeRecord}
 * (table {@code live_changes}), which change streams, webhooks and {@link #addRecordListener listeners}
 * receive.
 *
 * <ul>
 *   <li><b>Segments</b>: every {@code live} segment of the catalog is registered at start, and catalog saves
 *       and deletes are followed: a new live segment is registered (users already known are evaluated at
 *       once), a deleted one or one no longer live is unregistered, an edited one is registered anew, so
 *       its event conditions see events from the edit on.</li>
 *   <li><b>Input</b>: a {@link io.segments.store.CommitListener} on the store's ingestor; each commit is
 *       applied on the engine thread: moved users (an anonymous user identified or merged) get their moved
 *       events fed under the new id and their whole profile, then changed traits, then the events, the
 *       clock advanced to the wall clock first.</li>
 *   <li><b>Time</b>: one engine thread owns the engine; it sleeps until the engine's next timer or the next
 *       commit, then advances the clock to the wall clock, so a {@code didNot ... within} wait is reported
 *       within milliseconds of its end, with its exact instant.</li>
 *   <li><b>Restarts</b>: a clean {@link #close} writes a snapshot of the engine to
 *       {@code DATA_DIR/live/engine.snapshot}; the next start restores it (then deletes it, so that a later
 *       crash never restores stale state). Without a snapshot (first start, or after a crash) the state is
 *       rebuilt from the store: the engine starts at the earliest {@code createdAt} of the live segments and
 *       is fed the users' profiles and then every stored event since then in timestamp order, the clock
 *       following the events; changes found while rebuilding are not recorded.</li>
 * </ul>
 */
public final class LiveService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveService.class);
    static final String SNAPSHOT = "engine.snapshot";

    /** Settings: the clock (the wall clock in a server) and the webhooks' first and largest retry delay. */
    public record Options(Clock clock, Duration webhookFirstRetry, Duration webhookMaxRetry) {
        public static final Options DEFAULT = new Options(Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMinutes(5));

        public Options {
            requireNonNull(clock, "clock is null");
            requireNonNull(webhookFirstRetry, "webhookFirstRetry is null");
            requireNonNull(webhookMaxRetry, "webhookMaxRetry is null");
        }
    }

    private final Store store;
    private final SegmentCatalog catalog;
    private final Options options;
    private final Path snapshotFile;
    private final ChangeLog log;
    private final ChangeStreams streams;
    private final Webhooks webhooks;
    private final List<Consumer<List<ChangeRecord>>> recordListeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<Change> pendingChanges = new ArrayList<>();
    private final Thread thread;
    private LiveEngine engine;
    private boolean recording = true;
    private volatile boolean stopping;

    private LiveService(Store store, SegmentCatalog catalog, ObjectMapper mapper, Options options) {
        this.store = store;
        this.catalog = catalog;
        this.options = options;
        this.snapshotFile = store.dataDir().resolve("live").resolve(SNAPSHOT);
        this.log = new ChangeLog(store);
        this.streams = new ChangeStreams(log);
        this.webhooks = new Webhooks(store, log, mapper, options.clock(), options.webhookFirstRetry(),
                options.webhookMaxRetry());
        this.thread = new Thread(this::run, "segments-live");
        this.thread.setDaemon(true);
    }

    /**
     * Starts keeping the live segments of {@code catalog} over the events of {@code store}: restores or
     * rebuilds the engine (see the class description) before returning, then follows commits and time.
     * Start it before the server accepts events, so that the rebuild and the commits do not overlap.
     */
    public static LiveService start(Store store, SegmentCatalog catalog, ObjectMapper mapper, Options options) {
        requireNonNull(store, "store is null");
        requireNonNull(catalog, "catalog is null");
        LiveService service = new LiveService(store, catalog, requireNonNull(mapper, "mapper is null"),
                requireNonNull(options, "options is null"));
        service.load();
        catalog.addListener(new SegmentCatalog.Listener() {
            @Override
            public void saved(Segment segment) {
                service.tasks.add(() -> service.segmentSaved(segment));
            }

            @Override
            public void deleted(Segment segment) {
                service.tasks.add(() -> service.engine.unregister(segment.id().orElseThrow()));
            }
        });
        store.ingestor().addListener(commit -> service.tasks.add(() -> service.apply(commit)));
        service.thread.start();
        return service;
    }

    /** Also tells {@code listener} about every stored record batch, on the engine thread (must not block). */
    public void addRecordListener(Consumer<List<ChangeRecord>> listener) {
        recordListeners.add(requireNonNull(listener, "listener is null"));
    }

    /** The members of live segment {@code segmentId} now (waits for the engine thread). */
    public Set<String> members(String segmentId) {
        return call(() -> engine.members(segmentId));
    }

    /** The stored change records after id {@code after}, of one segment when given, at most {@code limit}. */
    public List<ChangeRecord> records(Optional<String> segmentId, long after, int limit) {
        return log.after(segmentId, after, limit);
    }

    /** The id of the newest stored record (0: none). */
    public long lastRecordId() {
        return log.lastId();
    }

    /** Engine counters (waits for the engine thread). */
    public LiveEngine.Stats stats() {
        return call(() -> engine.stats());
    }

    /** Runs {@code work} on the engine thread after everything queued before it, and answers its result. */
    <T> T call(java.util.function.Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the live engine did not answer: " + e, e);
        }
    }

    Store store() {
        return store;
    }

    ChangeStreams streams() {
        return streams;
    }

    Webhooks webhooks() {
        return webhooks;
    }

    // ---- engine thread

    private void run() {
        while (!stopping) {
            try {
                long wait = engine.nextTimer().map(t -> t.toEpochMilli() - options.clock().millis()).orElse(1000L);
                Runnable task = wait <= 0 ? tasks.poll() : tasks.poll(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
                advance();
                if (task != null) {
                    task.run();
                    Runnable more;
                    while ((more = tasks.poll()) != null) {
                        more.run();
                    }
                }
                flush();
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("live engine task failed", e);
                flush();
            }
        }
    }

    private void advance() {
        long now = options.clock().millis();
        if (now > engine.now().toEpochMilli()) {
            engine.advanceTo(Instant.ofEpochMilli(now));
        }
    }

    private void onChange(Change change) {
        if (recording) {
            pendingChanges.add(change);
        }
    }

    /** Stores the changes gathered since the last flush and hands the records on. */
    private void flush() {
        if (pendingChanges.isEmpty()) {
            return;
        }
        List<ChangeRecord> records = log.append(List.copyOf(pendingChanges), options.clock().instant());
        pendingChanges.clear();
        streams.publish(records);
        webhooks.wake();
        for (Consumer<List<ChangeRecord>> l : recordListeners) {
            try {
                l.accept(records);
            } catch (RuntimeException e) {
                LOG.error("a change record listener failed", e);
            }
        }
    }

    private void apply(Commit commit) {
        advance();
        for (Commit.Move m : commit.moves()) {
            for (Event e : m.movedEvents()) {
                engine.event(m.into(), e);
            }
            try {
                store.profile(m.into()).ifPresent(engine::profile);
            } catch (StoreException | IllegalStateException e) {
                LOG.warn("cannot read the profile of {} after a merge", m.into(), e);
            }
        }
        for (Commit.ProfileChange p : commit.profiles()) {
            engine.mergeTraits(p.userId(), p.traits(), p.addedPushTokens());
        }
        for (Commit.StoredEvent e : commit.events()) {
            engine.event(e.userId(), e.event());
        }
    }

    private void segmentSaved(Segment segment) {
        String id = segment.id().orElseThrow();
        boolean registered = engine.segments().stream().anyMatch(s -> s.id().equals(id));
        if (registered) {
            engine.unregister(id);
        }
        if (segment.type() == SegmentType.LIVE) {
            register(segment);
        }
    }

    private void register(Segment segment) {
        try {
            engine.register(new LiveSegment(segment.id().orElseThrow(), segment.filter().orElseThrow(),
                    segment.createdAt().orElseThrow()));
        } catch (RuntimeException e) {
            LOG.error("live segment {} cannot be kept live: {}", segment.id().orElse("?"), e.getMessage());
        }
    }

    // ---- start and stop

    private void load() {
        List<Segment> live = new ArrayList<>();
        for (Segment s : catalog.list(Optional.empty())) {
            if (s.type() == SegmentType.LIVE) {
                live.add(s);
            }
        }
        ChangeListener listener = this::onChange;
        if (Files.exists(snapshotFile)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(snapshotFile))) {
                engine = LiveEngine.restore(in, catalog.lookup(), listener);
                Files.delete(snapshotFile);
                LOG.info("live engine restored from {} at {}", snapshotFile, engine.now());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot restore the live engine from {}; rebuilding from the store", snapshotFile, e);
                engine = null;
            }
        }
        if (engine != null) {
            Set<String> wanted = new HashSet<>();
            for (Segment s : live) {
                wanted.add(s.id().orElseThrow());
            }
            for (LiveSegment s : engine.segments()) {
                if (!wanted.contains(s.id())) {
                    engine.unregister(s.id());
                }
            }
            for (Segment s : live) {
                if (engine.segments().stream().noneMatch(r -> r.id().equals(s.id().orElseThrow()))) {
                    register(s);
                }
            }
        } else {
            rebuild(live, listener);
        }
        advance();
        flush();
    }

    private void rebuild(List<Segment> live, ChangeListener listener) {
        long started = System.nanoTime();
        Instant from = live.stream().map(s -> s.createdAt().orElseThrow()).min(Instant::compareTo)
                .orElse(options.clock().instant());
        Instant now = options.clock().instant();
        engine = LiveEngine.create(from.isAfter(now) ? now : from, catalog.lookup(), listener);
        recording = false;
        try {
            for (Segment s : live) {
                register(s);
            }
            if (live.isEmpty()) {
                return;
            }
            long[] count = new long[1];
            store.withConnection(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("""
                        SELECT u.user_id, u.traits, (SELECT list(token) FROM push_tokens p WHERE p.uid = u.uid)
                        FROM users u WHERE u.merged_into IS NULL""")) {
                    while (rs.next()) {
                        Object tokens = rs.getObject(3);
                        Set<String> set = new HashSet<>();
                        if (tokens instanceof java.sql.Array a) {
                            for (Object t : (Object[]) a.getArray()) {
                                set.add(String.valueOf(t));
                            }
                        }
                        engine.profile(new Profile(rs.getString(1), readObject(rs.getString(2)), set));
                    }
                }
                EventDocuments.query(c, d -> "SELECT u.user_id, e.name, e.ts, " + d.columns("e") + " FROM events e"
                        + " JOIN users u ON u.uid = e.uid WHERE e.ts >= ? AND e.ts <= ? ORDER BY e.ts",
                        List.of(engine.now().toEpochMilli(), now.toEpochMilli()), (rs, d) -> {
                            long ts = rs.getLong(3);
                            if (ts > engine.now().toEpochMilli()) {
                                engine.advanceTo(Instant.ofEpochMilli(ts));
                            }
                            engine.event(rs.getString(1), new Event(rs.getString(2), ts,
                                    d.properties(rs.getString(2), rs, 4)));
                            count[0]++;
                        });
                return null;
            });
            engine.advanceTo(now);
            LOG.info("live engine rebuilt from {} events since {} in {} ms", count[0], from,
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            recording = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(String json) {
        try {
            return MAPPER.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is not an object: " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Stops the engine thread after the queued work, writes the snapshot and stops webhooks and streams. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            stopping = true;
            done.complete(null);
        });
        try {
            done.get(30, TimeUnit.SECONDS);
            thread.join(10_000);
        } catch (Exception e) {
            LOG.warn("the live engine thread did not stop in time", e);
            stopping = true;
            thread.interrupt();
        }
        flush();
        try {
            Files.createDirectories(snapshotFile.getParent());
            Path tmp = snapshotFile.resolveSibling(SNAPSHOT + ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                engine.snapshot(out);
            }
            Files.move(tmp, snapshotFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("cannot write the live engine snapshot; the next start rebuilds from the store", e);
        }
        webhooks.close();
        streams.close();
        log.close();
    }
}

package io.segments.store.internal;

import io.segments.store.Commit;
import io.segments.store.CommitListener;
import io.segments.store.Message;
import io.segments.store.StoreException;
import io.segments.store.TypedColumns;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The single ingestion writer: submitters enqueue batches; one thread takes as many queued batches
 * as fit in a group and stores them in one transaction ({@link GroupCommit}), then completes their
 * futures (on a separate thread, so that callbacks never run on the writer). If a group fails, each
 * of its batches is retried alone, so one failing batch fails only itself.
 *
 * <p>Between two groups the writer also keeps the store in shape ({@link Upkeep}): it moves the recent events
 * into sorted runs, merges the oldest sorted runs into compacted ones, and checkpoints
 * {@link #CHECKPOINT_DELAY_MILLIS} ms after each. Each move, compaction and checkpoint is logged with its
 * duration, and each group commit slower than {@value #SLOW_COMMIT_MILLIS} ms.
 */
public final class IngestWriter implements AutoCloseable {
    /** How long after a move or compaction the writer checkpoints. */
    public static final long CHECKPOINT_DELAY_MILLIS = 1_000;
    /** A group commit slower than this is logged. */
    static final long SLOW_COMMIT_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(IngestWriter.class);

    /**
     * Limits: messages per transaction, messages queued before {@code submit} blocks (backpressure),
     * users whose traits are cached, how many rows {@code events_recent} holds before the writer moves
     * them into {@code events_sorted} sorted by (name, ts) (a pause of about a second per million rows on
     * 2 cores; larger runs cluster each event name into fewer row groups), how many of the latest stored
     * messages are always remembered for deduplication ({@link FingerprintWindow}), and how many rows of
     * {@code events_sorted} the writer merges at a time into one run of {@code events_compacted} (a pause of
     * about 8 s per 10 million rows at size L).
     */
    public record Config(int maxGroupMessages, int maxPendingMessages, int traitsCacheUsers, int sortRows,
                         long dedupWindow, long compactRows) {
        /** Rows moved and sorted at a time by default. */
        public static final int DEFAULT_SORT_ROWS = 1_000_000;
        /** Sorted runs merged into one compacted run, by default (in rows: this times {@code sortRows}). */
        public static final int COMPACTED_RUNS = 10;
        /** Messages whose messageIds are always remembered, by default. */
        public static final long DEFAULT_DEDUP_WINDOW = 20_000_000;
        public static final Config DEFAULT = new Config(50_000, 400_000, 200_000, DEFAULT_SORT_ROWS, DEFAULT_DEDUP_WINDOW);

        public Config {
            if (maxGroupMessages < 1 || maxPendingMessages < 1 || traitsCacheUsers < 0 || sortRows < 1
                    || compactRows < 1) {
                throw new IllegalArgumentException("limits must be positive (traitsCacheUsers may be 0):"
                        + " maxGroupMessages " + maxGroupMessages + ", maxPendingMessages " + maxPendingMessages
                        + ", traitsCacheUsers " + traitsCacheUsers + ", sortRows " + sortRows
                        + ", compactRows " + compactRows);
            }
            FingerprintWindow.checkWindow(dedupWindow);
        }

        /** These limits, compacting {@value #COMPACTED_RUNS} sorted runs at a time. */
        public Config(int maxGroupMessages, int maxPendingMessages, int traitsCacheUsers, int sortRows,
                      long dedupWindow) {
            this(maxGroupMessages, maxPendingMessages, traitsCacheUsers, sortRows, dedupWindow,
                    (long) COMPACTED_RUNS * sortRows);
        }

        /** These limits with the default {@code dedupWindow}. */
        public Config(int maxGroupMessages, int maxPendingMessages, int traitsCacheUsers, int sortRows) {
            this(maxGroupMessages, maxPendingMessages, traitsCacheUsers, sortRows, DEFAULT_DEDUP_WINDOW);
        }

        /** These limits with the default {@code sortRows} and {@code dedupWindow}. */
        public Config(int maxGroupMessages, int maxPendingMessages, int traitsCacheUsers) {
            this(maxGroupMessages, maxPendingMessages, traitsCacheUsers, DEFAULT_SORT_ROWS);
        }
    }

    private final DuckDBConnection connection;
    private final Config config;
    private final Clock clock;
    private final GroupCommit groupCommit;
    private final LinkedBlockingQueue<PendingBatch> queue = new LinkedBlockingQueue<>();
    private final Semaphore pending;
    private final Object lock = new Object();
    private final Thread thread;
    private final ExecutorService acks;
    private final ExecutorService notifications;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Upkeep upkeep;
    private final PropertyCatalog catalog;
    private final Consumer<TypedColumns> slots;
    private volatile boolean closed;

    private final AtomicLong messagesStored = new AtomicLong();
    private final AtomicLong duplicatesDropped = new AtomicLong();
    private final AtomicLong eventsStored = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong batchesFailed = new AtomicLong();

    /** Loads the ingestion state from the database behind {@code connection} (which it then owns) and starts the writer. */
    public IngestWriter(DuckDBConnection connection, Config config, Clock clock) {
        this(connection, config, clock, typed -> {
        });
    }

    /**
     * {@link #IngestWriter(DuckDBConnection, Config, Clock)}, telling {@code slots} the typed slots after every
     * commit that gave out new ones (readers then use them).
     */
    public IngestWriter(DuckDBConnection connection, Config config, Clock clock, Consumer<TypedColumns> slots) {
        this.connection = connection;
        this.config = config;
        this.clock = clock;
        this.slots = slots;
        this.pending = new Semaphore(config.maxPendingMessages());
        long started = System.nanoTime();
        try {
            try (Statement s = connection.createStatement()) {
                s.execute(GroupCommit.STAGING_TABLES);
            }
            Directory directory = Directory.load(connection);
            MessageIds messageIds = MessageIds.load(connection, config.dedupWindow(), config.maxGroupMessages());
            LongHashSet tokenHashes = new LongHashSet(16);
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT uid, token FROM push_tokens")) {
                while (rs.next()) {
                    tokenHashes.add(Hashes.hash64(rs.getInt(1), rs.getString(2)));
                }
            }
            this.catalog = PropertyCatalog.load(connection);
            catalog.publishOtherNumbersTo(slots);
            this.groupCommit = new GroupCommit(connection, directory, messageIds, tokenHashes,
                    new TraitsCache(config.traitsCacheUsers()), catalog);
            this.upkeep = new Upkeep(connection, new EventSorter(connection, config.sortRows(), config.compactRows()),
                    () -> closed);
            LOG.info("ingestion state loaded in {} ms: {} users, {} message ids, {} push tokens",
                    (System.nanoTime() - started) / 1_000_000, directory.size(), messageIds.size(), tokenHashes.size());
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreException("cannot load the ingestion state: " + e.getMessage(), e);
        }
        this.acks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "segments-ingest-ack");
            t.setDaemon(true);
            return t;
        });
        this.notifications = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "segments-ingest-notify");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::run, "segments-ingest-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Adds a listener told about every commit from now on, in commit order, on the notification thread.
     * Listeners added while commits are under way see the commits after some point, none twice.
     */
    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Queues a batch; blocks while too many messages are waiting. */
    public CompletableFuture<Void> submit(List<Message> messages) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("ingestion is closed"));
        }
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int permits = Math.min(messages.size(), config.maxPendingMessages());
        PendingBatch batch = new PendingBatch(messages, permits);
        pending.acquireUninterruptibly(permits);
        synchronized (lock) {
            if (closed) {
                pending.release(permits);
                return CompletableFuture.failedFuture(new IllegalStateException("ingestion is closed"));
            }
            queue.add(batch);
        }
        return batch.future;
    }

    private void run() {
        List<PendingBatch> group = new ArrayList<>();
        while (true) {
            PendingBatch first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = queue.poll();
            }
            if (first == null) {
                if (closed && queue.isEmpty()) {
                    upkeep.runRequests();
                    return;
                }
                upkeep.idle();
                continue;
            }
            group.clear();
            group.add(first);
            int size = first.size();
            PendingBatch next;
            while ((next = queue.peek()) != null && size + next.size() <= config.maxGroupMessages()) {
                group.add(queue.poll());
                size += next.size();
            }
            long started = System.nanoTime();
            try {
                store(group);
            } catch (RuntimeException | Error e) {
                // store() completes every future itself; this keeps the writer alive whatever else went wrong
                LOG.error("ingestion writer failure", e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > SLOW_COMMIT_MILLIS) {
                LOG.info("stored a group of {} messages in {} ms", size, millis);
            }
            upkeep.afterGroup();
        }
    }

    /**
     * Moves every row of {@code events_recent} into {@code events_sorted}, sorted, on the writer thread (between
     * two group commits), then compacts the sorted runs if that made them due; completes with the rows moved. The
     * writer does this by itself every {@link Config#sortRows()} events; this is for the end of a bulk load and for
     * tests.
     */
    public CompletableFuture<Long> sortEvents() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("ingestion is closed"));
            }
            return upkeep.request();
        }
    }

    private void store(List<PendingBatch> group) {
        try {
            record(groupCommit.run(group, clock.millis(), !listeners.isEmpty()));
            complete(group, null);
        } catch (Exception | Error e) {
            if (group.size() == 1) {
                fail(group.get(0), e);
                return;
            }
            LOG.warn("group commit of {} batches failed, storing them one by one: {}", group.size(), e.toString());
            for (PendingBatch b : group) {
                try {
                    record(groupCommit.run(List.of(b), clock.millis(), !listeners.isEmpty()));
                    complete(List.of(b), null);
                } catch (Exception | Error e2) {
                    fail(b, e2);
                }
            }
        }
    }

    private void record(GroupCommit.Outcome outcome) {
        messagesStored.addAndGet(outcome.messages());
        duplicatesDropped.addAndGet(outcome.duplicates());
        eventsStored.addAndGet(outcome.events());
        upkeep.appended(outcome.events());
        commits.incrementAndGet();
        if (outcome.slotsChanged()) {
            slots.accept(catalog.columns());
        }
        Commit commit = outcome.commit();
        if (commit != null && !(commit.events().isEmpty() && commit.profiles().isEmpty() && commit.moves().isEmpty())) {
            notifications.execute(() -> {
                for (CommitListener l : listeners) {
                    try {
                        l.committed(commit);
                    } catch (RuntimeException e) {
                        LOG.error("a commit listener failed; it is told about the next commits all the same", e);
                    }
                }
            });
        }
    }

    private void fail(PendingBatch b, Throwable e) {
        batchesFailed.incrementAndGet();
        LOG.error("a batch of {} messages could not be stored", b.size(), e);
        complete(List.of(b), new StoreException("the messages could not be stored: " + e, e));
    }

    private void complete(List<PendingBatch> batches, Throwable error) {
        List<PendingBatch> done = List.copyOf(batches);
        int permits = 0;
        for (PendingBatch b : done) {
            permits += b.permits;
        }
        pending.release(permits);
        acks.execute(() -> {
            for (PendingBatch b : done) {
                if (error == null) {
                    b.future.complete(null);
                } else {
                    b.future.completeExceptionally(error);
                }
            }
        });
    }

    public long messagesStored() {
        return messagesStored.get();
    }

    public long duplicatesDropped() {
        return duplicatesDropped.get();
    }

    public long eventsStored() {
        return eventsStored.get();
    }

    public long commits() {
        return commits.get();
    }

    public long batchesFailed() {
        return batchesFailed.get();
    }

    public long eventsSorted() {
        return upkeep.eventsSorted();
    }

    public int queuedMessages() {
        return config.maxPendingMessages() - pending.availablePermits();
    }

    /** Stores everything already submitted, then stops the writer; later submits fail. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while closing ingestion");
        }
        acks.shutdown();
        notifications.shutdown();
        try {
            if (!acks.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("acknowledgements still pending after close");
            }
            if (!notifications.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("commit notifications still pending after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the ingestion connection: " + e.getMessage(), e);
        }
    }
}

package io.segments.store;

import io.segments.store.internal.IngestWriter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Durable ingestion into the {@link Store}. {@link #submit} queues a batch of messages; the returned
 * future completes once the whole batch is committed (all of it or, on failure, none of it), so an
 * acknowledged batch survives a crash. One writer thread stores many queued batches per transaction
 * (group commit), so throughput does not depend on one commit per request.
 *
 * <p>What storing a message means:
 * <ul>
 *   <li>a message whose messageId is among the last {@link IngestWriter.Config#dedupWindow()} messages stored (the
 *       deduplication window, kept across restarts), or appears earlier in the same batch, is dropped; an older
 *       messageId may have been forgotten;</li>
 *   <li>userId and anonymousId map to a user (a new one is created for an unknown id); a message
 *       carrying both, or an alias ({@code previousId} to {@code userId}), makes the anonymous user part
 *       of the identified one: its events, traits and push tokens move to it (the identified user's
 *       existing traits win), and from then on the anonymousId resolves to the identified user. An
 *       anonymous user identified by a userId never seen before simply becomes that user. An
 *       anonymousId already belonging to another identified user (a shared device) is moved to the
 *       new user without moving any data. An alias merges even identified users.</li>
 *   <li>traits (identify traits and {@code context.traits}) are merged into the profile, last write wins
 *       per trait in the order messages are stored;</li>
 *   <li>track, page and screen messages become rows of {@code events}; push tokens are kept once per user.</li>
 * </ul>
 *
 * <p>Events are appended to {@code events_recent}; every {@value IngestWriter.Config#DEFAULT_SORT_ROWS} of them
 * (by default) the writer moves them, between two commits, into {@code events_sorted} ordered by (name, ts), so
 * that queries for a few event names read little besides those events (see {@link Schema}). Queries read the view
 * {@code events} and see every committed event whichever table holds it.
 */
public final class Ingestor implements AutoCloseable {
    private final IngestWriter writer;

    Ingestor(IngestWriter writer) {
        this.writer = writer;
    }

    /**
     * Queues {@code messages} to be stored together; the future completes when they are durable, or
     * exceptionally ({@link StoreException}) when none of them was stored. Blocks while the queue is
     * full (backpressure). Futures complete on an ingestion thread: callbacks should not block.
     */
    public CompletableFuture<Void> submit(List<Message> messages) {
        requireNonNull(messages, "messages is null");
        return writer.submit(messages);
    }

    /**
     * Tells {@code listener} about every transaction committed from now on: the events stored, the
     * profiles changed and the users renamed or merged ({@link Commit}), in commit order, on a
     * notification thread of its own so that commits never wait for listeners. Listeners are told
     * after the commit is durable, possibly just after the submitters' futures complete.
     */
    public void addListener(CommitListener listener) {
        writer.addListener(requireNonNull(listener, "listener is null"));
    }

    /**
     * Moves every event stored so far from {@code events_recent} into {@code events_sorted}, sorted by (name, ts),
     * between two commits; completes with how many were moved. The writer does this by itself every million
     * events or so; a bulk load calls it at its end.
     */
    public CompletableFuture<Long> sortEvents() {
        return writer.sortEvents();
    }

    /** Counters since the store was opened. */
    public Stats stats() {
        return new Stats(writer.messagesStored(), writer.duplicatesDropped(), writer.eventsStored(),
                writer.commits(), writer.batchesFailed(), writer.queuedMessages());
    }

    /**
     * Ingestion counters: messages stored, duplicates dropped, events stored, transactions committed,
     * batches that failed, and messages currently queued.
     */
    public record Stats(long messagesStored, long duplicatesDropped, long eventsStored, long commits,
                        long batchesFailed, int queuedMessages) {
    }

    /** Stores everything already submitted and stops; later submits fail. {@link Store#close()} calls this. */
    @Override
    public void close() {
        writer.close();
    }
}

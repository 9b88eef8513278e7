package io.segments.store;

/**
 * Told about every committed ingestion transaction, in commit order, on one notification thread of the
 * store (never the writer thread: a slow listener delays the next notifications, not the commits).
 * An exception a listener throws is logged and the next commit is reported all the same.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(Commit commit);
}

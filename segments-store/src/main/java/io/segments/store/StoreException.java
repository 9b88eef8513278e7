package io.segments.store;

/**
 * An internal failure of the embedded store (the database could not be opened, a statement failed,
 * the data directory is in use). Not user-facing: the server logs it and answers 500.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}

package io.segments.e2e;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Short unique tokens for names and user ids of one test's own data: the server is shared by every test class, so
 * a test finds its rows by such a token, never by assuming it is alone.
 */
final class Nonce {
    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis());

    private Nonce() {
    }

    /** A token not handed out before in this run, e.g. {@code lz3k9a1}. */
    static String next() {
        return Long.toString(NEXT.getAndIncrement(), 36);
    }
}

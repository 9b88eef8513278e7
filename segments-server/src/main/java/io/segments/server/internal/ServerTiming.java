package io.segments.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * The standard {@code Server-Timing} response header on every {@code /api} response: {@code app;dur=<ms>}, the
 * time from the request's first handler to its last (browsers' developer tools show it; the benchmark reads it to
 * tell the server's time from the time on the way). A streamed response has sent its headers before it ends, so
 * it carries none.
 */
public final class ServerTiming {
    private static final String STARTED = ServerTiming.class.getName() + ".started";

    private ServerTiming() {
    }

    /** Registers the handlers that time {@code /api} requests; before any other {@code /api} handler. */
    public static void install(Javalin app) {
        app.before("/api/*", ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after("/api/*", ServerTiming::finish);
    }

    private static void finish(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started != null && !ctx.res().isCommitted()) {
            double millis = (System.nanoTime() - started) / 1e6;
            ctx.header("Server-Timing", String.format(Locale.ROOT, "app;dur=%.3f", millis));
        }
    }
}

package io.segments.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The standard {@code Server-Timing} response header on every {@code /api} response: {@code app;dur=<ms>}, the
 * time from the request's first handler to its last, then the parts a route timed with {@link #time}, such as
 * {@code query;dur=<ms>} for the evaluation of a count (browsers' developer tools show them; the benchmark reads
 * them to tell the engine's time from the rest). A streamed response has sent its headers before it ends, so it
 * carries none.
 */
public final class ServerTiming {
    private static final String STARTED = ServerTiming.class.getName() + ".started";
    private static final String PARTS = ServerTiming.class.getName() + ".parts";

    private ServerTiming() {
    }

    /** Registers the handlers that time {@code /api} requests; before any other {@code /api} handler. */
    public static void install(Javalin app) {
        app.before("/api/*", ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after("/api/*", ServerTiming::finish);
    }

    /** Runs {@code work} and adds its time to the response's {@code Server-Timing} as {@code name}. */
    public static <T> T time(Context ctx, String name, Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            Map<String, Long> parts = ctx.attribute(PARTS);
            if (parts == null) {
                parts = new LinkedHashMap<>();
                ctx.attribute(PARTS, parts);
            }
            parts.merge(name, System.nanoTime() - started, Long::sum);
        }
    }

    private static void finish(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started != null && !ctx.res().isCommitted()) {
            StringBuilder header = new StringBuilder(metric("app", System.nanoTime() - started));
            Map<String, Long> parts = ctx.attribute(PARTS);
            if (parts != null) {
                parts.forEach((name, nanos) -> header.append(", ").append(metric(name, nanos)));
            }
            ctx.header("Server-Timing", header.toString());
        }
    }

    private static String metric(String name, long nanos) {
        return String.format(Locale.ROOT, "%s;dur=%.3f", name, nanos / 1e6);
    }
}

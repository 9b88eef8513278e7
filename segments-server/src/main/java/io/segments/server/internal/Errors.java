package io.segments.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.segments.model.SegmentsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Every error answer has one shape: {@code {"error": CODE, "message": TEXT, "path"?: JSON_PATH}}, plus the extra
 * fields some errors carry ({@link SegmentsException#details()}, e.g. {@code "usedBy"} of a delete conflict).
 * User-facing errors ({@link SegmentsException}) keep their message; anything else is logged with the
 * request it broke and answered 500 with a generic message, so no internals leak.
 */
public final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    /** The HTTP status of an error code. A new code breaks this switch at compile time. */
    public static int status(SegmentsException.Code code) {
        return switch (code) {
            case INVALID_SEGMENT, INVALID_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
        };
    }

    /**
     * Installs the error answers on {@code app}: user errors, Javalin's own (404, 405 with {@code Allow}, ...) and
     * the rest.
     */
    public static void install(Javalin app) {
        app.exception(SegmentsException.class, (e, ctx) -> respond(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e));
        app.exception(Exception.class, (e, ctx) -> respond(ctx, e));
    }

    /** Answers {@code failure} on {@code ctx}, unwrapping the wrappers of asynchronous completion. */
    public static void respond(Context ctx, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof SegmentsException e) {
            if (e.code() == SegmentsException.Code.UNAUTHORIZED) {
                ctx.header("WWW-Authenticate", ctx.path().startsWith("/api/")
                        ? "Bearer realm=\"segments\"" : "Basic realm=\"segments\"");
            }
            respond(ctx, status(e.code()), e.code().json(), e.getMessage(), e.path().orElse(null), e.details());
        } else if (cause instanceof HttpResponseException e) {
            respond(ctx, e);
        } else {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), cause);
            respond(ctx, 500, "internal", "internal server error; the server log has the details", null);
        }
    }

    /**
     * Javalin's own answers; a method the path does not take (Javalin is set to prefer 405 over 404) names the
     * methods it takes, also in {@code Allow}.
     */
    private static void respond(Context ctx, HttpResponseException e) {
        if (e instanceof MethodNotAllowedResponse) {
            String allowed = e.getDetails().getOrDefault("availableMethods", "");
            ctx.header(Header.ALLOW, allowed);
            respond(ctx, 405, codeOf(405), ctx.method() + " is not allowed on " + ctx.path() + ": it takes "
                    + allowed, null);
            return;
        }
        respond(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage(), null);
    }

    private static void respond(Context ctx, int status, String code, String message, String path) {
        respond(ctx, status, code, message, path, Map.of());
    }

    /** The error body; {@code details} are extra fields after the common ones (they never replace them). */
    private static void respond(Context ctx, int status, String code, String message, String path,
                                Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (path != null) {
            body.put("path", path);
        }
        details.forEach(body::putIfAbsent);
        ctx.status(status).json(body);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> SegmentsException.Code.INVALID_REQUEST.json();
            case 401 -> SegmentsException.Code.UNAUTHORIZED.json();
            case 404 -> SegmentsException.Code.NOT_FOUND.json();
            case 405 -> "method_not_allowed";
            case 409 -> SegmentsException.Code.CONFLICT.json();
            case 413 -> SegmentsException.Code.PAYLOAD_TOO_LARGE.json();
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
    }
}

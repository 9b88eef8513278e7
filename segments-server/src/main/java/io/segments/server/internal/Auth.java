package io.segments.server.internal;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.segments.model.SegmentsException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The two key checks. {@code /v1/*} takes the write key as HTTP Basic user name with an empty password, or as
 * {@code Authorization: Bearer}; {@code /api/*} takes only {@code Authorization: Bearer <admin key>}.
 * The change streams ({@code /api/segments/{id}/changes}) also take the admin key as {@code ?key=}, since a
 * browser's {@code EventSource} cannot send headers. Each key opens its own prefix only: the write key is refused on {@code /api/} and the admin key on
 * {@code /v1/}, so that a key embedded in an application can never administer the server and the admin key
 * is never configured into client SDKs.
 */
public final class Auth {
    private final Keys keys;

    public Auth(Keys keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    /** Throws {@code unauthorized} unless the request carries the write key. */
    public void requireWriteKey(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthorized("missing write key: send it as the HTTP Basic user name with an empty password,"
                    + " or as 'Authorization: Bearer <write key>'");
        }
        String presented = basicUser(header);
        if (presented == null) {
            presented = bearer(header);
        }
        if (presented == null) {
            throw unauthorized("unsupported Authorization header: use HTTP Basic with the write key as user name"
                    + " and an empty password, or 'Bearer <write key>'");
        }
        if (!Keys.matches(presented, keys.writeKey())) {
            throw unauthorized("invalid write key");
        }
    }

    /**
     * The {@code /api/} paths open without a key: the OpenAPI description and the sign-in exchange (which
     * takes a one-time token instead).
     */
    public static final Set<String> OPEN_API_PATHS = Set.of(OpenApi.PATH, "/api/session");
    /** The event streams, which also take the admin key as {@code ?key=}. */
    private static final Pattern EVENT_STREAM = Pattern.compile("/api/segments/[^/]+/changes");

    /**
     * Throws {@code unauthorized} unless the request carries {@code Authorization: Bearer <admin key>}, or its
     * path is one of {@link #OPEN_API_PATHS}.
     */
    public void requireAdminKey(Context ctx) {
        if (OPEN_API_PATHS.contains(ctx.path())) {
            return;
        }
        String header = ctx.header(Header.AUTHORIZATION);
        if ((header == null || header.isBlank()) && EVENT_STREAM.matcher(ctx.path()).matches()
                && ctx.queryParam("key") != null) {
            // a browser's EventSource cannot send headers: event streams take the key in the query string
            if (!Keys.matches(ctx.queryParam("key"), keys.adminKey())) {
                throw unauthorized("invalid admin key");
            }
            return;
        }
        if (header == null || header.isBlank()) {
            throw unauthorized("missing admin key: send 'Authorization: Bearer <admin key>'");
        }
        String presented = bearer(header);
        if (presented == null) {
            throw unauthorized("unsupported Authorization header: /api/ takes 'Authorization: Bearer <admin key>'");
        }
        if (!Keys.matches(presented, keys.adminKey())) {
            throw unauthorized("invalid admin key");
        }
    }

    private static SegmentsException unauthorized(String message) {
        return new SegmentsException(SegmentsException.Code.UNAUTHORIZED, message);
    }

    /** The user name of a Basic header whose password is empty; {@code ""} (never a key) for a non-empty password. */
    private static String basicUser(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("malformed HTTP Basic credentials: not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return decoded;
        }
        if (colon != decoded.length() - 1) {
            throw unauthorized("HTTP Basic credentials must carry the write key as user name and an empty password");
        }
        return decoded.substring(0, colon);
    }

    private static String bearer(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}

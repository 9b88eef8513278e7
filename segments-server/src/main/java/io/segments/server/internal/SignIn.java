package io.segments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.segments.model.SegmentsException;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * One-time sign-in links for the web UI. At start the server makes a token and prints the link
 * {@code http://HOST:PORT/#/signin?token=T}; the UI sends the token to {@code POST /api/session}
 * (no key needed) and receives the admin key, which it then sends as {@code Authorization: Bearer}.
 * A token works once and only within {@link #VALIDITY} of its making; any other token is answered 401.
 * Tokens live in memory: a restart prints a new link and forgets the old ones.
 */
public final class SignIn {
    /** How long a sign-in token stays usable. */
    public static final Duration VALIDITY = Duration.ofHours(24);
    /** The path of the UI page that takes the token. */
    public static final String LINK_PATH = "/#/signin?token=";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_BODY_BYTES = 4096;

    private final Keys keys;
    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    public SignIn(Keys keys, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public void register(Javalin app) {
        app.post("/api/session", this::session);
    }

    /** Makes a new token, usable once within {@link #VALIDITY}. */
    public String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = "st_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        forgetExpired();
        expiries.put(token, clock.instant().plus(VALIDITY));
        return token;
    }

    private void session(Context ctx) throws IOException {
        JsonNode body = Json.parseObject(Bodies.readLimited(ctx, MAX_BODY_BYTES), "a sign-in request is {\"token\": ...}");
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("token")) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                        "unknown key \"" + name + "\" in a sign-in request: expected only token", "$." + name);
            }
        }
        JsonNode token = body.get("token");
        if (token == null || !token.isTextual() || token.textValue().isEmpty()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "a sign-in request needs the token of a sign-in link as a string", "$.token");
        }
        if (!redeem(token.textValue())) {
            throw new SegmentsException(SegmentsException.Code.UNAUTHORIZED, "this sign-in link is unknown, used"
                    + " or expired: each link works once, within 24 hours; restart the server for a new one,"
                    + " or use the admin key");
        }
        ctx.json(Map.of("adminKey", keys.adminKey()));
    }

    /** Uses up {@code token}: true only the first time, and only while it is valid. */
    boolean redeem(String token) {
        Instant expiry = expiries.remove(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !now.isBefore(expiry));
    }
}

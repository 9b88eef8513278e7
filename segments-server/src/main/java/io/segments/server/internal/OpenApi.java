package io.segments.server.internal;

import io.javalin.Javalin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3 description of the whole HTTP API, {@value #RESOURCE} on the class path, served at
 * {@value #PATH} without a key (it holds no data, only the shape of the API). A test checks that it
 * describes exactly the routes the server registers.
 */
public final class OpenApi {
    public static final String PATH = "/api/openapi.json";
    public static final String RESOURCE = "/io/segments/server/openapi.json";

    private final byte[] document;

    public OpenApi() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI description " + RESOURCE + " is not on the class path");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI description " + RESOURCE, e);
        }
    }

    public void register(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }
}

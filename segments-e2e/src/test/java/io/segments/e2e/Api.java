package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The product's HTTP API with the admin key: what the tests compare the browser against. Any answer other than
 * the expected 2xx fails the test with the method, path, status and body.
 */
final class Api {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final String adminKey;

    Api(URI base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    /** An answer: its status and body. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the body is not JSON: " + body, e);
            }
        }
    }

    JsonNode get(String path) {
        return expect(200, send("GET", path, null)).json();
    }

    JsonNode post(String path, String json) {
        Response r = send("POST", path, json);
        if (r.status() != 200 && r.status() != 201 && r.status() != 202) {
            throw new AssertionError("POST " + path + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    JsonNode put(String path, String json) {
        return expect(200, send("PUT", path, json)).json();
    }

    /** Deletes a resource; a 404 (already gone) is fine too. */
    void delete(String path) {
        Response r = send("DELETE", path, null);
        if (r.status() != 204 && r.status() != 404) {
            throw new AssertionError("DELETE " + path + " answered " + r.status() + ": " + r.body());
        }
    }

    /** Sends a message to the tracking API ({@code /v1/track}, {@code /v1/identify}, ...) with the write key. */
    void ingest(String path, String writeKey, String json) {
        Response r = send("POST", path, json, "Bearer " + writeKey);
        if (r.status() != 200) {
            throw new AssertionError("POST " + path + " answered " + r.status() + ": " + r.body());
        }
    }

    /** Any request, with a JSON body or none; the answer whatever its status. */
    Response send(String method, String path, String json) {
        return send(method, path, json, "Bearer " + adminKey);
    }

    private Response send(String method, String path, String json, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Response expect(int status, Response r) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + ", got " + r.status() + ": " + r.body());
        }
        return r;
    }

    /** A value for a query string. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Text as a JSON string literal. */
    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The strings of a JSON array, in order. */
    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** A new JSON object to fill in as a request body. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}

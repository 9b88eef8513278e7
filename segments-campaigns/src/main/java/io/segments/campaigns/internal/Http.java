package io.segments.campaigns.internal;

import io.segments.campaigns.SendResult;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** What the HTTP providers share: the client, and how an HTTP failure counts for a retry. */
public final class Http {
    private static final int SNIPPET = 300;

    private Http() {
    }

    public static HttpClient client(Duration timeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The outcome of one request: a response, or a rejection for a request that got none. */
    public record Exchange(Optional<HttpResponse<String>> response, Optional<SendResult.Rejected> failure) {
    }

    /** Sends {@code request}; timeouts and I/O failures become retryable rejections. */
    public static Exchange send(HttpClient client, HttpRequest request, Duration timeout) {
        String where = request.method() + " " + request.uri();
        try {
            return new Exchange(Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString())), Optional.empty());
        } catch (HttpTimeoutException e) {
            return new Exchange(Optional.empty(), Optional.of(new SendResult.Rejected(
                    "timed out: no answer to " + where + " within " + timeout.toMillis() + "ms", true)));
        } catch (IOException e) {
            return new Exchange(Optional.empty(), Optional.of(new SendResult.Rejected(
                    where + " failed: " + e, true)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(Optional.empty(), Optional.of(new SendResult.Rejected(
                    where + " was interrupted", true)));
        }
    }

    /** Whether a retry may help after this status: 408, 425, 429 and 5xx. */
    public static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /** The start of a response body, for failure reasons. */
    public static String snippet(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return flat.length() > SNIPPET ? flat.substring(0, SNIPPET) + "..." : flat;
    }
}

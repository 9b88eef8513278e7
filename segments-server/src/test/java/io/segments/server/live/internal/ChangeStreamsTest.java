package io.segments.server.live.internal;

import io.javalin.Javalin;
import io.segments.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeStreamsTest {
    @TempDir
    Path dir;

    /**
     * The response's headers reach a client before its stream is registered, so a server that stops right after a
     * client sees its stream open may close the streams first: such a stream must end at once, not keep the
     * response open (the server's graceful stop would wait for it until its timeout).
     */
    @Test
    void aStreamOpenedAfterCloseEndsAtOnce() throws Exception {
        try (Store store = Store.open(dir)) {
            ChangeStreams streams = new ChangeStreams(new ChangeLog(store));
            Javalin app = Javalin.create().get("/changes", ctx -> streams.stream(ctx, "s1", Optional.empty()));
            app.start("127.0.0.1", 0);
            try {
                streams.close();
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/changes"))
                        .header("Accept", "text/event-stream").GET().build();
                List<String> lines = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                        .thenApply(r -> r.body().toList())
                        .get(10, TimeUnit.SECONDS);
                assertThat(lines).noneMatch(l -> l.startsWith("event:"));
                assertThat(streams.open()).isZero();
            } finally {
                app.stop();
            }
        }
    }
}

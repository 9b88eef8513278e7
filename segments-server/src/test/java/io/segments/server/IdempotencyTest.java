package io.segments.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Retrying a request (same messageIds) stores its messages once. */
class IdempotencyTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    private static final String BATCH = """
            {"batch": [
              {"type": "identify", "userId": "u1", "messageId": "id-1", "traits": {"plan": "pro"}, "context": {"device": {"token": "t1"}}},
              {"type": "track", "userId": "u1", "messageId": "id-2", "event": "Order Completed", "timestamp": "2026-11-01T00:00:00Z"},
              {"type": "page", "anonymousId": "a1", "messageId": "id-3", "name": "Home", "timestamp": "2026-11-01T00:01:00Z"}
            ]}""";

    @Test
    void resending_the_same_batch_stores_nothing_more() {
        assertThat(server.ingest("/v1/batch", BATCH).status()).isEqualTo(200);
        long rows = server.storedRows();
        List<java.util.Map<String, Object>> events = server.events();

        TestHttp.Response retry = server.ingest("/v1/batch", BATCH);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("success").asBoolean()).isTrue();
        assertThat(server.storedRows()).isEqualTo(rows);
        assertThat(server.events()).isEqualTo(events);
    }

    @Test
    void a_retry_after_a_restart_is_still_dropped() {
        assertThat(server.ingest("/v1/batch", BATCH).status()).isEqualTo(200);
        long rows = server.storedRows();

        server.restart();
        assertThat(server.ingest("/v1/batch", BATCH).status()).isEqualTo(200);

        assertThat(server.storedRows()).isEqualTo(rows);
        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(2);
    }

    @Test
    void the_same_message_inside_one_batch_is_stored_once() {
        String once = "{\"type\": \"track\", \"userId\": \"u1\", \"messageId\": \"dup\", \"event\": \"A\"}";

        assertThat(server.ingest("/v1/batch", "{\"batch\": [" + once + ", " + once + "]}").status()).isEqualTo(200);

        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(1);
    }

    @Test
    void concurrent_retries_of_one_batch_store_it_once() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> server.ingest("/v1/batch", BATCH).status(), clients));
            }
            for (CompletableFuture<Integer> a : answers) {
                assertThat(a.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM message_ids")).isEqualTo(3);
        assertThat(server.count("SELECT count(*) FROM push_tokens")).isEqualTo(1);
    }
}

package io.segments.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deduplication window the server is given ({@code SEGMENTS_DEDUP_WINDOW}) is the one ingestion keeps: here 70
 * messages, remembered in 8 generations of 10, each request of 10 messages stored before the next is sent.
 */
class DeduplicationWindowTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension().withDedupWindow(70);

    private static String track(int i) {
        return "{\"type\": \"track\", \"userId\": \"u1\", \"messageId\": \"m" + i + "\", \"event\": \"A\","
                + " \"properties\": {\"m\": \"m" + i + "\"}}";
    }

    private void send(int... ids) {
        List<String> messages = new ArrayList<>();
        for (int i : ids) {
            messages.add(track(i));
        }
        assertThat(server.ingest("/v1/batch", "{\"batch\": [" + String.join(", ", messages) + "]}").status()).isEqualTo(200);
    }

    private long stored(int i) {
        return server.count("SELECT count(*) FROM events WHERE " + server.property("events", "m") + " = ?", "m" + i);
    }

    @Test
    void a_retry_within_the_window_is_dropped_after_a_restart_and_a_message_forgotten_since_is_stored_again() {
        for (int start = 0; start < 200; start += 10) {
            send(start, start + 1, start + 2, start + 3, start + 4, start + 5, start + 6, start + 7, start + 8, start + 9);
        }
        server.restart();

        send(130, 199, 0);

        assertThat(stored(130)).isEqualTo(1); // the 70th latest: just inside the window
        assertThat(stored(199)).isEqualTo(1);
        assertThat(stored(0)).isEqualTo(2);   // 200 messages ago: beyond the 80 remembered at most
        assertThat(server.count("SELECT count(*) FROM events")).isEqualTo(201);
    }
}

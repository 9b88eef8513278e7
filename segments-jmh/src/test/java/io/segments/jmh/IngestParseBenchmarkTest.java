package io.segments.jmh;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.store.Message;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link IngestParseBenchmark} reads every message of its batch as Jackson reads the same JSON. */
class IngestParseBenchmarkTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    @Test
    void parsedMessagesEqualJacksonsReadingOfTheBody() throws IOException {
        IngestParseBenchmark.Body body = new IngestParseBenchmark.Body();
        body.setup();
        List<Message> messages = new IngestParseBenchmark().parseBatch(body);

        JsonNode batch = JACKSON.readTree(body.body).get("batch");
        assertThat(messages).hasSize(IngestParseBenchmark.BATCH).hasSize(batch.size());
        int tracks = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            Map<String, Object> json = JACKSON.convertValue(batch.get(i), MAP);
            assertThat(m.messageId()).isEqualTo(json.get("messageId"));
            assertThat(m.userId()).isEqualTo(Optional.ofNullable(json.get("userId")));
            assertThat(m.anonymousId()).isEqualTo(Optional.ofNullable(json.get("anonymousId")));
            assertThat(m.timestamp()).isEqualTo(Instant.parse((String) json.get("timestamp")).toEpochMilli());
            if (json.get("type").equals("track")) {
                tracks++;
                assertThat(m.kind()).isEqualTo(Message.Kind.TRACK);
                assertThat(m.event()).contains((String) json.get("event"));
                assertThat(m.properties()).isEqualTo(json.getOrDefault("properties", Map.of()));
            } else {
                assertThat(json.get("type")).isEqualTo("identify");
                assertThat(m.kind()).isEqualTo(Message.Kind.IDENTIFY);
                assertThat(m.traits()).isEqualTo(json.get("traits"));
            }
        }
        assertThat(tracks).as("the batch mixes track and identify messages").isBetween(1, messages.size() - 1);
    }

    @Test
    void theBaselineReadsTheWholeBody() throws IOException {
        IngestParseBenchmark.Body body = new IngestParseBenchmark.Body();
        body.setup();
        assertThat(new IngestParseBenchmark().baselineJsonTree(body)).isEqualTo(JACKSON.readTree(body.body));
    }
}

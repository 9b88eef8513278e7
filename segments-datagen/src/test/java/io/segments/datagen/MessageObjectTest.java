package io.segments.datagen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageObjectTest {

    @Test
    void messageObjectsSayExactlyWhatTheJsonLinesSay() {
        Generator g = Generator.builder().users(700).days(50).seed(21).build();
        Generated parsed = Generated.of(g);
        List<GeneratedMessage> messages = new ArrayList<>();
        GenerationSummary summary = g.forEachMessage(messages::add);
        assertThat(messages).hasSameSizeAs(parsed.lines);
        assertThat(summary.messages()).isEqualTo(parsed.summary.messages());
        assertThat(summary.events()).isEqualTo(parsed.summary.events());
        for (int i = 0; i < messages.size(); i++) {
            GeneratedMessage m = messages.get(i);
            Map<String, Object> json = parsed.lines.get(i);
            String where = parsed.raw.get(i);
            assertThat(m.type().wireName()).as(where).isEqualTo(json.get("type"));
            assertThat(m.messageId()).as(where).isEqualTo(json.get("messageId"));
            assertThat(m.userId()).as(where).isEqualTo(json.get("userId"));
            assertThat(m.anonymousId()).as(where).isEqualTo(json.get("anonymousId"));
            assertThat(m.event()).as(where).isEqualTo(json.get("event"));
            assertThat(m.timestamp()).as(where).isEqualTo(Generated.millis(json));
            assertThat(m.properties()).as(where).isEqualTo(json.getOrDefault("properties", Map.of()));
            assertThat(m.traits()).as(where).isEqualTo(json.getOrDefault("traits", Map.of()));
            Object token = json.containsKey("context")
                    ? Generated.object(Generated.object(json, "context"), "device").get("token") : null;
            assertThat(m.pushToken()).as(where).isEqualTo(token);
            assertThat(m.subjectId()).isEqualTo(m.userId() != null ? m.userId() : m.anonymousId());
        }
    }

    @Test
    void messageMapsCannotBeModified() {
        List<GeneratedMessage> messages = new ArrayList<>();
        Generator.builder().users(50).days(10).seed(1).build().forEachMessage(messages::add);
        GeneratedMessage identify = messages.stream().filter(m -> m.type() == GeneratedMessage.Type.IDENTIFY)
                .findFirst().orElseThrow();
        assertThatThrownBy(() -> identify.traits().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        GeneratedMessage charged = messages.stream().filter(m -> "Charged".equals(m.event())).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> product = (Map<String, Object>) charged.properties().get("product");
        assertThatThrownBy(() -> product.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMessageNeedsAnIdentity() {
        assertThatThrownBy(() -> new GeneratedMessage(GeneratedMessage.Type.TRACK, "m1", null, null, "App Launched",
                0, Map.of(), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m1");
        assertThatThrownBy(() -> new GeneratedMessage(GeneratedMessage.Type.IDENTIFY, "m2", "u1", null, "App Launched",
                0, Map.of(), Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

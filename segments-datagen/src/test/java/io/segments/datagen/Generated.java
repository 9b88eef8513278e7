package io.segments.datagen;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A generated data set read back from its NDJSON with Jackson, as ingestion would read it. */
final class Generated {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    final Generator generator;
    final GenerationSummary summary;
    /** Every line, parsed, in output order. */
    final List<Map<String, Object>> lines;
    /** Every line's raw text, in output order. */
    final List<String> raw;

    private Generated(Generator generator, GenerationSummary summary, List<Map<String, Object>> lines, List<String> raw) {
        this.generator = generator;
        this.summary = summary;
        this.lines = lines;
        this.raw = raw;
    }

    static Generated of(Generator generator) {
        List<Map<String, Object>> lines = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        GenerationSummary summary = generator.forEachJson((bytes, offset, length) -> {
            raw.add(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
            lines.add(parse(bytes, offset, length));
        });
        return new Generated(generator, summary, lines, raw);
    }

    static Map<String, Object> parse(byte[] bytes, int offset, int length) {
        try {
            return JSON.readValue(bytes, offset, length, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(bytes, offset, length,
                    java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    static long millis(Map<String, Object> message) {
        return instant(message).toEpochMilli();
    }

    static Instant instant(Map<String, Object> message) {
        return Instant.parse((String) message.get("timestamp"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> message, String key) {
        return (Map<String, Object>) message.get(key);
    }

    static boolean isTrack(Map<String, Object> message, String event) {
        return "track".equals(message.get("type")) && event.equals(message.get("event"));
    }
}

package io.segments.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.segments.model.SegmentsException;

import java.io.IOException;

/** The server's one JSON mapper, shared by request parsing and Javalin's {@code ctx.json}. */
public final class Json {
    /** Rejects trailing content after the top-level value and NaN/Infinity. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {
    }

    /** A request body as JSON; empty or malformed is {@code invalid_request} at {@code $}. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "the request body is empty", "$");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the body is not valid JSON: " + e.getOriginalMessage() + where, "$");
        } catch (IOException e) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the body is not valid JSON: " + e.getMessage(), "$");
        }
    }

    /** {@link #parse} of a body that must be a JSON object; {@code shape} says what one looks like. */
    public static JsonNode parseObject(byte[] body, String shape) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, shape, "$");
        }
        return node;
    }
}

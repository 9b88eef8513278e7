package io.segments.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/** Messages for tests, written as wire JSON with single quotes for readability. */
final class Wire {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long RECEIVED_AT = 1_780_000_000_000L;
    private static final MessageParser PARSER = new MessageParser();

    private Wire() {
    }

    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + singleQuoted, e);
        }
    }

    static Message msg(String singleQuoted) {
        return PARSER.parse(json(singleQuoted), RECEIVED_AT, "$");
    }

    static List<Message> msgs(String... singleQuoted) {
        List<Message> list = new ArrayList<>();
        for (String s : singleQuoted) {
            list.add(msg(s));
        }
        return list;
    }
}

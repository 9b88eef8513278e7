package io.segments.model.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One event of a user: its name, its timestamp in epoch milliseconds (UTC), and its
 * properties (JSON values as Jackson reads them untyped: String, Number, Boolean, null, List, Map).
 */
public record Event(String name, long timestamp, Map<String, Object> properties) {
    public Event {
        requireNonNull(name, "name is null");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(properties, "properties is null")));
    }
}

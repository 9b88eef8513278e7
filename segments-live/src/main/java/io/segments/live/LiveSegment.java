package io.segments.live;

import io.segments.model.Condition;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A live segment as the live engine keeps it: its id, its filter and its creation instant. Event
 * conditions of the filter see only events with {@code timestamp >= createdAt}.
 */
public record LiveSegment(String id, Condition filter, Instant createdAt) {
    public LiveSegment {
        requireNonNull(id, "id is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}

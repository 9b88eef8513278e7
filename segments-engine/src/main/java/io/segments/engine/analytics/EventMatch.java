package io.segments.engine.analytics;

import io.segments.model.FieldTest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The events named {@code event} (exactly, case-sensitive) whose properties pass every filter of
 * {@code where}, with the meaning filters have in a segment's {@code did ... where}.
 */
public record EventMatch(String event, List<FieldTest> where) {
    public EventMatch {
        requireNonNull(event, "event is null");
        where = List.copyOf(requireNonNull(where, "where is null"));
    }

    /** Every event named {@code event}. */
    public static EventMatch of(String event) {
        return new EventMatch(event, List.of());
    }
}

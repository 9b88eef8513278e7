package io.segments.model;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One step of a sequence: {@code {"did": E}} or {@code {"didNot": E}} with optional
 * {@code where} filters and {@code within} (the gap after the previous step's event).
 */
public record Step(boolean negated, String event, List<FieldTest> where, Optional<Span> within) {
    public Step {
        requireNonNull(event, "event is null");
        where = List.copyOf(requireNonNull(where, "where is null"));
        requireNonNull(within, "within is null");
    }

    public static Step did(String event) {
        return new Step(false, event, List.of(), Optional.empty());
    }

    public static Step did(String event, Span within) {
        return new Step(false, event, List.of(), Optional.of(within));
    }

    public static Step didNot(String event, Span within) {
        return new Step(true, event, List.of(), Optional.of(within));
    }
}

package io.segments.engine.internal;

import io.segments.model.Occurrence;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A lowered sequence, at an evaluation point {@code now}: the users with a chain of events
 * {@code e1 < e2 < ... } where {@code e_k} passes step {@code k}'s predicate (the first step's
 * includes the {@code when} window; every step's admits only visible events, up to {@code now})
 * and lies in {@code (e_{k-1}.ts, e_{k-1}.ts + within_k]}, or after {@code e_{k-1}} when the step
 * has no {@code within}. A negated last step holds for {@code e_{n-1}} when no event passes it
 * in {@code (e.ts, e.ts + within]} and {@code e.ts + within <= now}. With
 * {@link Occurrence#LAST}, only the latest event passing the first step counts.
 *
 * <p>Whether a chain continues from an event depends only on its timestamp, so the printer
 * works backwards over sets of {@code (uid, ts)}: the good timestamps of the last step, then
 * those of each earlier step that have a good successor in range ({@link SequenceSql}: one
 * hash join per step on the user and a bucket of {@code within}, never a join of all pairs).
 */
public record SequencePlan(List<Step> steps, Occurrence occurrence) {
    public SequencePlan {
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        requireNonNull(occurrence, "occurrence is null");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a sequence needs a step");
        }
        if (steps.get(0).negated()) {
            throw new IllegalArgumentException("the first step cannot be negated");
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (steps.get(i).negated()) {
                throw new IllegalArgumentException("only the last step can be negated");
            }
        }
    }

    /** One step: the events it admits and the gap allowed after the previous step's event. */
    public record Step(RowPredicate match, OptionalLong withinMillis, boolean negated) {
        public Step {
            requireNonNull(match, "match is null");
            requireNonNull(withinMillis, "withinMillis is null");
            if (negated && withinMillis.isEmpty()) {
                throw new IllegalArgumentException("a negated step needs within");
            }
        }
    }
}

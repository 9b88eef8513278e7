package io.segments.engine.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer to a {@link FunnelQuery}: per step, over all entering users ({@code steps}) and per
 * breakdown value ({@code groups}, largest first, then by value; empty without a breakdown).
 */
public record FunnelReport(List<Step> steps, List<Group> groups) {
    public FunnelReport {
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        groups = List.copyOf(requireNonNull(groups, "groups is null"));
    }

    /**
     * How many users reached a step; the share of those who reached the previous step
     * ({@code fromPrevious}) and the first step ({@code fromFirst}), between 0 and 1 (0 when
     * nobody reached that step); the lower median time from the previous step to this one
     * (the {@code ceil(n/2)}-th smallest of the {@code n} users' times; empty for the first step
     * and when nobody reached the step).
     */
    public record Step(EventMatch step, long users, double fromPrevious, double fromFirst,
                       Optional<Duration> medianFromPrevious) {
        public Step {
            requireNonNull(step, "step is null");
            requireNonNull(medianFromPrevious, "medianFromPrevious is null");
        }
    }

    /** The steps of the users whose breakdown value is {@code value} (its JSON text; empty: no value). */
    public record Group(Optional<String> value, List<Step> steps) {
        public Group {
            requireNonNull(value, "value is null");
            steps = List.copyOf(requireNonNull(steps, "steps is null"));
        }
    }
}

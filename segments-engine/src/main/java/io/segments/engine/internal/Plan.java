package io.segments.engine.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The lowered form of a definition: the columns of one pass over the events that
 * {@code scanScope} admits (grouped by user), the sequences, the event names whose latest time per user the tests
 * read ({@code latest}), and the test of each live user that refers to them. Time stays relative to the evaluation point ({@link TimeRange}), so one
 * plan prints as the members at one {@code now} or as the membership at many points. Every user
 * value it holds is printed as a bind parameter.
 */
public record Plan(RowPredicate scanScope, List<ScanColumn> scan, List<SequencePlan> sequences,
                   List<String> latest, UserPredicate filter) {
    public Plan {
        requireNonNull(scanScope, "scanScope is null");
        scan = List.copyOf(requireNonNull(scan, "scan is null"));
        sequences = List.copyOf(requireNonNull(sequences, "sequences is null"));
        latest = List.copyOf(requireNonNull(latest, "latest is null"));
        requireNonNull(filter, "filter is null");
    }

    /** A plan without latest times ({@link UserPredicate.LatestFrom}: only {@link SeenRewrite} adds them). */
    public Plan(RowPredicate scanScope, List<ScanColumn> scan, List<SequencePlan> sequences, UserPredicate filter) {
        this(scanScope, scan, sequences, List.of(), filter);
    }
}

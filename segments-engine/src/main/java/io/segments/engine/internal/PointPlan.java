package io.segments.engine.internal;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@link Plan} arranged to be evaluated at many points in one query. Every per-user figure is
 * a sum over <em>contributions</em>: an event (or a user's earliest event, or a sequence's
 * first-step event) contributes to a figure at a contiguous run of points, the points whose
 * window admits it. So a figure changes only where a run starts or ends, and a user's membership
 * only where one of their figures changes: the printer evaluates {@code filter} at those places
 * and nowhere else.
 *
 * <p>{@code filter} tests only users rows, {@link UserPredicate.CountCompare} and
 * {@link UserPredicate.AggregateCompare} (columns are figure indices); first-time conditions
 * and sequences became count figures of their own.
 */
public record PointPlan(RowPredicate scanNames, List<Figure> figures, List<Contribution> contributions,
                        UserPredicate filter) {
    public PointPlan {
        requireNonNull(scanNames, "scanNames is null");
        figures = List.copyOf(requireNonNull(figures, "figures is null"));
        contributions = List.copyOf(requireNonNull(contributions, "contributions is null"));
        requireNonNull(filter, "filter is null");
        for (Contribution c : contributions) {
            if (c.figure() < 0 || c.figure() >= figures.size()) {
                throw new IllegalArgumentException("contribution to a figure that does not exist: " + c.figure());
            }
        }
    }

    /** What a figure adds up. */
    public sealed interface Figure {
        /** How many contributions hold at the point. */
        record Count() implements Figure {
        }

        /** The numbers at a property of the contributing events: how many, their sum, minimum and maximum. */
        record Numbers() implements Figure {
        }
    }

    /** A source of contributions to figure {@code figure()}. */
    public sealed interface Contribution {
        int figure();

        /**
         * Every event of the scan passing {@code match} whose timestamp lies in {@code range} at
         * the point; with {@code numbers}, the number at that field (events without one add nothing).
         */
        record Events(int figure, RowPredicate match, TimeRange range, Optional<JsonField> numbers)
                implements Contribution {
            public Events {
                requireNonNull(match, "match is null");
                requireNonNull(range, "range is null");
                requireNonNull(numbers, "numbers is null");
            }
        }

        /**
         * The user's earliest event of the scan passing {@code match} at or after {@code floor},
         * at the points where its timestamp lies in {@code range} (which admits nothing after the
         * point, so an earliest event still to come counts nowhere).
         */
        record Earliest(int figure, RowPredicate match, long floor, TimeRange range) implements Contribution {
            public Earliest {
                requireNonNull(match, "match is null");
                requireNonNull(range, "range is null");
            }
        }

        /**
         * Each first-step event of {@code sequence} at the points where it holds the sequence: it
         * lies in the first step's range, a chain from it is complete by the point (for a
         * {@code didNot} last step: its wait is over), and with occurrence {@code last} no later
         * first-step event lies in the range.
         */
        record Sequence(int figure, SequencePlan sequence) implements Contribution {
            public Sequence {
                requireNonNull(sequence, "sequence is null");
            }
        }
    }
}

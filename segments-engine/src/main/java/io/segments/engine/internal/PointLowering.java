package io.segments.engine.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Arranges a {@link Plan} for evaluation at many points ({@link PointPlan}): each column of the
 * events pass becomes a figure fed by the events it counts, each first-time test a count figure
 * fed by the user's earliest event, each sequence a count figure fed by its first-step events.
 * Nothing is approximated: at every point the figures and the test are what the plan printed for
 * that point computes.
 */
public final class PointLowering {
    private final Plan plan;
    private final List<PointPlan.Figure> figures = new ArrayList<>();
    private final List<PointPlan.Contribution> contributions = new ArrayList<>();
    private final Map<Integer, Integer> columnFigures = new HashMap<>();
    private final Map<Integer, Integer> sequenceFigures = new HashMap<>();

    private PointLowering(Plan plan) {
        this.plan = plan;
    }

    /** {@code plan} as a plan for many points. */
    public static PointPlan share(Plan plan) {
        requireNonNull(plan, "plan is null");
        PointLowering lowering = new PointLowering(plan);
        UserPredicate filter = lowering.rewrite(plan.filter());
        return new PointPlan(split(plan.scanScope()).rest(), lowering.figures, lowering.contributions, filter);
    }

    /** A row predicate as its tests of the timestamp (intersected) and the rest. */
    public record TimeSplit(RowPredicate rest, TimeRange range) {
    }

    /**
     * Splits {@code predicate} into its time tests and the rest. Time tests may only be conjuncts
     * (as the lowering makes them): one under an {@code or} or a {@code not} is a compiler bug.
     */
    public static TimeSplit split(RowPredicate predicate) {
        List<RowPredicate> rest = new ArrayList<>();
        TimeRange[] range = {TimeRange.ALL};
        collect(predicate, rest, range);
        return new TimeSplit(RowPredicate.all(rest), range[0]);
    }

    private static void collect(RowPredicate predicate, List<RowPredicate> rest, TimeRange[] range) {
        if (predicate instanceof RowPredicate.TimeIn in) {
            range[0] = range[0].intersect(in.range());
        } else if (predicate instanceof RowPredicate.All all) {
            all.parts().forEach(p -> collect(p, rest, range));
        } else {
            if (mentionsTime(predicate)) {
                throw new IllegalStateException("a time test that is not a conjunct: " + predicate);
            }
            rest.add(predicate);
        }
    }

    private static boolean mentionsTime(RowPredicate predicate) {
        if (predicate instanceof RowPredicate.TimeIn) {
            return true;
        }
        if (predicate instanceof RowPredicate.All all) {
            return all.parts().stream().anyMatch(PointLowering::mentionsTime);
        }
        if (predicate instanceof RowPredicate.Any any) {
            return any.parts().stream().anyMatch(PointLowering::mentionsTime);
        }
        if (predicate instanceof RowPredicate.Negation negation) {
            return mentionsTime(negation.part());
        }
        return false;
    }

    private int figure(PointPlan.Figure figure) {
        figures.add(figure);
        return figures.size() - 1;
    }

    /** The figure of scan column {@code column} (a count or the numbers of an aggregate). */
    private int scanFigure(int column) {
        Integer known = columnFigures.get(column);
        if (known != null) {
            return known;
        }
        ScanColumn scan = plan.scan().get(column);
        TimeSplit split = split(scan.filter());
        int figure;
        if (scan instanceof ScanColumn.CountIf) {
            figure = figure(new PointPlan.Figure.Count());
            contributions.add(new PointPlan.Contribution.Events(figure, split.rest(), split.range(), Optional.empty()));
        } else if (scan instanceof ScanColumn.NumbersIf numbers) {
            figure = figure(new PointPlan.Figure.Numbers());
            contributions.add(new PointPlan.Contribution.Events(figure, split.rest(), split.range(),
                    Optional.of(numbers.field())));
        } else {
            throw new IllegalStateException("scan column tested as a figure: " + scan);
        }
        columnFigures.put(column, figure);
        return figure;
    }

    private UserPredicate atLeastOne(int figure) {
        return new UserPredicate.CountCompare(figure, Comparison.GTE, BigDecimal.ONE);
    }

    private UserPredicate rewrite(UserPredicate predicate) {
        return predicate.accept(new UserPredicate.Visitor<>() {
            @Override
            public UserPredicate visitConstant(UserPredicate.Constant constant) {
                return constant;
            }

            @Override
            public UserPredicate visitAll(UserPredicate.All all) {
                return new UserPredicate.All(all.parts().stream().map(p -> p.accept(this)).toList());
            }

            @Override
            public UserPredicate visitAny(UserPredicate.Any any) {
                return new UserPredicate.Any(any.parts().stream().map(p -> p.accept(this)).toList());
            }

            @Override
            public UserPredicate visitNegation(UserPredicate.Negation negation) {
                return new UserPredicate.Negation(negation.part().accept(this));
            }

            @Override
            public UserPredicate visitRow(UserPredicate.Row row) {
                return row;
            }

            @Override
            public UserPredicate visitCountCompare(UserPredicate.CountCompare compare) {
                return new UserPredicate.CountCompare(scanFigure(compare.column()), compare.comparison(),
                        compare.value());
            }

            @Override
            public UserPredicate visitAggregateCompare(UserPredicate.AggregateCompare compare) {
                return new UserPredicate.AggregateCompare(scanFigure(compare.column()), compare.fn(),
                        compare.comparison(), compare.value());
            }

            @Override
            public UserPredicate visitEarliestIn(UserPredicate.EarliestIn in) {
                ScanColumn scan = plan.scan().get(in.column());
                if (!(scan instanceof ScanColumn.EarliestIf)) {
                    throw new IllegalStateException("first-time test of a column that is not an earliest: " + scan);
                }
                TimeSplit ever = split(scan.filter());
                TimeRange visible = ever.range();
                if (visible.fromShift().isPresent() || visible.toShift().isEmpty()
                        || visible.toShift().getAsLong() != 0 || visible.toCeiling() != Long.MAX_VALUE) {
                    throw new IllegalStateException("a first-time test over events that are not all visible ones: "
                            + visible);
                }
                int figure = figure(new PointPlan.Figure.Count());
                contributions.add(new PointPlan.Contribution.Earliest(figure, ever.rest(), visible.fromFloor(),
                        visible.intersect(in.range())));
                return atLeastOne(figure);
            }

            @Override
            public UserPredicate visitInSequence(UserPredicate.InSequence in) {
                Integer figure = sequenceFigures.get(in.sequence());
                if (figure == null) {
                    figure = figure(new PointPlan.Figure.Count());
                    contributions.add(new PointPlan.Contribution.Sequence(figure,
                            plan.sequences().get(in.sequence())));
                    sequenceFigures.put(in.sequence(), figure);
                }
                return atLeastOne(figure);
            }

            @Override
            public UserPredicate visitLatestFrom(UserPredicate.LatestFrom latest) {
                throw new IllegalStateException("a latest-time test in a plan for many points: " + latest);
            }
        });
    }
}

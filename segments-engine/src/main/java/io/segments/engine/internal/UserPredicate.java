package io.segments.engine.internal;

import io.segments.model.Aggregate;

import java.math.BigDecimal;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A test of one live user, combining tests of the users row with per-user figures of the
 * plan's single events pass ({@link ScanColumn}s, referred to by index) and membership of the
 * plan's sequences (by index). Two-valued, so {@link Negation} is the complement within the
 * live users.
 */
public sealed interface UserPredicate {

    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R visitConstant(Constant constant);

        R visitAll(All all);

        R visitAny(Any any);

        R visitNegation(Negation negation);

        R visitRow(Row row);

        R visitCountCompare(CountCompare countCompare);

        R visitAggregateCompare(AggregateCompare aggregateCompare);

        R visitEarliestIn(EarliestIn earliestIn);

        R visitInSequence(InSequence inSequence);

        R visitLatestFrom(LatestFrom latestFrom);
    }

    static UserPredicate all(List<UserPredicate> parts) {
        return parts.size() == 1 ? parts.get(0) : new All(parts);
    }

    static UserPredicate any(List<UserPredicate> parts) {
        return parts.size() == 1 ? parts.get(0) : new Any(parts);
    }

    record Constant(boolean value) implements UserPredicate {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConstant(this);
        }
    }

    record All(List<UserPredicate> parts) implements UserPredicate {
        public All {
            parts = List.copyOf(requireNonNull(parts, "parts is null"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAll(this);
        }
    }

    record Any(List<UserPredicate> parts) implements UserPredicate {
        public Any {
            parts = List.copyOf(requireNonNull(parts, "parts is null"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAny(this);
        }
    }

    record Negation(UserPredicate part) implements UserPredicate {
        public Negation {
            requireNonNull(part, "part is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNegation(this);
        }
    }

    /** A test of the user's own row (traits, id, push tokens). */
    record Row(RowPredicate predicate) implements UserPredicate {
        public Row {
            requireNonNull(predicate, "predicate is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRow(this);
        }
    }

    /** The {@link ScanColumn.CountIf} at {@code column} (0 for a user without events) compares so. */
    record CountCompare(int column, Comparison comparison, BigDecimal value) implements UserPredicate {
        public CountCompare {
            requireNonNull(comparison, "comparison is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitCountCompare(this);
        }
    }

    /**
     * {@code fn} over the numbers of the {@link ScanColumn.NumbersIf} at {@code column} compares
     * so with {@code value}; false when there is no number.
     */
    record AggregateCompare(int column, Aggregate.Fn fn, Comparison comparison, BigDecimal value)
            implements UserPredicate {
        public AggregateCompare {
            requireNonNull(fn, "fn is null");
            requireNonNull(comparison, "comparison is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAggregateCompare(this);
        }
    }

    /** The {@link ScanColumn.EarliestIf} at {@code column} exists and lies in {@code range} at the evaluation point. */
    record EarliestIn(int column, TimeRange range) implements UserPredicate {
        public EarliestIn {
            requireNonNull(range, "range is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitEarliestIn(this);
        }
    }

    /**
     * The user's latest event named {@link Plan#latest()}{@code .get(latest)}, up to the evaluation point, is at
     * {@code from} or later: they did it in {@code [from, now]} (false without one). Only for one evaluation point
     * ({@link SeenRewrite}).
     */
    record LatestFrom(int latest, long from) implements UserPredicate {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLatestFrom(this);
        }
    }

    /** The user is a member of the plan's sequence at {@code sequence}. */
    record InSequence(int sequence) implements UserPredicate {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitInSequence(this);
        }
    }
}

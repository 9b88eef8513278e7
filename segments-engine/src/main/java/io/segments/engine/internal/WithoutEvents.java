package io.segments.engine.internal;

import java.math.BigDecimal;

/**
 * What a user predicate is for a user the events pass has no row for (every count 0, no number, no earliest
 * event): true, false, or unknown when it depends on the user's own row or sequences. A predicate false for such a
 * user holds only for users the pass has a row for, so its members are found from the pass's rows, never from
 * every user: the query starts from the few users with matching events.
 */
final class WithoutEvents implements UserPredicate.Visitor<Boolean> {
    private static final WithoutEvents INSTANCE = new WithoutEvents();

    private WithoutEvents() {
    }

    /** Whether {@code predicate} is false for every user without a row in the events pass. */
    static boolean isFalse(UserPredicate predicate) {
        return Boolean.FALSE.equals(predicate.accept(INSTANCE));
    }

    @Override
    public Boolean visitConstant(UserPredicate.Constant constant) {
        return constant.value();
    }

    @Override
    public Boolean visitAll(UserPredicate.All all) {
        Boolean result = Boolean.TRUE;
        for (UserPredicate part : all.parts()) {
            Boolean value = part.accept(this);
            if (Boolean.FALSE.equals(value)) {
                return Boolean.FALSE;
            }
            if (value == null) {
                result = null;
            }
        }
        return result;
    }

    @Override
    public Boolean visitAny(UserPredicate.Any any) {
        Boolean result = Boolean.FALSE;
        for (UserPredicate part : any.parts()) {
            Boolean value = part.accept(this);
            if (Boolean.TRUE.equals(value)) {
                return Boolean.TRUE;
            }
            if (value == null) {
                result = null;
            }
        }
        return result;
    }

    @Override
    public Boolean visitNegation(UserPredicate.Negation negation) {
        Boolean value = negation.part().accept(this);
        return value == null ? null : !value;
    }

    @Override
    public Boolean visitRow(UserPredicate.Row row) {
        return null;
    }

    @Override
    public Boolean visitCountCompare(UserPredicate.CountCompare compare) {
        return compare.comparison().test(BigDecimal.ZERO, compare.value());
    }

    @Override
    public Boolean visitAggregateCompare(UserPredicate.AggregateCompare compare) {
        return Boolean.FALSE;
    }

    @Override
    public Boolean visitEarliestIn(UserPredicate.EarliestIn in) {
        return Boolean.FALSE;
    }

    @Override
    public Boolean visitInSequence(UserPredicate.InSequence in) {
        return null;
    }
}

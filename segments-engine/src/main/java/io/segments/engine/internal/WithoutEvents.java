package io.segments.engine.internal;

import java.math.BigDecimal;

/**
 * What a user predicate is for a user the events pass has no row for (every count 0, no number, no earliest
 * event): true, false, or unknown when it depends on the user's own row, sequences or latest times. A predicate false
 * for such a user holds only for users the pass has a row for, so its members are found from the pass's rows, never
 * from every user: the query starts from the few users with matching events. The same question for the relation of
 * one latest time ({@link UserPredicate.LatestFrom}: a user without a row there has no such event in its range).
 */
final class WithoutEvents implements UserPredicate.Visitor<Boolean> {
    private static final WithoutEvents INSTANCE = new WithoutEvents(-1);

    /** The latest time whose relation has no row for the user, or -1 for the events pass. */
    private final int latest;

    private WithoutEvents(int latest) {
        this.latest = latest;
    }

    /** Whether {@code predicate} is false for every user without a row in the events pass. */
    static boolean isFalse(UserPredicate predicate) {
        return Boolean.FALSE.equals(predicate.accept(INSTANCE));
    }

    /** Whether {@code predicate} is false for every user without a row in the relation of latest time {@code latest}. */
    static boolean isFalseWithoutLatest(UserPredicate predicate, int latest) {
        return Boolean.FALSE.equals(predicate.accept(new WithoutEvents(latest)));
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
        return latest >= 0 ? null : compare.comparison().test(BigDecimal.ZERO, compare.value());
    }

    @Override
    public Boolean visitAggregateCompare(UserPredicate.AggregateCompare compare) {
        return latest >= 0 ? null : Boolean.FALSE;
    }

    @Override
    public Boolean visitEarliestIn(UserPredicate.EarliestIn in) {
        return latest >= 0 ? null : Boolean.FALSE;
    }

    @Override
    public Boolean visitLatestFrom(UserPredicate.LatestFrom in) {
        return in.latest() == latest ? Boolean.FALSE : null;
    }

    @Override
    public Boolean visitInSequence(UserPredicate.InSequence in) {
        return null;
    }
}

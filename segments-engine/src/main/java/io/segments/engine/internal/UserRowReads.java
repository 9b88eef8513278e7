package io.segments.engine.internal;

/** Which user predicates read the user's {@code users} row, so that a query starting from the events pass joins it. */
final class UserRowReads {
    private UserRowReads() {
    }

    /** Whether {@code predicate} reads the user's row (traits, id, push tokens) or a sequence's members by uid. */
    static boolean readsUserRow(UserPredicate predicate) {
        return predicate.accept(new UserPredicate.Visitor<Boolean>() {
            @Override
            public Boolean visitConstant(UserPredicate.Constant constant) {
                return false;
            }

            @Override
            public Boolean visitAll(UserPredicate.All all) {
                return all.parts().stream().anyMatch(p -> p.accept(this));
            }

            @Override
            public Boolean visitAny(UserPredicate.Any any) {
                return any.parts().stream().anyMatch(p -> p.accept(this));
            }

            @Override
            public Boolean visitNegation(UserPredicate.Negation negation) {
                return negation.part().accept(this);
            }

            @Override
            public Boolean visitRow(UserPredicate.Row row) {
                return true;
            }

            @Override
            public Boolean visitCountCompare(UserPredicate.CountCompare compare) {
                return false;
            }

            @Override
            public Boolean visitAggregateCompare(UserPredicate.AggregateCompare compare) {
                return false;
            }

            @Override
            public Boolean visitEarliestIn(UserPredicate.EarliestIn in) {
                return false;
            }

            @Override
            public Boolean visitInSequence(UserPredicate.InSequence in) {
                return true;
            }

            @Override
            public Boolean visitLatestFrom(UserPredicate.LatestFrom latest) {
                return false;
            }
        });
    }
}

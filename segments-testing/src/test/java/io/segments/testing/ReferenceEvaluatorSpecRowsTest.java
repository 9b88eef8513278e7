package io.segments.testing;

/** The reference evaluator against every row of the contract. */
class ReferenceEvaluatorSpecRowsTest extends SpecRowsContract {
    @Override
    protected MembershipEvaluator evaluator() {
        return new ReferenceMembershipEvaluator();
    }
}

package io.segments.testing;

/** The reference evaluator on the contract's example segments. */
class ReferenceEvaluatorExamplesTest extends ExampleSegmentsContract {
    @Override
    protected MembershipEvaluator evaluator() {
        return new ReferenceMembershipEvaluator();
    }
}

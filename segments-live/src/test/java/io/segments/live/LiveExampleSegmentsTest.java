package io.segments.live;

import io.segments.testing.ExampleSegmentsContract;
import io.segments.testing.MembershipEvaluator;

/** The eight example segments of the contract, replayed through the live engine. */
class LiveExampleSegmentsTest extends ExampleSegmentsContract {
    @Override
    protected MembershipEvaluator evaluator() {
        return new ReplayEvaluator();
    }
}

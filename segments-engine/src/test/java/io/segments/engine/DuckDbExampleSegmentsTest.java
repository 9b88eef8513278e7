package io.segments.engine;

import io.segments.testing.ExampleSegmentsContract;
import io.segments.testing.MembershipEvaluator;
import org.junit.jupiter.api.AfterAll;

/** The contract's example segments, evaluated by the engine over DuckDB. */
class DuckDbExampleSegmentsTest extends ExampleSegmentsContract {
    private static final StoreFixture STORE = StoreFixture.inMemory();

    @Override
    protected MembershipEvaluator evaluator() {
        return new EngineEvaluator(STORE);
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

package io.segments.engine;

import io.segments.testing.MembershipEvaluator;
import io.segments.testing.SpecRowsContract;
import org.junit.jupiter.api.AfterAll;

/** Every row of the segment language contract, evaluated by the engine over DuckDB. */
class DuckDbSpecRowsTest extends SpecRowsContract {
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

package io.segments.bench.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountCheckTest {
    @Test
    void systemsThatAgreePass() {
        CountCheck check = new CountCheck("W4", List.of("high", "medium", "low"))
                .add("engine-java", new long[]{1, 2, 3})
                .add("duckdb/group-by", new long[]{1, 2, 3})
                .add("postgres/band", new long[]{1, 2, 3});
        assertThatCode(check::verify).doesNotThrowAnyException();
    }

    @Test
    void aDifferingCountFailsTheRunNamingTheWorkloadTheSystemsAndTheCounts() {
        CountCheck check = new CountCheck("W3", List.of("Cart, no purchase"))
                .add("engine-java", new long[]{1234})
                .add("duckdb/asof-join", new long[]{1234})
                .add("postgres/not-exists", new long[]{1235});
        assertThatThrownBy(check::verify).isInstanceOf(CountCheck.CountMismatchException.class)
                .hasMessage("W3: the systems disagree: engine-java 1234, duckdb/asof-join 1234, postgres/not-exists 1235");
    }

    @Test
    void aDifferingTrendPointIsNamedByItsLabel() {
        CountCheck check = new CountCheck("W7-W1", List.of("2026-10-01", "2026-10-02", "2026-10-03"))
                .add("engine-java", new long[]{5, 6, 7})
                .add("engine-http", new long[]{5, 6, 7})
                .add("duckdb/90-counts", new long[]{5, 9, 8});
        assertThatThrownBy(check::verify).hasMessage("W7-W1: the systems disagree at 2026-10-02: engine-java 6, "
                + "engine-http 6, duckdb/90-counts 9 (2 of 3 counts differ)");
    }

    @Test
    void anAnswerWithTheWrongNumberOfCountsFails() {
        CountCheck check = new CountCheck("W1x20", List.of("a", "b"));
        assertThatThrownBy(() -> check.add("duckdb", new long[]{1})).isInstanceOf(CountCheck.CountMismatchException.class)
                .hasMessageContaining("W1x20: duckdb answered 1 counts [1] where 2 were expected");
    }
}

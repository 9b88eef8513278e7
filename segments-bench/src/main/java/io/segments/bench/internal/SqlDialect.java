package io.segments.bench.internal;

/** Where the hand-written baselines differ between DuckDB and PostgreSQL. */
public enum SqlDialect {
    DUCKDB,
    POSTGRES;

    /** Integer division of two integer expressions, rounding toward zero (both operands are never negative here). */
    public String div(String a, String b) {
        return this == DUCKDB ? "((" + a + ") // (" + b + "))" : "((" + a + ") / (" + b + "))";
    }

    /** A set-returning expression of the integers {@code lo..hi} (none when {@code lo > hi}), for a select list. */
    public String integers(String lo, String hi) {
        return this == DUCKDB ? "unnest(range(" + lo + ", (" + hi + ") + 1))" : "generate_series(" + lo + ", " + hi + ")";
    }

    /** The name systems are reported under. */
    public String system() {
        return this == DUCKDB ? Figure.DUCKDB : Figure.POSTGRES;
    }
}

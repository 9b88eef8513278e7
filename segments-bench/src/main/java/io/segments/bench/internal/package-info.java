/**
 * How the benchmark runs (not API): data loading, the workloads and their baseline SQL formulations, the systems
 * (engine Java API, server child process, DuckDB, PostgreSQL), timing, the correctness check and the report.
 */
package io.segments.bench.internal;

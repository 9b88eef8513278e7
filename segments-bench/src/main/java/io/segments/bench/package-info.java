/**
 * The benchmark suite: {@link io.segments.bench.BenchMain} generates a data set, loads it into this engine's
 * store, a typed DuckDB copy and PostgreSQL, runs the workloads on every system, checks that every count agrees
 * and writes a results table of medians and ratios. {@link io.segments.bench.BenchOptions} is its command line.
 */
package io.segments.bench;

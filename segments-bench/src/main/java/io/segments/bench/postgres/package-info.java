/** A PostgreSQL server of its own, for the benchmark and its tests: {@link io.segments.bench.postgres.LocalPostgres}. */
package io.segments.bench.postgres;

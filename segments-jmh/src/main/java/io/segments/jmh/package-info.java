/**
 * JMH micro-benchmarks of the hot kernels, run by {@code bin/bench-jmh}:
 * <ul>
 *   <li>{@link io.segments.jmh.IngestParseBenchmark}: a {@code /v1/batch} body to messages;</li>
 *   <li>{@link io.segments.jmh.FingerprintBenchmark}: the 128-bit fingerprint of a messageId;</li>
 *   <li>{@link io.segments.jmh.SeenCheckBenchmark}: the idempotency check against the stored fingerprints;</li>
 *   <li>{@link io.segments.jmh.CompileBenchmark}: an example segment compiled to DuckDB SQL;</li>
 *   <li>{@link io.segments.jmh.LiveEventBenchmark}: the live engine taking one event with 20 live segments;</li>
 *   <li>{@link io.segments.jmh.ReferenceEvaluatorBenchmark}: the reference evaluator deciding one user;</li>
 *   <li>{@link io.segments.jmh.MemberCollectBenchmark} and {@link io.segments.jmh.MemberProbeBenchmark}: the
 *       member bitmaps of counts and reachability.</li>
 * </ul>
 * Each class measures its subject beside one baseline, a method named {@code baseline...} run on the same
 * state, and the result tables report each subject's ratio to it. Each benchmark has a test that runs its
 * state setup and method and checks the answer against an independent computation (the reference
 * evaluator, the live engine, Jackson, plain collections); the tests never run JMH.
 */
package io.segments.jmh;

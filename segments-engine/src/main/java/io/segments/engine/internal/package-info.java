/**
 * The compiler, not API: {@link io.segments.engine.internal.Lowering} turns a definition into a
 * {@link io.segments.engine.internal.Plan} (a small relational IR: one grouped pass over the events, sequences,
 * and a boolean test per live user, with windows relative to the evaluation point), and
 * {@link io.segments.engine.internal.SqlPrinter} renders a plan for one {@code now} through a dialect.
 * {@link io.segments.engine.internal.PointLowering} arranges a plan for many points at once
 * ({@link io.segments.engine.internal.PointPlan}) and {@link io.segments.engine.internal.PointsPrinter} renders
 * it over a {@link io.segments.engine.internal.PointGrid}; {@link io.segments.engine.internal.ReportPrinter}
 * renders funnel and event reports.
 */
package io.segments.engine.internal;

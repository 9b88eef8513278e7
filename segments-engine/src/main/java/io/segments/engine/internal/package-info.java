/**
 * The compiler, not API: {@link io.segments.engine.internal.Lowering} turns a definition at one {@code now}
 * into a {@link io.segments.engine.internal.Plan} (a small relational IR: one grouped pass over the events,
 * sequences, and a boolean test per live user), and {@link io.segments.engine.internal.SqlPrinter} renders a
 * plan through a dialect.
 */
package io.segments.engine.internal;

/**
 * Live segments: membership kept as events arrive and as time passes, every entry and exit reported
 * with the exact instant it happens. {@link io.segments.live.LiveEngine} is the entry point;
 * {@link io.segments.live.LiveSegment} what it runs; {@link io.segments.live.Change} what it reports.
 *
 * <h2>State</h2>
 * All state is per user except the compiled segment definitions, so the engine can be partitioned by
 * user (a keyed stream processor keeps one user state and one timer per key). A user's state holds:
 * <ul>
 *   <li>the traits that some registered segment reads (top-level keys only), and whether the profile has
 *       a push token;</li>
 *   <li>per segment, the membership bit, the next instant at which the condition may change, and the instant
 *       of the last change reported (a late event's change is never dated before it);</li>
 *   <li>per event condition ({@code did}, {@code didNot}, {@code sequence}), only what its meaning needs,
 *       and only for events it names that pass its filters, from the segment's {@code createdAt} on:
 *       <ul>
 *         <li>{@code did} without a window or with {@code between}/{@code since}: running totals (count;
 *             numeric count, sum, min, max of the aggregated property);</li>
 *         <li>{@code did} with {@code last} or {@code from}/{@code to}: the matching events' instants (and
 *             aggregated values) that can still be in the window; without count or aggregate only the
 *             newest of those already in the window;</li>
 *         <li>{@code firstTime}: the earliest matching instant, one number;</li>
 *         <li>{@code sequence} with {@code last} or {@code from}/{@code to}: the instants of the events of
 *             any step, with the steps they match, from {@code now - from} on;</li>
 *         <li>{@code sequence} with a fixed window: per step, the instants where a chain of the steps so
 *             far ends, dropped as soon as the next step can no longer follow them; a chain that
 *             completes (or a {@code didNot} wait that ends unbroken) makes it hold for good;</li>
 *       </ul></li>
 *   <li>events later than the clock, until it reaches them.</li>
 * </ul>
 *
 * <h2>Timers</h2>
 * Evaluating a segment for a user also yields the next instant at which its value can change with no
 * new input: for each event condition, the first of its own candidate instants (an event entering a
 * window at {@code ts + to}, leaving it at {@code ts + from + 1}, a {@code didNot} wait ending at
 * {@code p + within}) at which its value actually changes, found by evaluating ahead over those
 * instants; {@code and}/{@code or} combine them (a false {@code and} cannot change before all its
 * false parts can). The user's timer is the earliest over the segments; when the clock passes it, the
 * due segments are evaluated at exactly that instant, so changes carry exact instants.
 *
 * <h2>Restarts</h2>
 * {@link io.segments.live.LiveEngine#snapshot} writes the whole state in a compact binary form and
 * {@link io.segments.live.LiveEngine#restore} reads it back; the restored engine carries on exactly as an
 * uninterrupted one. The other way, rebuilding by feeding the stored events since the segments'
 * {@code createdAt} (with a listener that drops the changes), also gives the same state but costs a
 * replay of the whole period.
 */
package io.segments.live;

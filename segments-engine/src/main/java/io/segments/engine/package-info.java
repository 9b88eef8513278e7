/**
 * Batch evaluation of segment definitions over the embedded store: {@link io.segments.engine.SegmentEngine}
 * answers the members of a definition at a time {@code now} as a bitmap of dense user ids, and serves counts,
 * pages of member ids and reachability from such bitmaps.
 */
package io.segments.engine;

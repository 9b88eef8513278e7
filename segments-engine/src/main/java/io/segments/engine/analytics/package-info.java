/**
 * Segment analytics: {@link io.segments.engine.analytics.SegmentAnalytics} computes a segment's size over
 * time ({@link io.segments.engine.analytics.Trend}, with its {@link io.segments.engine.analytics.Direction}),
 * who joined and left it between two instants ({@link io.segments.engine.analytics.MembershipChanges}),
 * funnels ({@link io.segments.engine.analytics.FunnelQuery}, {@link io.segments.engine.analytics.FunnelReport})
 * and event counts over time ({@link io.segments.engine.analytics.EventQuery},
 * {@link io.segments.engine.analytics.EventReport}) over the embedded store.
 */
package io.segments.engine.analytics;

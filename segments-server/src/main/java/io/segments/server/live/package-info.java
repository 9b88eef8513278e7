/**
 * Live segments in the running server: {@link io.segments.server.live.LiveService} keeps the live engine
 * current with ingestion and the wall clock and stores every entry and exit as a
 * {@link io.segments.server.live.ChangeRecord}; {@link io.segments.server.live.LiveApi} serves them as
 * Server-Sent Events and delivers them to webhooks.
 */
package io.segments.server.live;

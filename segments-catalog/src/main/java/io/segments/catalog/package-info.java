/**
 * Stored segments and the segments API's queries: {@link io.segments.catalog.SegmentCatalog} keeps
 * segments in the embedded store (create, update, delete, clone, search, with reference checks),
 * {@link io.segments.catalog.SegmentQueries} evaluates them (counts, member pages and CSV, reachability,
 * a user's segments) through the batch engine, {@link io.segments.catalog.StaticMembers} reads uploaded
 * member lists and {@link io.segments.catalog.QueryParameters} the API's parameters.
 */
package io.segments.catalog;

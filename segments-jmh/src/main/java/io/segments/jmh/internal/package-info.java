/**
 * Not API: the data the benchmarks run on (generated traffic, request bodies, member sets, the live segments
 * as registered) and the conversion of JMH's results into tables.
 */
package io.segments.jmh.internal;

package io.segments.bench.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * A query workload: segment definitions in the segment language that the engine evaluates, and the baselines'
 * hand-written SQL formulations that must answer the same counts. A count workload answers one count per
 * segment; a trend workload has one segment and answers one count per trend point.
 *
 * @param id           the workload's number as {@code --only} names it ({@code W1} ... {@code W7})
 * @param key          the row name in the results ({@code W1}, {@code W1x20}, {@code W7-W1}, ...)
 * @param title        what it asks, in words
 * @param segments     the segment definitions
 * @param trend        a 90-point daily trend of the one segment rather than counts
 * @param formulations the baselines' SQL, each on the dialects it is written for
 */
public record Workload(String id, String key, String title, List<Segment> segments, boolean trend,
                       List<Formulation> formulations) {

    public Workload {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        requireNonNull(title, "title is null");
        segments = List.copyOf(segments);
        formulations = List.copyOf(formulations);
        if (segments.isEmpty() || (trend && segments.size() != 1)) {
            throw new IllegalArgumentException(key + ": a count workload needs segments, a trend exactly one");
        }
    }

    /** A named segment definition: its filter as JSON. */
    public record Segment(String name, String filter) {
        public Segment {
            requireNonNull(name, "name is null");
            requireNonNull(filter, "filter is null");
        }
    }

    /** Answers a workload's counts from a baseline database. */
    @FunctionalInterface
    public interface Counter {
        long[] counts(Connection c, Params p) throws SQLException;
    }

    /**
     * One way of writing a workload's baseline in SQL.
     *
     * @param name       short name, as the results list it
     * @param dialects   where it runs
     * @param applicable whether it can answer at these parameters (a formulation may need a regular day grid)
     * @param counter    the queries
     */
    public record Formulation(String name, Set<SqlDialect> dialects, Predicate<Params> applicable, Counter counter) {
        public Formulation {
            requireNonNull(name, "name is null");
            dialects = Set.copyOf(dialects);
            requireNonNull(applicable, "applicable is null");
            requireNonNull(counter, "counter is null");
        }

        /** A formulation for both dialects that always applies. */
        public static Formulation both(String name, Counter counter) {
            return new Formulation(name, Set.of(SqlDialect.DUCKDB, SqlDialect.POSTGRES), p -> true, counter);
        }
    }

    /** The formulations written for {@code dialect} that apply at {@code p}. */
    public List<Formulation> formulations(SqlDialect dialect, Params p) {
        return formulations.stream().filter(f -> f.dialects().contains(dialect) && f.applicable().test(p)).toList();
    }

    /** What each count is: the segment names, or the trend's dates. */
    public List<String> labels(Params p) {
        return trend ? p.dates() : segments.stream().map(Segment::name).toList();
    }
}

package io.segments.engine.internal;

import io.segments.engine.sql.Dialect;

/**
 * The points of a {@link PointGrid} in SQL: which points a time range relative to the point admits for an event
 * time, as indexes (0 for the first point), computed where the query runs. The grid's values are bound where they
 * are used (equal values share a parameter).
 */
final class PointIndex {
    private final SqlPrinter printer;
    private final Dialect dialect;
    private final PointGrid grid;

    PointIndex(SqlPrinter printer, Dialect dialect, PointGrid grid) {
        this.printer = printer;
        this.dialect = dialect;
        this.grid = grid;
    }

    String first() {
        return printer.bind(grid.first());
    }

    String step() {
        return printer.bind(grid.step());
    }

    /** The number of points. */
    String size() {
        return printer.bind((long) grid.size());
    }

    String last() {
        return printer.bind(grid.last());
    }

    /** The first point whose range admits {@code ts}, as far as the moving end of the range decides. */
    String firstPoint(String ts, TimeRange range) {
        // ts <= p + toShift  <=>  p >= ts - toShift
        return range.toShift().isPresent() ? firstAtOrAfter("(" + ts + " - " + printer.bind(range.toShift().getAsLong())
                + ")") : "0";
    }

    /** The last point whose range admits {@code ts}, as far as the moving start of the range decides. */
    String lastPoint(String ts, TimeRange range) {
        // ts >= p + fromShift  <=>  p <= ts - fromShift
        return range.fromShift().isPresent() ? lastAtOrBefore("(" + ts + " - "
                + printer.bind(range.fromShift().getAsLong()) + ")") : "(" + size() + " - 1)";
    }

    /** The fixed ends of the range. */
    String fixed(String ts, TimeRange range) {
        return printer.timeBetween(ts, range.fromFloor(), range.toCeiling());
    }

    /** The index of the first point {@code >= x} ({@code size} when there is none). */
    String firstAtOrAfter(String x) {
        return "(CASE WHEN " + x + " <= " + first() + " THEN 0 WHEN " + x + " > " + last() + " THEN " + size() + " ELSE "
                + dialect.floorDivide(x + " - " + first() + " - 1", step()) + " + 1 END)";
    }

    /** The index of the last point {@code <= y} ({@code -1} when there is none). */
    String lastAtOrBefore(String y) {
        return "(CASE WHEN " + y + " < " + first() + " THEN -1 WHEN " + y + " >= " + last() + " THEN " + size() + " - 1 ELSE "
                + dialect.floorDivide(y + " - " + first(), step()) + " END)";
    }
}

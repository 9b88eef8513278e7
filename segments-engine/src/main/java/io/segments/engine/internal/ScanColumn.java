package io.segments.engine.internal;

import static java.util.Objects.requireNonNull;

/**
 * A per-user figure computed by the plan's single pass over {@code events} (one
 * {@code GROUP BY uid}): every {@code did} and {@code didNot} of a definition becomes a few of
 * these, each restricted to the events its predicate admits.
 */
public sealed interface ScanColumn {

    /** The event predicate this figure is restricted to. */
    RowPredicate filter();

    /** How many events pass {@code filter}. */
    record CountIf(RowPredicate filter) implements ScanColumn {
        public CountIf {
            requireNonNull(filter, "filter is null");
        }
    }

    /**
     * The numbers at {@code field} of the events passing {@code filter} (missing and
     * non-numeric values skipped): how many, their sum, minimum and maximum.
     */
    record NumbersIf(JsonField field, RowPredicate filter) implements ScanColumn {
        public NumbersIf {
            requireNonNull(field, "field is null");
            requireNonNull(filter, "filter is null");
        }
    }

    /** The earliest timestamp of the events passing {@code filter}. */
    record EarliestIf(RowPredicate filter) implements ScanColumn {
        public EarliestIf {
            requireNonNull(filter, "filter is null");
        }
    }
}

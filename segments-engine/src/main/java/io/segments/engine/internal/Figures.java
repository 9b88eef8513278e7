package io.segments.engine.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Where the user tests of a query read the per-user figures of a pass ({@code alias}: the events pass {@code ev}, a
 * trend's point, ...), and which figures that pass leaves out: {@code exactOnly}, the numbers columns whose field is
 * a slot holding only exact numbers and whose pass computes only their exact figures
 * ({@link ScanSql#exactOnlyColumns}); {@code presence}, the count columns the pass does not count, tested by whether
 * the user has a row in it ({@link ScanSql#presenceOnlyColumns}).
 */
record Figures(String alias, Set<Integer> exactOnly, Set<Integer> presence) {
    /** Counts are compared with bounds clamped to this magnitude (no count comes near it). */
    static final BigDecimal COUNT_LIMIT = BigDecimal.valueOf(Long.MAX_VALUE / 2);

    Figures {
        exactOnly = Set.copyOf(exactOnly);
        presence = Set.copyOf(presence);
    }

    Figures(String alias) {
        this(alias, Set.of(), Set.of());
    }

    /** The events pass {@code ev} of a members or count query of {@code filters}. */
    static Figures scan(Plan plan, List<UserPredicate> filters, RowSql rows) {
        return new Figures("ev", ScanSql.exactOnlyColumns(plan, filters, rows), ScanSql.presenceOnlyColumns(plan, filters));
    }

    /** What a test of a count says: a constant, "at least one", "none", or something the count itself must tell. */
    enum CountTest { CONSTANT, SOME, NONE, COUNT }

    /** The bound a test of a count is printed with: at scale 0, clamped. */
    static Comparison.Bound countBound(UserPredicate.CountCompare compare) {
        return compare.comparison().atScale(compare.value(), 0).clamp(COUNT_LIMIT);
    }

    /** What {@code compare} says of its count (see {@link CountTest}). */
    static CountTest countTest(UserPredicate.CountCompare compare) {
        Comparison.Bound bound = countBound(compare);
        if (bound.isConstant()) {
            return CountTest.CONSTANT;
        }
        int one = bound.value().compareTo(BigDecimal.ONE);
        int zero = bound.value().signum();
        return switch (bound.comparison()) {
            case GTE -> one == 0 ? CountTest.SOME : CountTest.COUNT;
            case GT, NE -> zero == 0 ? CountTest.SOME : CountTest.COUNT;
            case LT -> one == 0 ? CountTest.NONE : CountTest.COUNT;
            case LTE, EQ -> zero == 0 ? CountTest.NONE : CountTest.COUNT;
        };
    }
}

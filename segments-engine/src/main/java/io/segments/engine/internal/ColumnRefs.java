package io.segments.engine.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The events pass's figures ({@link ScanColumn}s, by index) that user predicates read, and their renumbering; the
 * times they test latest times against.
 */
final class ColumnRefs {
    private ColumnRefs() {
    }

    /** Every figure {@code p} reads. */
    static Set<Integer> read(UserPredicate p) {
        Set<Integer> read = new TreeSet<>();
        collect(p, read);
        return read;
    }

    private static void collect(UserPredicate p, Set<Integer> read) {
        if (p instanceof UserPredicate.All all) {
            all.parts().forEach(q -> collect(q, read));
        } else if (p instanceof UserPredicate.Any any) {
            any.parts().forEach(q -> collect(q, read));
        } else if (p instanceof UserPredicate.Negation negation) {
            collect(negation.part(), read);
        } else if (p instanceof UserPredicate.CountCompare c) {
            read.add(c.column());
        } else if (p instanceof UserPredicate.AggregateCompare a) {
            read.add(a.column());
        } else if (p instanceof UserPredicate.EarliestIn e) {
            read.add(e.column());
        }
    }

    /** {@code p} reading figure {@code to.get(i)} wherever it read figure {@code i}. */
    static UserPredicate renumber(UserPredicate p, Map<Integer, Integer> to) {
        if (p instanceof UserPredicate.All all) {
            return new UserPredicate.All(all.parts().stream().map(q -> renumber(q, to)).toList());
        }
        if (p instanceof UserPredicate.Any any) {
            return new UserPredicate.Any(any.parts().stream().map(q -> renumber(q, to)).toList());
        }
        if (p instanceof UserPredicate.Negation negation) {
            return new UserPredicate.Negation(renumber(negation.part(), to));
        }
        if (p instanceof UserPredicate.CountCompare c) {
            return new UserPredicate.CountCompare(to.get(c.column()), c.comparison(), c.value());
        }
        if (p instanceof UserPredicate.AggregateCompare a) {
            return new UserPredicate.AggregateCompare(to.get(a.column()), a.fn(), a.comparison(), a.value());
        }
        if (p instanceof UserPredicate.EarliestIn e) {
            return new UserPredicate.EarliestIn(to.get(e.column()), e.range());
        }
        return p;
    }

    /** Lowers {@code from[0]} to every time {@code p} tests the latest time {@code latest} against. */
    static void latestFrom(UserPredicate p, int latest, long[] from) {
        if (p instanceof UserPredicate.All all) {
            all.parts().forEach(q -> latestFrom(q, latest, from));
        } else if (p instanceof UserPredicate.Any any) {
            any.parts().forEach(q -> latestFrom(q, latest, from));
        } else if (p instanceof UserPredicate.Negation negation) {
            latestFrom(negation.part(), latest, from);
        } else if (p instanceof UserPredicate.LatestFrom l && l.latest() == latest) {
            from[0] = Math.min(from[0], l.from());
        }
    }

    /** Adds the event names a figure's filter requires (the {@code NameIs} among its conjuncts) to {@code names}. */
    static void names(RowPredicate filter, List<RowPredicate> names) {
        for (RowPredicate part : filter instanceof RowPredicate.All all ? all.parts() : List.of(filter)) {
            if (part instanceof RowPredicate.NameIs) {
                names.add(part);
            }
        }
    }
}

package io.segments.engine.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * At one evaluation point {@code now}, the tests "the user did X (without filters) at least once in a window that
 * ends at {@code now}" become tests of the user's latest X ({@link UserPredicate.LatestFrom}), which
 * {@link LatestSql} reads from the store's per-user summary instead of from the events of the window: the user did X
 * in {@code [a, now]} iff their latest X up to {@code now} is at least {@code a}.
 *
 * <p>In a conjunction that also says the user did not do X in {@code [c, now]}, "did X in {@code [a, b]}" with
 * {@code c <= b + 1} means "did X in {@code [a, now]}": no X lies in {@code [c, now]}, so an X in {@code [a, now]}
 * lies in {@code [a, c - 1]}, inside {@code [a, b]} (with {@code a >= c} both are false). So "visited last month but
 * not in the last 7 days" is two lookups of the latest time.
 *
 * <p>A test whose events the pass reads anyway, for a figure another test reads ({@code sum(amount) > 700} beside
 * "did Charged" in the same window), is left to the pass: counting them there costs less than joining the latest
 * time. Figures of the events pass that no test reads any more leave the plan. Only for one point: a trend's points
 * read the pass ({@link PointsPrinter} prints the plan as lowered).
 */
final class SeenRewrite {
    private final Plan plan;
    private final long now;
    private final List<String> latest = new ArrayList<>();
    /** The figures of the pass that tests other than "did X at least once" read: the pass computes them anyway. */
    private final Set<Integer> kept = new HashSet<>();

    private SeenRewrite(Plan plan, long now) {
        this.plan = plan;
        this.now = now;
    }

    /** Adds the figures {@code p} reads other than plain ones it tests for at least one event to {@link #kept}. */
    private void keep(UserPredicate p) {
        if (p instanceof UserPredicate.All all) {
            all.parts().forEach(this::keep);
        } else if (p instanceof UserPredicate.Any any) {
            any.parts().forEach(this::keep);
        } else if (p instanceof UserPredicate.Negation negation) {
            keep(negation.part());
        } else if (atLeastOnce(p).isEmpty()) {
            kept.addAll(ColumnRefs.read(p));
        }
    }

    /**
     * Whether the pass reads every event {@code plain} counts anyway, for a figure it keeps ({@code sum(amount) > 700}
     * beside "did Charged"): then counting them there costs less than joining the latest time.
     */
    private boolean readAnyway(Plain plain) {
        for (int column : kept) {
            ScanColumn c = plan.scan().get(column);
            TimeRange span = SqlPrinter.span(c.filter());
            List<RowPredicate> names = new ArrayList<>();
            ColumnRefs.names(c.filter(), names);
            if (names.contains(new RowPredicate.NameIs(plain.event())) && span.from(now) <= plain.range().from(now)
                    && span.to(now) >= now) {
                return true;
            }
        }
        return false;
    }

    /** {@code filters} of {@code plan} at {@code now}, rewritten as above, with the plan they read. */
    static Lowering.Batch apply(Plan plan, List<UserPredicate> filters, long now) {
        SeenRewrite rewrite = new SeenRewrite(plan, now);
        filters.forEach(rewrite::keep);
        List<UserPredicate> rewritten = filters.stream().map(f -> rewrite.predicate(f, Map.of())).toList();
        if (rewrite.latest.isEmpty()) {
            return new Lowering.Batch(plan, filters);
        }
        return rewrite.withColumnsRead(rewritten);
    }

    /** A figure of the pass counting the events named {@code event} in {@code range}, nothing else tested. */
    private record Plain(String event, TimeRange range) {
    }

    private Optional<Plain> plain(int column) {
        if (!(plan.scan().get(column) instanceof ScanColumn.CountIf count)
                || !(count.filter() instanceof RowPredicate.All all) || all.parts().size() != 2
                || !(all.parts().get(0) instanceof RowPredicate.NameIs name)
                || !(all.parts().get(1) instanceof RowPredicate.TimeIn time)) {
            return Optional.empty();
        }
        return Optional.of(new Plain(name.name(), time.range()));
    }

    /** The plain figure whose count at least one {@code p} tests, if it is such a test. */
    private Optional<Plain> atLeastOnce(UserPredicate p) {
        if (p instanceof UserPredicate.CountCompare c && c.comparison() == Comparison.GTE
                && c.value().compareTo(BigDecimal.ONE) == 0) {
            return plain(c.column());
        }
        return Optional.empty();
    }

    /**
     * {@code p} rewritten; {@code absent}: per event name, the earliest {@code c} for which the conjunction around
     * {@code p} says the user did not do it in {@code [c, now]}.
     */
    private UserPredicate predicate(UserPredicate p, Map<String, Long> absent) {
        if (p instanceof UserPredicate.All all) {
            Map<String, Long> inside = new HashMap<>(absent);
            for (UserPredicate part : all.parts()) {
                if (part instanceof UserPredicate.Negation negation) {
                    atLeastOnce(negation.part()).filter(this::endsNow).ifPresent(x ->
                            inside.merge(x.event(), x.range().from(now), Math::min));
                }
            }
            List<UserPredicate> parts = new ArrayList<>();
            for (UserPredicate part : all.parts()) {
                UserPredicate rewritten = predicate(part, inside);
                parts.add(rewritten);
                if (rewritten == part) {
                    implied(part, inside).ifPresent(parts::add);
                }
            }
            return new UserPredicate.All(parts);
        }
        if (p instanceof UserPredicate.Any any) {
            return new UserPredicate.Any(any.parts().stream().map(q -> predicate(q, Map.of())).toList());
        }
        if (p instanceof UserPredicate.Negation negation) {
            return new UserPredicate.Negation(predicate(negation.part(), Map.of()));
        }
        Optional<Plain> did = atLeastOnce(p);
        if (did.isEmpty()) {
            return p;
        }
        if (!endsNow(did.get()) && !before(did.get(), absent) || readAnyway(did.get())) {
            return p;
        }
        return seen(did.get().event(), did.get().range().from(now));
    }

    /**
     * What a count test of a plain figure that fails for no events ({@code count >= 5} in {@code [a, b]}) implies
     * beside "did not in {@code [c, now]}" with {@code c <= b + 1}: the user did it in {@code [a, now]}. Said
     * explicitly, it lets the events pass read only the events of the users whose latest one is in {@code [a, c)}.
     */
    private Optional<UserPredicate> implied(UserPredicate p, Map<String, Long> absent) {
        if (!(p instanceof UserPredicate.CountCompare count)
                || count.comparison().test(BigDecimal.ZERO, count.value())) {
            return Optional.empty();
        }
        return plain(count.column()).filter(x -> before(x, absent)).map(x -> seen(x.event(), x.range().from(now)));
    }

    /** Whether the conjunction says the user did not do {@code plain}'s event from at most the end of its range + 1. */
    private boolean before(Plain plain, Map<String, Long> absent) {
        Long c = absent.get(plain.event());
        return c != null && c <= TimeRange.plus(plain.range().to(now), 1);
    }

    private boolean endsNow(Plain plain) {
        return plain.range().to(now) >= now;
    }

    /** The user has an event named {@code event} in {@code [from, now]}: their latest one is at {@code from} or later. */
    private UserPredicate seen(String event, long from) {
        int index = latest.indexOf(event);
        if (index < 0) {
            index = latest.size();
            latest.add(event);
        }
        return new UserPredicate.LatestFrom(index, from);
    }

    /** The plan with only the pass's figures {@code filters} read (renumbered), the scan scope cut to their names. */
    private Lowering.Batch withColumnsRead(List<UserPredicate> filters) {
        Set<Integer> read = new TreeSet<>();
        filters.forEach(f -> read.addAll(ColumnRefs.read(f)));
        Map<Integer, Integer> renumbered = new HashMap<>();
        List<ScanColumn> scan = new ArrayList<>();
        List<RowPredicate> names = new ArrayList<>();
        for (int old : read) {
            renumbered.put(old, scan.size());
            ScanColumn column = plan.scan().get(old);
            scan.add(column);
            ColumnRefs.names(column.filter(), names);
        }
        RowPredicate scope = RowPredicate.FALSE;
        if (!scan.isEmpty()) {
            List<RowPredicate> parts = new ArrayList<>();
            for (RowPredicate part : plan.scanScope() instanceof RowPredicate.All all ? all.parts()
                    : List.of(plan.scanScope())) {
                if (part instanceof RowPredicate.TimeIn) {
                    parts.add(part);
                }
            }
            parts.add(RowPredicate.any(names.stream().distinct().toList()));
            scope = RowPredicate.all(parts);
        }
        List<UserPredicate> renamed = filters.stream().map(f -> ColumnRefs.renumber(f, renumbered)).toList();
        return new Lowering.Batch(new Plan(scope, scan, plan.sequences(), latest, UserPredicate.all(renamed)), renamed);
    }
}

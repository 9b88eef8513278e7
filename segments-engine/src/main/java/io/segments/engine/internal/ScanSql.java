package io.segments.engine.internal;

import io.segments.engine.internal.RowSql.RowContext;
import io.segments.engine.sql.Dialect;
import io.segments.model.Aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The per-user figures of a plan ({@link ScanColumn}s) from one pass over the events: the relation {@code ev}
 * of the members and count queries, one row per user with matching events.
 */
final class ScanSql {
    private static final String USERS = "users";

    private final SqlPrinter printer;
    private final Dialect dialect;

    ScanSql(SqlPrinter printer, Dialect dialect) {
        this.printer = printer;
        this.dialect = dialect;
    }

    /**
     * The tests of the users row that every one of {@code filters} requires (conjuncts at its top), as one test:
     * no other user can be a member, so the events pass needs only these users' events.
     */
    static RowPredicate usersEveryFilterRequires(List<UserPredicate> filters) {
        return RowPredicate.all(commonConjuncts(filters, p -> p instanceof UserPredicate.Row).stream()
                .map(p -> ((UserPredicate.Row) p).predicate()).toList());
    }

    /** The conjuncts at the top of every one of {@code filters} that are of the {@code kind} asked for. */
    static List<UserPredicate> commonConjuncts(List<UserPredicate> filters, Predicate<UserPredicate> kind) {
        List<UserPredicate> common = null;
        for (UserPredicate filter : filters) {
            List<UserPredicate> parts = new ArrayList<>();
            for (UserPredicate part : filter instanceof UserPredicate.All all ? all.parts() : List.of(filter)) {
                if (kind.test(part)) {
                    parts.add(part);
                }
            }
            if (common == null) {
                common = parts;
            } else {
                common.retainAll(parts);
            }
        }
        return common == null ? List.of() : common;
    }

    /**
     * {@code filter} without its tests of the user's row that {@code required} makes (every row the query tests
     * passes them: the query leaves the others out, see {@code SqlPrinter}), so the query tests each once.
     */
    static UserPredicate beyond(UserPredicate filter, RowPredicate required) {
        if (required.equals(RowPredicate.TRUE) || !(filter instanceof UserPredicate.All all)) {
            return filter;
        }
        List<RowPredicate> made = required instanceof RowPredicate.All r ? r.parts() : List.of(required);
        List<UserPredicate> rest = new ArrayList<>();
        for (UserPredicate part : all.parts()) {
            if (!(part instanceof UserPredicate.Row row && made.contains(row.predicate()))) {
                rest.add(part);
            }
        }
        return rest.isEmpty() ? new UserPredicate.Constant(true) : UserPredicate.all(rest);
    }

    /** Per numbers column, the aggregate functions {@code filters} test on it. */
    static Map<Integer, Set<Aggregate.Fn>> aggregatesRead(List<UserPredicate> filters) {
        Map<Integer, Set<Aggregate.Fn>> read = new HashMap<>();
        leaves(filters, leaf -> {
            if (leaf instanceof UserPredicate.AggregateCompare compare) {
                read.computeIfAbsent(compare.column(), c -> java.util.EnumSet.noneOf(Aggregate.Fn.class))
                        .add(compare.fn());
            }
        });
        return read;
    }

    /**
     * The count columns of {@code plan} that every filter tests only for "at least one" or "none"
     * ({@link Figures#countTest}) and that count every event of the pass (no test of their own beside those all
     * columns share): such a count is at least one exactly when the user has a row in the pass, so the pass need not
     * count, and the test reads whether the user's row is there.
     */
    static Set<Integer> presenceOnlyColumns(Plan plan, List<UserPredicate> filters) {
        Set<RowPredicate> shared = new java.util.HashSet<>(sharedConjuncts(plan));
        Set<Integer> presence = new java.util.HashSet<>();
        for (int i = 0; i < plan.scan().size(); i++) {
            ScanColumn c = plan.scan().get(i);
            if (c instanceof ScanColumn.CountIf && shared.containsAll(conjuncts(c.filter()))) {
                presence.add(i);
            }
        }
        leaves(filters, leaf -> {
            if (leaf instanceof UserPredicate.CountCompare compare
                    && Figures.countTest(compare) == Figures.CountTest.COUNT) {
                presence.remove(compare.column());
            }
        });
        return presence;
    }

    /** Calls {@code leaf} with every part of {@code filters} that is not a conjunction, disjunction or negation. */
    private static void leaves(List<UserPredicate> filters, java.util.function.Consumer<UserPredicate> leaf) {
        UserPredicate.Visitor<Void> visitor = new UserPredicate.Visitor<>() {
            private Void leaf(UserPredicate p) {
                leaf.accept(p);
                return null;
            }

            @Override
            public Void visitConstant(UserPredicate.Constant constant) {
                return leaf(constant);
            }

            @Override
            public Void visitAll(UserPredicate.All all) {
                all.parts().forEach(p -> p.accept(this));
                return null;
            }

            @Override
            public Void visitAny(UserPredicate.Any any) {
                any.parts().forEach(p -> p.accept(this));
                return null;
            }

            @Override
            public Void visitNegation(UserPredicate.Negation negation) {
                return negation.part().accept(this);
            }

            @Override
            public Void visitRow(UserPredicate.Row row) {
                return leaf(row);
            }

            @Override
            public Void visitCountCompare(UserPredicate.CountCompare compare) {
                return leaf(compare);
            }

            @Override
            public Void visitAggregateCompare(UserPredicate.AggregateCompare compare) {
                return leaf(compare);
            }

            @Override
            public Void visitEarliestIn(UserPredicate.EarliestIn in) {
                return leaf(in);
            }

            @Override
            public Void visitInSequence(UserPredicate.InSequence in) {
                return leaf(in);
            }

            @Override
            public Void visitLatestFrom(UserPredicate.LatestFrom latest) {
                return leaf(latest);
            }
        };
        filters.forEach(f -> f.accept(visitor));
    }

    /** The conjuncts every scan column of {@code plan} has. */
    private static List<RowPredicate> sharedConjuncts(Plan plan) {
        List<RowPredicate> shared = null;
        for (ScanColumn c : plan.scan()) {
            if (shared == null) {
                shared = new ArrayList<>(conjuncts(c.filter()));
            } else {
                shared.retainAll(conjuncts(c.filter()));
            }
        }
        return shared == null ? List.of() : shared;
    }

    /**
     * The numbers columns of {@code plan} whose figures are exact only: their field is a typed slot that holds only
     * numbers exact in its decimal, and no filter tests their average (whose test may need the double sum), so the
     * pass sums (or takes the minimum or maximum of) their decimals alone: no double forms, and no counts, a figure
     * being NULL exactly when the user has no number.
     */
    static Set<Integer> exactOnlyColumns(Plan plan, List<UserPredicate> filters, RowSql rows) {
        Map<Integer, Set<Aggregate.Fn>> read = aggregatesRead(filters);
        Set<Integer> exactOnly = new java.util.HashSet<>();
        for (int i = 0; i < plan.scan().size(); i++) {
            if (plan.scan().get(i) instanceof ScanColumn.NumbersIf numbers && rows.slot(numbers.field()).isPresent()
                    && rows.exactNumbersOnly(numbers.field())
                    && !read.getOrDefault(i, Set.of()).contains(Aggregate.Fn.AVG)) {
                exactOnly.add(i);
            }
        }
        return exactOnly;
    }

    /** The parts of a conjunction, or the predicate itself. */
    private static List<RowPredicate> conjuncts(RowPredicate p) {
        return p instanceof RowPredicate.All all ? all.parts() : List.of(p);
    }

    /**
     * The per-user figures of the plan, from one pass over the events its scope admits. The tests every figure
     * shares are tested once in the pass (so the store reads and groups fewer rows), each figure's own in its
     * {@code FILTER}; with {@code users} not always true, only the events of the users passing it are read, and
     * with {@code within} (SQL of relations of {@code uid}s) only those of the users in each.
     */
    String sql(Plan plan, RowPredicate users, Map<Integer, Set<Aggregate.Fn>> read, Set<Integer> exactOnly,
               Set<Integer> presence, List<String> within) {
        EventsPass pass = new EventsPass(printer.rows(), dialect);
        for (ScanColumn c : plan.scan()) {
            pass.read(c.filter());
            if (c instanceof ScanColumn.NumbersIf numbers) {
                pass.number(numbers.field());
            }
        }
        List<RowPredicate> sharedParts = sharedConjuncts(plan);
        // no column counts an event outside the hull of the columns' time ranges at now: leaving those out
        // of the scan lets the store skip whole blocks of events by time
        long scanFrom = Long.MAX_VALUE;
        long scanTo = Long.MIN_VALUE;
        long at = printer.now("the events pass");
        for (ScanColumn c : plan.scan()) {
            TimeRange span = SqlPrinter.span(c.filter());
            scanFrom = Math.min(scanFrom, span.from(at));
            scanTo = Math.max(scanTo, span.to(at));
        }
        RowContext projected = pass.projected("e");
        StringJoiner aggregates = new StringJoiner(",\n    ");
        aggregates.add(printer.column("e", "uid") + " AS " + dialect.quote("uid"));
        for (int i = 0; i < plan.scan().size(); i++) {
            ScanColumn c = plan.scan().get(i);
            List<RowPredicate> own = new ArrayList<>(conjuncts(c.filter()));
            own.removeAll(sharedParts);
            String filter = own.isEmpty() ? "" : " FILTER (WHERE " + printer.row(RowPredicate.all(own), projected) + ")";
            if (c instanceof ScanColumn.CountIf) {
                if (!presence.contains(i)) {
                    aggregates.add("count(*)" + filter + " AS " + dialect.quote("c" + i));
                }
            } else if (c instanceof ScanColumn.EarliestIf) {
                aggregates.add("min(" + printer.column("e", "ts") + ")" + filter + " AS " + dialect.quote("e" + i));
            } else if (c instanceof ScanColumn.NumbersIf numbers) {
                int n = pass.numberOf(numbers.field());
                String exact = printer.column("e", "d" + n);
                String approximate = printer.column("e", "g" + n);
                // only the figures the filters' aggregate tests read (see aggregateCompare)
                Set<Aggregate.Fn> fns = read.getOrDefault(i, Set.of());
                boolean sums = fns.contains(Aggregate.Fn.SUM)
                        || fns.contains(Aggregate.Fn.AVG);
                if (exactOnly.contains(i)) {
                    // no count: a sum, minimum or maximum is NULL exactly when it has no number
                    if (sums) {
                        aggregates.add("sum(" + exact + ")" + filter + " AS " + dialect.quote("s" + i));
                    }
                    if (fns.contains(Aggregate.Fn.MIN)) {
                        aggregates.add("min(" + exact + ")" + filter + " AS " + dialect.quote("lo" + i));
                    }
                    if (fns.contains(Aggregate.Fn.MAX)) {
                        aggregates.add("max(" + exact + ")" + filter + " AS " + dialect.quote("hi" + i));
                    }
                    continue;
                }
                aggregates.add("count(" + approximate + ")" + filter + " AS " + dialect.quote("n" + i));
                aggregates.add("count(" + exact + ")" + filter + " AS " + dialect.quote("x" + i));
                if (sums) {
                    aggregates.add("sum(" + exact + ")" + filter + " AS " + dialect.quote("s" + i));
                    aggregates.add("sum(" + approximate + ")" + filter + " AS " + dialect.quote("sf" + i));
                }
                if (fns.contains(Aggregate.Fn.MIN)) {
                    aggregates.add("min(" + exact + ")" + filter + " AS " + dialect.quote("lo" + i));
                    aggregates.add("min(" + approximate + ")" + filter + " AS " + dialect.quote("lof" + i));
                }
                if (fns.contains(Aggregate.Fn.MAX)) {
                    aggregates.add("max(" + exact + ")" + filter + " AS " + dialect.quote("hi" + i));
                    aggregates.add("max(" + approximate + ")" + filter + " AS " + dialect.quote("hif" + i));
                }
            } else {
                throw new IllegalStateException("scan column without a rendering: " + c);
            }
        }
        List<RowPredicate> scope = new ArrayList<>();
        scope.add(plan.scanScope());
        scope.addAll(sharedParts);
        List<String> restrictions = new ArrayList<>();
        if (!users.equals(RowPredicate.TRUE)) {
            restrictions.add(printer.column("x", "uid") + " IN (SELECT " + printer.column("u", "uid") + " FROM "
                    + dialect.quote(USERS) + " AS " + dialect.quote("u") + " WHERE " + printer.column("u", "merged_into")
                    + " IS NULL AND " + printer.where(users, printer.usersContext()) + ")");
        }
        within.forEach(uids -> restrictions.add(printer.column("x", "uid") + " IN (" + uids + ")"));
        String restriction = String.join(" AND ", restrictions);
        return "SELECT " + aggregates + "\n  FROM (" + pass.relation(RowPredicate.all(scope), scanFrom, scanTo,
                restriction) + ") AS " + dialect.quote("e") + " GROUP BY " + printer.column("e", "uid");
    }
}

package io.segments.engine.internal;

import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.store.TypedColumns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Renders a {@link PointPlan} over a {@link PointGrid} as one query that answers every point at
 * once. Points are numbered {@code 0 .. size-1} and a set of points is a bit mask, split into
 * words of {@value #WORD_BITS} bits (bit {@code b} of word {@code w} is point
 * {@code w * WORD_BITS + b}). The query never lists the points: arithmetic on the grid gives the
 * run of points {@code [lo, hi]} at which a contribution counts, and per user:
 *
 * <ul>
 *   <li>a count test {@code count >= v} holds where some {@code v} contributing events fit in the
 *       window together: for the events of a figure in time order, the run from the
 *       {@code v}-th of them to the first ({@code lead(ts, v - 1)}); the mask is the union of
 *       those runs ({@code bit_or}). Every other comparison of a count is a combination of two
 *       such tests. First-time tests (the run of the user's earliest event) and sequences (the
 *       runs of their first-step events) are only ever tested for one run or more;</li>
 *   <li>an aggregate test (sum, avg, min, max of numbers) is evaluated where the numbers change:
 *       a contribution adds its number at {@code lo} and takes it away after {@code hi}, running
 *       sums per user give the figures at each change, the test there holds up to the next
 *       change (minimum and maximum are taken over the numbers present at each point);</li>
 *   <li>a test of the users row holds at every point or at none.</li>
 * </ul>
 *
 * The filter is then the same boolean combination of these masks, bitwise, evaluated for every
 * live user (a user without contributions has empty masks); the answer is the number of users
 * per distinct membership mask. At every point it is exactly the members query printed for
 * {@code now} = that point.
 */
public final class PointsPrinter {
    /**
     * Points per mask word: 62, so that a run's bits {@code (1 << (b + 1)) - (1 << a)} never
     * overflow a signed 64-bit integer.
     */
    public static final int WORD_BITS = 62;
    private static final String USERS = "users";

    private final SqlPrinter printer;
    private final Dialect dialect;
    private final PointPlan plan;
    private final PointGrid grid;
    private final int words;
    private final List<String> ctes = new ArrayList<>();
    private final EventsPass pass;
    private final PointIndex index;
    /** Per count figure, the thresholds {@code v >= 1} of the tests {@code count >= v} the filter needs. */
    private final Map<Integer, TreeSet<Long>> thresholds = new LinkedHashMap<>();
    /** Per numbers figure, the aggregate tests on it. */
    private final Map<Integer, List<UserPredicate.AggregateCompare>> aggregates = new LinkedHashMap<>();
    /** The tests of the users row, in order. */
    private final List<RowPredicate> rows = new ArrayList<>();
    /** The mask columns the combination reads, as {@code relation -> columns}. */
    private final Map<String, List<String>> masks = new LinkedHashMap<>();

    private PointsPrinter(PointPlan plan, PointGrid grid, Dialect dialect, TypedColumns typed) {
        this.plan = requireNonNull(plan, "plan is null");
        this.grid = requireNonNull(grid, "grid is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.printer = new SqlPrinter(dialect, OptionalLong.empty(), typed);
        this.pass = new EventsPass(printer.rows(), dialect);
        this.index = new PointIndex(printer, dialect, grid);
        this.words = words(grid.size());
        int[] contributions = new int[plan.figures().size()];
        for (PointPlan.Contribution c : plan.contributions()) {
            if (++contributions[c.figure()] > 1) {
                throw new IllegalArgumentException("figure " + c.figure() + " has more than one contribution");
            }
        }
    }

    /** How many mask words {@code size} points take. */
    public static int words(int size) {
        return (size + WORD_BITS - 1) / WORD_BITS;
    }

    /**
     * The query returning rows {@code (w0, w1, ..., n)}: {@code n} live users have the membership
     * mask {@code w0, w1, ...} (see {@link #WORD_BITS}). The count at point {@code i} is the sum of
     * {@code n} over the rows whose mask has point {@code i}.
     */
    public static CompiledQuery counts(PointPlan plan, PointGrid grid, Dialect dialect, TypedColumns typed) {
        PointsPrinter p = new PointsPrinter(plan, grid, dialect, typed);
        String membership = p.membership();
        StringJoiner group = new StringJoiner(", ");
        for (int w = 0; w < p.words; w++) {
            group.add(p.q("w" + w));
        }
        return p.printer.query(p.with() + "SELECT " + group + ", count(*) AS " + p.q("n") + " FROM (" + membership
                + ") AS " + p.q("m") + " GROUP BY " + group);
    }

    /**
     * The query returning rows {@code (uid, w0)} of the users whose membership differs between
     * the two points of {@code grid}: {@code w0 = 2} entered (a member at the second point only),
     * {@code w0 = 1} left.
     */
    public static CompiledQuery changes(PointPlan plan, PointGrid grid, Dialect dialect, TypedColumns typed) {
        if (grid.size() != 2) {
            throw new IllegalArgumentException("changes are between two points, not " + grid.size());
        }
        PointsPrinter p = new PointsPrinter(plan, grid, dialect, typed);
        String membership = p.membership();
        return p.printer.query(p.with() + "SELECT " + p.q("uid") + ", " + p.q("w0") + " FROM (" + membership + ") AS "
                + p.q("m") + " WHERE " + p.q("w0") + " = 1 OR " + p.q("w0") + " = 2");
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private String col(String relation, String column) {
        return printer.column(relation, column);
    }

    private String with() {
        return ctes.isEmpty() ? "" : "WITH " + String.join(",\n", ctes) + "\n";
    }

    // ---- the membership of every live user

    /** {@code SELECT uid, w0, w1, ...}: every live user's membership mask. */
    private String membership() {
        String[] filter = combine(plan.filter());
        masks();
        // inner: each test of the users row once, each mask column under one name
        StringJoiner inner = new StringJoiner(", ");
        inner.add(col("u", "uid") + " AS " + q("uid"));
        for (int r = 0; r < rows.size(); r++) {
            inner.add(printer.row(rows.get(r), printer.usersContext()) + " AS " + q("r" + r));
        }
        StringBuilder from = new StringBuilder(q(USERS) + " AS " + q("u"));
        for (Map.Entry<String, List<String>> relation : masks.entrySet()) {
            from.append(" LEFT JOIN ").append(q(relation.getKey())).append(" ON ")
                    .append(col(relation.getKey(), "uid")).append(" = ").append(col("u", "uid"));
            for (String column : relation.getValue()) {
                inner.add("COALESCE(" + col(relation.getKey(), column) + ", 0) AS "
                        + q(relation.getKey() + "_" + column));
            }
        }
        StringJoiner outer = new StringJoiner(", ");
        outer.add(q("uid"));
        for (int w = 0; w < words; w++) {
            outer.add(filter[w] + " AS " + q("w" + w));
        }
        return "SELECT " + outer + " FROM (SELECT " + inner + " FROM " + from + " WHERE " + col("u", "merged_into")
                + " IS NULL) AS " + q("a");
    }

    /** All points of word {@code w} (the bits of the points that exist). */
    private String all(int w) {
        int bits = Math.min(WORD_BITS, grid.size() - w * WORD_BITS);
        return Long.toString((1L << bits) - 1);
    }

    private String[] each(java.util.function.IntFunction<String> word) {
        String[] result = new String[words];
        for (int w = 0; w < words; w++) {
            result[w] = word.apply(w);
        }
        return result;
    }

    private String[] not(String[] part) {
        return each(w -> "(" + all(w) + " & ~" + part[w] + ")");
    }

    private String[] and(List<String[]> parts) {
        if (parts.isEmpty()) {
            return each(this::all);
        }
        return each(w -> parts.size() == 1 ? parts.get(0)[w]
                : "(" + String.join(" & ", parts.stream().map(p -> p[w]).toList()) + ")");
    }

    private String[] or(List<String[]> parts) {
        if (parts.isEmpty()) {
            return each(w -> "0");
        }
        return each(w -> parts.size() == 1 ? parts.get(0)[w]
                : "(" + String.join(" | ", parts.stream().map(p -> p[w]).toList()) + ")");
    }

    /** The mask of {@code count_k >= v}. */
    private String[] atLeast(int k, long v) {
        if (v <= 0) {
            return each(this::all);
        }
        thresholds.computeIfAbsent(k, x -> new TreeSet<>()).add(v);
        return each(w -> q("m" + k + "_t" + v + "_w" + w));
    }

    /** The filter as mask words, registering the masks and row tests it reads. */
    private String[] combine(UserPredicate predicate) {
        return predicate.accept(new UserPredicate.Visitor<>() {
            @Override
            public String[] visitConstant(UserPredicate.Constant constant) {
                return constant.value() ? each(PointsPrinter.this::all) : each(w -> "0");
            }

            @Override
            public String[] visitAll(UserPredicate.All all) {
                return and(all.parts().stream().map(p -> p.accept(this)).toList());
            }

            @Override
            public String[] visitAny(UserPredicate.Any any) {
                return or(any.parts().stream().map(p -> p.accept(this)).toList());
            }

            @Override
            public String[] visitNegation(UserPredicate.Negation negation) {
                return not(negation.part().accept(this));
            }

            @Override
            public String[] visitRow(UserPredicate.Row row) {
                int r = rows.size();
                rows.add(row.predicate());
                return each(w -> "(CASE WHEN " + q("r" + r) + " THEN " + all(w) + " ELSE 0 END)");
            }

            @Override
            public String[] visitCountCompare(UserPredicate.CountCompare compare) {
                int k = compare.column();
                if (!(plan.figures().get(k) instanceof PointPlan.Figure.Count)) {
                    throw new IllegalStateException("a count test of figure " + k + ", which is not a count");
                }
                Comparison.Bound bound = Figures.countBound(compare);
                if (bound.isConstant()) {
                    return bound.constant() ? each(PointsPrinter.this::all) : each(w -> "0");
                }
                long v = bound.value().longValueExact();
                switch (bound.comparison()) {
                    case GTE:
                        return atLeast(k, v);
                    case GT:
                        return atLeast(k, v + 1);
                    case LT:
                        return not(atLeast(k, v));
                    case LTE:
                        return not(atLeast(k, v + 1));
                    case EQ:
                        return and(List.of(atLeast(k, v), not(atLeast(k, v + 1))));
                    case NE:
                        return not(and(List.of(atLeast(k, v), not(atLeast(k, v + 1)))));
                    default:
                        throw new IllegalStateException("comparison without a mask: " + bound.comparison());
                }
            }

            @Override
            public String[] visitAggregateCompare(UserPredicate.AggregateCompare compare) {
                int k = compare.column();
                if (!(plan.figures().get(k) instanceof PointPlan.Figure.Numbers)) {
                    throw new IllegalStateException("an aggregate test of figure " + k + ", which has no numbers");
                }
                List<UserPredicate.AggregateCompare> tests = aggregates.computeIfAbsent(k, x -> new ArrayList<>());
                int a = tests.indexOf(compare);
                if (a < 0) {
                    a = tests.size();
                    tests.add(compare);
                }
                int atom = a;
                return each(w -> q("g" + k + "_a" + atom + "_w" + w));
            }

            @Override
            public String[] visitEarliestIn(UserPredicate.EarliestIn in) {
                throw new IllegalStateException("a first-time test left in a plan for many points");
            }

            @Override
            public String[] visitInSequence(UserPredicate.InSequence in) {
                throw new IllegalStateException("a sequence test left in a plan for many points");
            }

            @Override
            public String[] visitLatestFrom(UserPredicate.LatestFrom latest) {
                throw new IllegalStateException("a latest-time test in a plan for many points");
            }
        });
    }

    // ---- the masks

    /** Adds the relations {@code m<k>} (count masks) and {@code g<k>} (aggregate masks) the filter reads. */
    private void masks() {
        if (thresholds.isEmpty() && aggregates.isEmpty()) {
            return;
        }
        scan();
        for (PointPlan.Contribution c : plan.contributions()) {
            int k = c.figure();
            if (thresholds.containsKey(k)) {
                countMasks(c, k, thresholds.get(k));
            }
            if (aggregates.containsKey(k)) {
                aggregateMasks((PointPlan.Contribution.Events) c, k, aggregates.get(k));
            }
        }
    }

    /** The bits of the points {@code [lo, hi]} in word {@code w}. */
    private String run(String lo, String hi, int w) {
        int base = w * WORD_BITS;
        String from = "greatest(" + lo + ", " + base + ")";
        String to = "least(" + hi + ", " + (base + WORD_BITS - 1) + ")";
        return "CASE WHEN " + from + " > " + to + " THEN 0 ELSE (CAST(1 AS BIGINT) << (" + to + " - " + base
                + " + 1)) - (CAST(1 AS BIGINT) << (" + from + " - " + base + ")) END";
    }

    private void countMasks(PointPlan.Contribution c, int k, TreeSet<Long> needed) {
        String name = "m" + k;
        String runs;
        List<String> columns = new ArrayList<>();
        StringJoiner select = new StringJoiner(", ");
        select.add(col("r", "uid") + " AS " + q("uid"));
        if (c instanceof PointPlan.Contribution.Events events) {
            // the events of the figure in time order; the v-th from each one closes a run of "v in the window"
            String ts = col("v", "ts");
            StringJoiner leads = new StringJoiner(", ");
            leads.add(col("v", "uid") + " AS " + q("uid")).add(ts + " AS " + q("ts"));
            for (long v : needed) {
                if (v > 1) {
                    leads.add("lead(" + ts + ", " + printer.bind(v - 1) + ") OVER (PARTITION BY " + col("v", "uid")
                            + " ORDER BY " + ts + ") AS " + q("t" + v));
                }
            }
            TimeRange range = events.range();
            String where = printer.row(events.match(), projected()) + " AND " + printer.timeBetween(ts,
                    Math.max(range.fromFloor(), range.from(grid.first())), Math.min(range.toCeiling(),
                            range.to(grid.last())));
            ctes.add(q(name + "_e") + " AS (SELECT " + leads + " FROM " + q("v") + " WHERE " + where + ")");
            StringJoiner bounds = new StringJoiner(", ");
            bounds.add(col("e", "uid") + " AS " + q("uid"));
            bounds.add(index.lastPoint(col("e", "ts"), range) + " AS " + q("hi"));
            for (long v : needed) {
                // without a v-th event there is no run: lo = size
                String lo = v > 1 ? "COALESCE(" + index.firstPoint(col("e", "t" + v), range) + ", " + index.size() + ")"
                        : index.firstPoint(col("e", "ts"), range);
                bounds.add(lo + " AS " + q("lo" + v));
            }
            runs = "SELECT " + bounds + " FROM " + q(name + "_e") + " AS " + q("e");
            for (long v : needed) {
                for (int w = 0; w < words; w++) {
                    String column = "t" + v + "_w" + w;
                    select.add(dialect.bitOr(run(col("r", "lo" + v), col("r", "hi"), w)) + " AS " + q(column));
                    columns.add(column);
                }
            }
        } else {
            if (needed.last() > 1) {
                if (c instanceof PointPlan.Contribution.Sequence) {
                    throw new IllegalStateException("a sequence figure is only tested for one run or more");
                }
            }
            if (c instanceof PointPlan.Contribution.Earliest earliest) {
                runs = earliest(earliest);
            } else if (c instanceof PointPlan.Contribution.Sequence sequence) {
                runs = runs(new PointSequenceSql(printer, dialect, grid, index, ctes)
                        .select(sequence.sequence(), "q" + k));
            } else {
                throw new IllegalStateException("contribution without a rendering: " + c);
            }
            for (long v : needed) {
                for (int w = 0; w < words; w++) {
                    String column = "t" + v + "_w" + w;
                    // the user's earliest event is one run: two or more never hold
                    String mask = v == 1 ? dialect.bitOr(run(col("r", "lo"), col("r", "hi"), w)) : "0";
                    select.add(mask + " AS " + q(column));
                    columns.add(column);
                }
            }
        }
        ctes.add(q(name) + " AS (SELECT " + select + " FROM (" + runs + ") AS " + q("r") + " GROUP BY "
                + col("r", "uid") + ")");
        masks.put(name, columns);
    }

    /** The events pass {@code v}, when a contribution reads it. */
    private void scan() {
        List<RowPredicate> matches = new ArrayList<>();
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (PointPlan.Contribution c : plan.contributions()) {
            boolean read = thresholds.containsKey(c.figure()) || aggregates.containsKey(c.figure());
            if (c instanceof PointPlan.Contribution.Events events && read) {
                matches.add(events.match());
                events.numbers().ifPresent(pass::number);
                from = Math.min(from, events.range().from(grid.first()));
                to = Math.max(to, events.range().to(grid.last()));
            } else if (c instanceof PointPlan.Contribution.Earliest earliest && read) {
                matches.add(earliest.match());
                from = Math.min(from, earliest.floor());
                to = Math.max(to, earliest.range().to(grid.last()));
            }
        }
        if (matches.isEmpty()) {
            return;
        }
        matches.forEach(pass::read);
        ctes.add(q("v") + " AS (" + pass.relation(plan.scanNames(), from, to) + ")");
    }

    private RowSql.RowContext projected() {
        return pass.projected("v");
    }

    /** {@code (uid, lo, hi)} of each user's earliest event passing the contribution. */
    private String earliest(PointPlan.Contribution.Earliest earliest) {
        String ts = col("e", "ts");
        String firsts = "SELECT " + col("v", "uid") + " AS " + q("uid") + ", min(" + col("v", "ts") + ") AS "
                + q("ts") + " FROM " + q("v") + " WHERE " + printer.row(earliest.match(), projected()) + " AND "
                + printer.timeBetween(col("v", "ts"), earliest.floor(), Long.MAX_VALUE) + " GROUP BY "
                + col("v", "uid");
        return runs("SELECT " + col("e", "uid") + " AS " + q("uid") + ", " + index.firstPoint(ts, earliest.range())
                + " AS " + q("lo") + ", " + index.lastPoint(ts, earliest.range()) + " AS " + q("hi") + " FROM ("
                + firsts
                + ") AS " + q("e") + " WHERE " + index.fixed(ts, earliest.range()));
    }

    /** The rows of {@code select} (with columns uid, lo, hi, ...) that count at some point. */
    private String runs(String select) {
        return "SELECT * FROM (" + select + ") AS " + q("s") + " WHERE " + col("s", "lo") + " <= " + col("s", "hi");
    }

    // ---- aggregate masks

    /**
     * The masks of the aggregate tests on numbers figure {@code k}: the figure's numbers enter at
     * the start of their run and leave after its end; at each change the running sums (and the
     * extremes of the numbers present) are the figures, and each test holds up to the next change.
     */
    private void aggregateMasks(PointPlan.Contribution.Events events, int k, List<UserPredicate.AggregateCompare> tests) {
        String name = "g" + k;
        boolean extremes = tests.stream().anyMatch(t -> t.fn() == io.segments.model.Aggregate.Fn.MIN
                || t.fn() == io.segments.model.Aggregate.Fn.MAX);
        String ts = col("v", "ts");
        TimeRange range = events.range();
        int n = pass.numberOf(events.numbers().orElseThrow());
        String runs = name + "_r";
        ctes.add(q(runs) + " AS (" + runs("SELECT " + col("v", "uid") + " AS " + q("uid") + ", "
                + index.firstPoint(ts, range) + " AS " + q("lo") + ", " + index.lastPoint(ts, range) + " AS " + q("hi")
                + ", " + col("v", "d" + n) + " AS "
                + q("d") + ", " + col("v", "g" + n) + " AS " + q("g") + " FROM " + q("v") + " WHERE "
                + printer.row(events.match(), projected()) + " AND " + index.fixed(ts, range) + " AND " + col("v", "g" + n)
                + " IS NOT NULL") + ")");
        String r = q(runs);
        String lo = col(runs, "lo");
        String hi = col(runs, "hi");
        String d = col(runs, "d");
        String g = col(runs, "g");
        String uid = col(runs, "uid") + " AS " + q("uid");
        String dx = "CASE WHEN " + d + " IS NULL THEN 0 ELSE 1 END";
        List<String> parts = new ArrayList<>();
        parts.add("SELECT " + uid + ", " + lo + " AS " + q("i") + ", 1 AS " + q("dn") + ", " + dx + " AS " + q("dx")
                + ", " + d + " AS " + q("ds") + ", " + g + " AS " + q("dsf") + ", NULL AS " + q("xd") + ", NULL AS "
                + q("xg") + " FROM " + r);
        parts.add("SELECT " + uid + ", " + hi + " + 1 AS " + q("i") + ", -1 AS " + q("dn") + ", -(" + dx + ") AS "
                + q("dx") + ", -" + d + " AS " + q("ds") + ", -" + g + " AS " + q("dsf") + ", NULL AS " + q("xd")
                + ", NULL AS " + q("xg") + " FROM " + r + " WHERE " + hi + " + 1 < " + index.size());
        if (extremes) {
            parts.add("SELECT " + uid + ", " + dialect.integersFromTo(lo, hi) + " AS " + q("i") + ", 0 AS " + q("dn")
                    + ", 0 AS " + q("dx") + ", NULL AS " + q("ds") + ", NULL AS " + q("dsf") + ", " + d + " AS "
                    + q("xd") + ", " + g + " AS " + q("xg") + " FROM " + r);
        }
        String changes = name + "_d";
        ctes.add(q(changes) + " AS (" + String.join(" UNION ALL ", parts) + ")");
        String source = changes;
        if (extremes) {
            // one row per (uid, point): the changes summed, the extremes of the numbers present there
            source = name + "_p";
            ctes.add(q(source) + " AS (SELECT " + q("uid") + ", " + q("i") + ", sum(" + q("dn") + ") AS " + q("dn")
                    + ", sum(" + q("dx") + ") AS " + q("dx") + ", sum(" + q("ds") + ") AS " + q("ds") + ", sum("
                    + q("dsf") + ") AS " + q("dsf") + ", min(" + q("xd") + ") AS " + q("lo" + k) + ", max(" + q("xd")
                    + ") AS " + q("hi" + k) + ", min(" + q("xg") + ") AS " + q("lof" + k) + ", max(" + q("xg")
                    + ") AS " + q("hif" + k) + " FROM " + q(changes) + " GROUP BY " + q("uid") + ", " + q("i") + ")");
        }
        // running sums; rows at the same point follow one another and only the last has the
        // point's figures, but the others hold up to the next row, at the same point: nowhere
        String w = q("w");
        StringJoiner figures = new StringJoiner(", ");
        figures.add(q("uid")).add(q("i"));
        figures.add("sum(" + q("dn") + ") OVER " + w + " AS " + q("n" + k));
        figures.add("sum(" + q("dx") + ") OVER " + w + " AS " + q("x" + k));
        figures.add("COALESCE(sum(" + q("ds") + ") OVER " + w + ", 0) AS " + q("s" + k));
        figures.add("COALESCE(sum(" + q("dsf") + ") OVER " + w + ", 0) AS " + q("sf" + k));
        if (extremes) {
            for (String extreme : List.of("lo", "hi", "lof", "hif")) {
                figures.add(q(extreme + k));
            }
        }
        figures.add("lead(" + q("i") + ", 1, " + index.size() + ") OVER " + w + " AS " + q("nx"));
        String at = name + "_f";
        ctes.add(q(at) + " AS (SELECT " + figures + " FROM " + q(source) + " WINDOW " + w + " AS (PARTITION BY "
                + q("uid") + " ORDER BY " + q("i") + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))");
        StringJoiner select = new StringJoiner(", ");
        select.add(q("uid"));
        List<String> columns = new ArrayList<>();
        for (int a = 0; a < tests.size(); a++) {
            String test = printer.user(tests.get(a), new Figures(at));
            for (int word = 0; word < words; word++) {
                String column = "a" + a + "_w" + word;
                select.add(dialect.bitOr("CASE WHEN " + test + " THEN " + run(col(at, "i"), col(at, "nx") + " - 1", word)
                        + " ELSE 0 END") + " AS " + q(column));
                columns.add(column);
            }
        }
        ctes.add(q(name) + " AS (SELECT " + select + " FROM " + q(at) + " GROUP BY " + q("uid") + ")");
        masks.put(name, columns);
    }
}

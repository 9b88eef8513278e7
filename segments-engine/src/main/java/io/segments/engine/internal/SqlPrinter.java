package io.segments.engine.internal;

import io.segments.engine.internal.RowSql.RowContext;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.model.Channel;
import io.segments.store.TypedColumns;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * Renders a {@link Plan} as SQL text and bind parameters. It only renders: what a condition
 * means was decided by {@link Lowering}; what SQL engines disagree on is asked of the
 * {@link Dialect}. The query has this shape:
 *
 * <pre>
 * WITH ev AS (SELECT uid, count(*) FILTER (WHERE ...) AS c0, sum(...) FILTER (WHERE ...) AS s1, ...
 *             FROM (SELECT uid, name, ts, &lt;json fields&gt; FROM events WHERE &lt;scope&gt;) e GROUP BY uid),
 *      s0_m2 AS (...), s0_m1 AS (...), s0_g1 AS (...), s0 AS (...)       -- one block per sequence
 * SELECT u.uid FROM users u LEFT JOIN ev ON ev.uid = u.uid
 * WHERE u.merged_into IS NULL AND &lt;the user predicate&gt;
 * </pre>
 *
 * <p>At one evaluation point, tests that the store's per-user summary answers read relations of latest times
 * ({@code l0}, ... before {@code ev}: {@link SeenRewrite}, {@link LatestSql}), and the query may start from
 * {@code ev} or one of them instead of {@code users} ({@link QueryFrame}).
 */
public final class SqlPrinter {
    private static final String USERS = "users";
    private static final String PUSH_TOKENS = "push_tokens";

    private final Dialect dialect;
    private final Parameters parameters;
    private final RowSql rows;

    /** A printer for the evaluation point {@code now} (empty when printing for many points), fields read from {@code typed}. */
    SqlPrinter(Dialect dialect, OptionalLong now, TypedColumns typed) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.parameters = new Parameters(dialect);
        this.rows = new RowSql(dialect, parameters, now, typed);
    }

    private SqlPrinter(Dialect dialect) {
        this(dialect, OptionalLong.empty(), TypedColumns.NONE);
    }

    /** The query returning the {@code uid} of every member (live users only) at {@code now}. */
    public static CompiledQuery members(Plan plan, long now, Dialect dialect, TypedColumns typed) {
        SqlPrinter printer = new SqlPrinter(dialect, OptionalLong.of(now), typed);
        String sql = printer.membersSql(SeenRewrite.apply(plan, List.of(plan.filter()), now).plan());
        return printer.query(sql);
    }

    /** The query {@code sql} with the parameters bound while printing it. */
    CompiledQuery query(String sql) {
        return new CompiledQuery(sql, parameters.values);
    }

    /** Binds {@code value} as a parameter; returns its placeholder. */
    String bind(Object value) {
        return parameters.bind(value);
    }

    long now(String what) {
        return rows.now(what);
    }

    /** The row renderer of this printer (its parameters and evaluation point). */
    RowSql rows() {
        return rows;
    }

    /**
     * The query returning {@code uid} and three booleans, reachable by email, sms and push, of
     * every live user reachable on at least one channel.
     */
    public static CompiledQuery reachability(Dialect dialect) {
        SqlPrinter printer = new SqlPrinter(dialect);
        RowContext users = printer.usersContext();
        List<String> flags = new ArrayList<>();
        String[] names = {"email", "sms", "push"};
        Channel[] channels = {Channel.EMAIL, Channel.SMS, Channel.PUSH};
        StringJoiner select = new StringJoiner(", ");
        select.add(printer.column("u", "uid") + " AS " + dialect.quote("uid"));
        for (int i = 0; i < channels.length; i++) {
            select.add(printer.row(Lowering.reachable(channels[i]), users) + " AS " + dialect.quote(names[i]));
            flags.add(dialect.quote(names[i]));
        }
        String sql = "SELECT " + dialect.quote("uid") + ", " + String.join(", ", flags) + " FROM (SELECT " + select
                + " FROM " + dialect.quote(USERS) + " AS " + dialect.quote("u") + " WHERE "
                + printer.column("u", "merged_into") + " IS NULL) AS " + dialect.quote("r") + " WHERE "
                + String.join(" OR ", flags);
        return new CompiledQuery(sql, printer.parameters.values);
    }

    /** The query returning {@code uid, user_id} of live users in ascending id order, after {@code after}. */
    public static CompiledQuery usersInIdOrder(Optional<String> after, Dialect dialect) {
        SqlPrinter printer = new SqlPrinter(dialect);
        String sql = "SELECT " + dialect.quote("uid") + ", " + dialect.quote("user_id") + " FROM "
                + dialect.quote(USERS) + " WHERE " + dialect.quote("merged_into") + " IS NULL"
                + after.map(a -> " AND " + dialect.quote("user_id") + " > " + printer.parameters.bind(a)).orElse("")
                + " ORDER BY " + dialect.quote("user_id");
        return new CompiledQuery(sql, printer.parameters.values);
    }

    // ---- the members query

    private String membersSql(Plan plan) {
        QueryFrame frame = new QueryFrame(this, dialect, plan, List.of(plan.filter()));
        Figures scan = Figures.scan(plan, List.of(plan.filter()), rows);
        RowPredicate required = ScanSql.usersEveryFilterRequires(List.of(plan.filter()));
        return frame.sql("SELECT " + frame.uid()) + " AND " + user(ScanSql.beyond(plan.filter(), required), scan);
    }

    /**
     * The query counting the members of the plan's filter at {@code now}: one row, one count (the members query
     * counted where it runs, so no member crosses to the caller).
     */
    public static CompiledQuery count(Plan plan, long now, Dialect dialect, TypedColumns typed) {
        return counts(plan, List.of(plan.filter()), now, dialect, typed);
    }

    /**
     * The query counting, in one pass, the members of each of {@code filters}, lowered together into {@code plan}
     * (its scan and sequences shared): one row, one count per filter, in order.
     */
    public static CompiledQuery counts(Plan lowered, List<UserPredicate> loweredFilters, long now, Dialect dialect,
                                       TypedColumns typed) {
        Lowering.Batch batch = SeenRewrite.apply(lowered, loweredFilters, now);
        Plan plan = batch.plan();
        List<UserPredicate> filters = batch.filters();
        SqlPrinter printer = new SqlPrinter(dialect, OptionalLong.of(now), typed);
        StringJoiner select = new StringJoiner(", ", "SELECT ", "");
        Figures scan = Figures.scan(plan, filters, printer.rows);
        RowPredicate required = ScanSql.usersEveryFilterRequires(filters);
        for (int i = 0; i < filters.size(); i++) {
            select.add("count(*) FILTER (WHERE " + printer.user(ScanSql.beyond(filters.get(i), required), scan) + ") AS "
                    + dialect.quote("n" + i));
        }
        return printer.query(new QueryFrame(printer, dialect, plan, filters).sql(select.toString()));
    }

    /**
     * A time range holding every event that {@code p} admits (at every point): the intersection of the
     * ranges of its {@code TimeIn} parts when it is a conjunction, every time otherwise.
     */
    static TimeRange span(RowPredicate p) {
        if (p instanceof RowPredicate.TimeIn timeIn) {
            return timeIn.range();
        }
        TimeRange span = TimeRange.ALL;
        if (p instanceof RowPredicate.All all) {
            for (RowPredicate part : all.parts()) {
                span = span.intersect(span(part));
            }
        }
        return span;
    }

    String column(String relation, String column) {
        return rows.column(relation, column);
    }

    // ---- user predicates

    RowContext usersContext() {
        return rows.usersContext();
    }

    RowContext eventsContext(String alias) {
        return rows.eventsContext(alias);
    }

    /**
     * Where the per-user figures of a user predicate are read: the columns of the relation
     * {@code alias} named as the events pass names them ({@code c0}, {@code n1}, ...).
     */
    String user(UserPredicate predicate, Figures figures) {
        RowContext users = usersContext();
        return predicate.accept(new UserPredicate.Visitor<>() {
            @Override
            public String visitConstant(UserPredicate.Constant constant) {
                return constant.value() ? "TRUE" : "FALSE";
            }

            @Override
            public String visitAll(UserPredicate.All all) {
                return join(all.parts().stream().map(p -> p.accept(this)).toList(), " AND ", "TRUE");
            }

            @Override
            public String visitAny(UserPredicate.Any any) {
                return join(any.parts().stream().map(p -> p.accept(this)).toList(), " OR ", "FALSE");
            }

            @Override
            public String visitNegation(UserPredicate.Negation negation) {
                return "(NOT " + negation.part().accept(this) + ")";
            }

            @Override
            public String visitRow(UserPredicate.Row row) {
                return row(row.predicate(), users);
            }

            @Override
            public String visitCountCompare(UserPredicate.CountCompare compare) {
                Comparison.Bound bound = Figures.countBound(compare);
                if (bound.isConstant()) {
                    return bound.constant() ? "TRUE" : "FALSE";
                }
                if (figures.presence().contains(compare.column())) {
                    String present = column(figures.alias(), "uid");
                    return switch (Figures.countTest(compare)) {
                        case SOME -> "(" + present + " IS NOT NULL)";
                        case NONE -> "(" + present + " IS NULL)";
                        default -> throw new IllegalStateException("a count the pass does not count: " + compare);
                    };
                }
                return "(COALESCE(" + figure(figures, "c", compare.column()) + ", 0) " + bound.comparison().symbol()
                        + " " + parameters.bind(bound.value().longValueExact()) + ")";
            }

            @Override
            public String visitAggregateCompare(UserPredicate.AggregateCompare compare) {
                return aggregateCompare(compare, figures);
            }

            @Override
            public String visitEarliestIn(UserPredicate.EarliestIn in) {
                String earliest = figure(figures, "e", in.column());
                long at = now("a first-time condition");
                long from = in.range().from(at);
                long to = in.range().to(at);
                List<String> parts = new ArrayList<>();
                parts.add(earliest + " IS NOT NULL");
                if (from != Long.MIN_VALUE) {
                    parts.add(earliest + " >= " + parameters.bind(from));
                }
                if (to != Long.MAX_VALUE) {
                    parts.add(earliest + " <= " + parameters.bind(to));
                }
                return "COALESCE(" + String.join(" AND ", parts) + ", FALSE)";
            }

            @Override
            public String visitLatestFrom(UserPredicate.LatestFrom latest) {
                String t = column("l" + latest.latest(), "t");
                return latest.from() == Long.MIN_VALUE ? "(" + t + " IS NOT NULL)"
                        : "COALESCE(" + t + " >= " + parameters.bind(latest.from()) + ", FALSE)";
            }

            @Override
            public String visitInSequence(UserPredicate.InSequence in) {
                return "(" + column("u", "uid") + " IN (SELECT " + dialect.quote("uid") + " FROM "
                        + dialect.quote("s" + in.sequence()) + "))";
            }
        });
    }

    /**
     * {@code fn(numbers) op value}: exact in decimals when every number of the user is exact in
     * the dialect's decimal (see {@link Dialect}) and there are few enough; otherwise in doubles.
     */
    private String aggregateCompare(UserPredicate.AggregateCompare compare, Figures figures) {
        int i = compare.column();
        String count = figure(figures, "n", i);
        String exactCount = figure(figures, "x", i);
        BigDecimal limit = dialect.exactLimit();
        Comparison comparison = compare.comparison();
        BigDecimal value = compare.value();
        String exact;
        String approximate;
        String asDouble = parameters.bind(value.doubleValue());
        switch (compare.fn()) {
            case SUM:
                exact = decimalCompare(figure(figures, "s", i), comparison, value,
                        limit.multiply(BigDecimal.valueOf(dialect.exactTerms())), null);
                approximate = figure(figures, "sf", i) + " " + comparison.symbol() + " " + asDouble;
                break;
            case MIN:
                exact = decimalCompare(figure(figures, "lo", i), comparison, value, limit, null);
                approximate = figure(figures, "lof", i) + " " + comparison.symbol() + " " + asDouble;
                break;
            case MAX:
                exact = decimalCompare(figure(figures, "hi", i), comparison, value, limit, null);
                approximate = figure(figures, "hif", i) + " " + comparison.symbol() + " " + asDouble;
                break;
            case AVG:
                // avg op v  <=>  sum op v * count, for count > 0: no division, so no rounding
                exact = value.stripTrailingZeros().scale() > dialect.exactScale() ? null
                        : decimalCompare(figure(figures, "s", i), comparison, value, limit, count);
                approximate = "(" + figure(figures, "sf", i) + " / " + count + ") " + comparison.symbol() + " "
                        + asDouble;
                break;
            default:
                throw new IllegalStateException("aggregate without a rendering: " + compare.fn());
        }
        if (figures.exactOnly().contains(i)) {
            // every number is exact in the decimal (and a store holds far fewer than exactTerms of them), and the
            // figure (no average: ScanSql#exactOnlyColumns) is NULL exactly when the user has none: no count
            String figure = figure(figures, switch (compare.fn()) {
                case SUM -> "s";
                case MIN -> "lo";
                default -> "hi";
            }, i);
            return switch (exact) {
                case "TRUE" -> "(" + figure + " IS NOT NULL)";
                case "FALSE" -> "FALSE";
                default -> "COALESCE(" + exact + ", FALSE)";
            };
        }
        StringBuilder sql = new StringBuilder("(CASE WHEN COALESCE(").append(count).append(", 0) = 0 THEN FALSE");
        if (exact != null) {
            sql.append(" WHEN ").append(exactCount).append(" = ").append(count).append(" AND ").append(count)
                    .append(" <= ").append(parameters.bind(dialect.exactTerms())).append(" THEN ").append(exact);
        }
        return sql.append(" ELSE ").append(approximate).append(" END)").toString();
    }

    private String decimalCompare(String x, Comparison comparison, BigDecimal value, BigDecimal limit,
                                  String multiplier) {
        return rows.decimalCompare(x, comparison, value, limit, multiplier);
    }

    // ---- row predicates

    private String figure(Figures figures, String kind, int column) {
        return column(figures.alias(), kind + column);
    }

    /** {@link RowSql#where}. */
    String where(RowPredicate predicate, RowContext context) {
        return rows.where(predicate, context);
    }

    String row(RowPredicate predicate, RowContext context) {
        return rows.row(predicate, context);
    }

    /** {@code from <= ts <= to}, leaving out the bounds at the ends of the long range; false when empty. */
    String timeBetween(String ts, long from, long to) {
        return rows.timeBetween(ts, from, to);
    }

    static String join(List<String> parts, String separator, String empty) {
        return RowSql.join(parts, separator, empty);
    }

    /** Collects bind values; equal values share a placeholder when the dialect allows it. */
    private static final class Parameters implements Dialect.Parameters {
        private final Dialect dialect;
        private final List<Object> values = new ArrayList<>();
        private final Map<Object, String> shared = new HashMap<>();

        Parameters(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public String bind(Object value) {
            if (value instanceof int[]) {
                values.add(value); // arrays are never shared: equal arrays are not equal objects
                return dialect.placeholder(values.size());
            }
            if (!(value instanceof String || value instanceof Long || value instanceof Double
                    || value instanceof Boolean)) {
                throw new IllegalArgumentException("unsupported parameter: " + value);
            }
            if (dialect.reusesPlaceholders()) {
                String existing = shared.get(value);
                if (existing != null) {
                    return existing;
                }
            }
            values.add(value);
            String placeholder = dialect.placeholder(values.size());
            if (dialect.reusesPlaceholders()) {
                shared.put(value, placeholder);
            }
            return placeholder;
        }
    }
}

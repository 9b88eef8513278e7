package io.segments.engine.internal;

import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.Dialect;
import io.segments.engine.sql.Dialect.JsonKind;
import io.segments.model.Channel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 */
public final class SqlPrinter {
    private static final String EVENTS = "events";
    private static final String USERS = "users";
    private static final String PUSH_TOKENS = "push_tokens";
    private static final BigInteger INTEGER_LIMIT = BigInteger.TWO.pow(65);
    private static final BigDecimal COUNT_LIMIT = BigDecimal.valueOf(Long.MAX_VALUE / 2);

    private final Dialect dialect;
    private final Parameters parameters;
    /** The evaluation point time ranges are printed for; empty when printing for many points. */
    private final OptionalLong now;

    SqlPrinter(Dialect dialect, OptionalLong now) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.now = requireNonNull(now, "now is null");
        this.parameters = new Parameters(dialect);
    }

    private SqlPrinter(Dialect dialect) {
        this(dialect, OptionalLong.empty());
    }

    /** The query returning the {@code uid} of every member (live users only) at {@code now}. */
    public static CompiledQuery members(Plan plan, long now, Dialect dialect) {
        SqlPrinter printer = new SqlPrinter(dialect, OptionalLong.of(now));
        String sql = printer.membersSql(plan);
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

    private long now(String what) {
        if (now.isEmpty()) {
            throw new IllegalStateException(what + " needs the evaluation point, and this query is printed for many");
        }
        return now.getAsLong();
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
        return withAndFrom(plan, "SELECT " + column("u", "uid")) + " AND " + user(plan.filter(), Figures.SCAN);
    }

    /**
     * The query counting, in one pass, the members of each of {@code filters}, lowered together into {@code plan}
     * (its scan and sequences shared): one row, one count per filter, in order.
     */
    public static CompiledQuery counts(Plan plan, List<UserPredicate> filters, long now, Dialect dialect) {
        SqlPrinter printer = new SqlPrinter(dialect, OptionalLong.of(now));
        StringJoiner select = new StringJoiner(", ", "SELECT ", "");
        for (int i = 0; i < filters.size(); i++) {
            select.add("count(*) FILTER (WHERE " + printer.user(filters.get(i), Figures.SCAN) + ") AS "
                    + dialect.quote("n" + i));
        }
        return printer.query(printer.withAndFrom(plan, select.toString()));
    }

    /**
     * {@code select} with the plan's common table expressions before it and, after it, the live users joined
     * to their figures, up to {@code WHERE <the user is live>}.
     */
    private String withAndFrom(Plan plan, String select) {
        List<String> ctes = new ArrayList<>();
        boolean scan = !plan.scan().isEmpty();
        if (scan) {
            ctes.add(dialect.quote("ev") + " AS (" + scanSql(plan) + ")");
        }
        for (int i = 0; i < plan.sequences().size(); i++) {
            ctes.addAll(sequenceSql(plan.sequences().get(i), "s" + i));
        }
        StringBuilder sql = new StringBuilder();
        if (!ctes.isEmpty()) {
            sql.append("WITH ").append(String.join(",\n", ctes)).append('\n');
        }
        sql.append(select).append(" FROM ").append(dialect.quote(USERS)).append(" AS ").append(dialect.quote("u"));
        if (scan) {
            sql.append(" LEFT JOIN ").append(dialect.quote("ev")).append(" ON ").append(column("ev", "uid"))
                    .append(" = ").append(column("u", "uid"));
        }
        sql.append("\nWHERE ").append(column("u", "merged_into")).append(" IS NULL");
        return sql.toString();
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
        return dialect.quote(relation) + "." + dialect.quote(column);
    }

    // ---- the events pass

    private String scanSql(Plan plan) {
        Map<JsonField, String> fields = new LinkedHashMap<>();
        Map<JsonField, Integer> numeric = new LinkedHashMap<>();
        for (ScanColumn c : plan.scan()) {
            collectFields(c.filter(), fields);
            if (c instanceof ScanColumn.NumbersIf numbers) {
                fields.computeIfAbsent(numbers.field(), f -> "f" + fields.size());
                numeric.computeIfAbsent(numbers.field(), f -> numeric.size());
            }
        }
        // innermost: each JSON value extracted once per event; then the numeric forms of those
        // that are aggregated; then one GROUP BY uid with a FILTER per figure
        RowContext raw = eventsContext("x");
        StringJoiner inner = new StringJoiner(", ");
        inner.add(column("x", "uid")).add(column("x", "name")).add(column("x", "ts"));
        for (Map.Entry<JsonField, String> f : fields.entrySet()) {
            inner.add(raw.field(f.getKey()) + " AS " + dialect.quote(f.getValue()));
        }
        // no column counts an event outside the hull of the columns' time ranges at now: leaving those out
        // of the scan lets the store skip whole blocks of events by time
        long scanFrom = Long.MAX_VALUE;
        long scanTo = Long.MIN_VALUE;
        long at = now("the events pass");
        for (ScanColumn c : plan.scan()) {
            TimeRange span = span(c.filter());
            scanFrom = Math.min(scanFrom, span.from(at));
            scanTo = Math.max(scanTo, span.to(at));
        }
        String from = "(SELECT " + inner + " FROM " + dialect.quote(EVENTS) + " AS " + dialect.quote("x") + " WHERE "
                + row(plan.scanScope(), raw) + " AND " + timeBetween(column("x", "ts"), scanFrom, scanTo) + ") AS "
                + dialect.quote("v");
        if (!numeric.isEmpty()) {
            StringJoiner middle = new StringJoiner(", ");
            middle.add(column("v", "uid")).add(column("v", "name")).add(column("v", "ts"));
            for (String alias : fields.values()) {
                middle.add(column("v", alias));
            }
            for (Map.Entry<JsonField, Integer> n : numeric.entrySet()) {
                String value = column("v", fields.get(n.getKey()));
                String isNumber = dialect.jsonIsNumber(value);
                middle.add("CASE WHEN " + isNumber + " THEN " + dialect.jsonExactDecimal(value) + " END AS "
                        + dialect.quote("d" + n.getValue()));
                middle.add("CASE WHEN " + isNumber + " THEN " + dialect.jsonDouble(value) + " END AS "
                        + dialect.quote("g" + n.getValue()));
            }
            from = "(SELECT " + middle + " FROM " + from + ") AS " + dialect.quote("w");
        }
        RowContext projected = new RowContext(column("e", "name"), column("e", "ts"), null, null,
                field -> column("e", requireNonNull(fields.get(field), "unprojected field")));
        StringJoiner aggregates = new StringJoiner(",\n    ");
        aggregates.add(column("e", "uid") + " AS " + dialect.quote("uid"));
        for (int i = 0; i < plan.scan().size(); i++) {
            ScanColumn c = plan.scan().get(i);
            String filter = " FILTER (WHERE " + row(c.filter(), projected) + ")";
            if (c instanceof ScanColumn.CountIf) {
                aggregates.add("count(*)" + filter + " AS " + dialect.quote("c" + i));
            } else if (c instanceof ScanColumn.EarliestIf) {
                aggregates.add("min(" + column("e", "ts") + ")" + filter + " AS " + dialect.quote("e" + i));
            } else if (c instanceof ScanColumn.NumbersIf numbers) {
                int n = numeric.get(numbers.field());
                String exact = column("e", "d" + n);
                String approximate = column("e", "g" + n);
                aggregates.add("count(" + approximate + ")" + filter + " AS " + dialect.quote("n" + i));
                aggregates.add("count(" + exact + ")" + filter + " AS " + dialect.quote("x" + i));
                aggregates.add("sum(" + exact + ")" + filter + " AS " + dialect.quote("s" + i));
                aggregates.add("min(" + exact + ")" + filter + " AS " + dialect.quote("lo" + i));
                aggregates.add("max(" + exact + ")" + filter + " AS " + dialect.quote("hi" + i));
                aggregates.add("sum(" + approximate + ")" + filter + " AS " + dialect.quote("sf" + i));
                aggregates.add("min(" + approximate + ")" + filter + " AS " + dialect.quote("lof" + i));
                aggregates.add("max(" + approximate + ")" + filter + " AS " + dialect.quote("hif" + i));
            } else {
                throw new IllegalStateException("scan column without a rendering: " + c);
            }
        }
        return "SELECT " + aggregates + "\n  FROM (SELECT * FROM " + from + ") AS " + dialect.quote("e")
                + " GROUP BY " + column("e", "uid");
    }

    static void collectFields(RowPredicate predicate, Map<JsonField, String> fields) {
        predicate.accept(new FieldCollector(field -> fields.computeIfAbsent(field, f -> "f" + fields.size())));
    }

    // ---- sequences

    private List<String> sequenceSql(SequencePlan plan, String name) {
        List<String> ctes = new ArrayList<>();
        List<SequencePlan.Step> steps = plan.steps();
        int n = steps.size();
        RowContext raw = eventsContext("x");
        String[] matches = new String[n];
        for (int k = 0; k < n; k++) {
            matches[k] = name + "_m" + (k + 1);
            ctes.add(dialect.quote(matches[k]) + " AS (SELECT DISTINCT " + column("x", "uid") + " AS "
                    + dialect.quote("uid") + ", " + column("x", "ts") + " AS " + dialect.quote("ts") + " FROM "
                    + dialect.quote(EVENTS) + " AS " + dialect.quote("x") + " WHERE "
                    + row(steps.get(k).match(), raw) + ")");
        }
        String uid = dialect.quote("uid");
        String ts = dialect.quote("ts");
        String good = dialect.quote("good");
        if (n == 1) {
            ctes.add(dialect.quote(name) + " AS (SELECT DISTINCT " + uid + " FROM " + dialect.quote(matches[0]) + ")");
            return ctes;
        }
        // good timestamps of step k + 1, from the last step backwards
        String next = matches[n - 1];
        boolean negatedLast = steps.get(n - 1).negated();
        for (int k = n - 2; k >= 0; k--) {
            SequencePlan.Step following = steps.get(k + 1);
            String nxt = dialect.quote("nxt");
            String tag = dialect.quote("tag");
            String window = "min(CASE WHEN " + tag + " = 1 THEN " + ts + " END) OVER (PARTITION BY " + uid
                    + " ORDER BY " + ts + " RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)";
            String union = "SELECT " + uid + ", " + ts + ", 0 AS " + tag + " FROM " + dialect.quote(matches[k])
                    + " UNION ALL SELECT " + uid + ", " + ts + ", 1 AS " + tag + " FROM " + dialect.quote(next);
            String condition;
            if (k == n - 2 && negatedLast) {
                String within = parameters.bind(following.withinMillis().orElseThrow());
                condition = "(" + ts + " + " + within + " <= " + parameters.bind(now("a didNot step")) + " AND (" + nxt
                        + " IS NULL OR " + nxt + " > " + ts + " + " + within + "))";
            } else if (following.withinMillis().isPresent()) {
                condition = "(" + nxt + " IS NOT NULL AND " + nxt + " <= " + ts + " + "
                        + parameters.bind(following.withinMillis().getAsLong()) + ")";
            } else {
                condition = "(" + nxt + " IS NOT NULL)";
            }
            String flagged = "SELECT " + uid + ", " + ts + ", " + condition + " AS " + good + " FROM (SELECT " + uid
                    + ", " + ts + ", " + tag + ", " + window + " AS " + nxt + " FROM (" + union + ") AS "
                    + dialect.quote("t") + ") AS " + dialect.quote("w") + " WHERE " + tag + " = 0";
            String relation = name + "_g" + (k + 1);
            if (k > 0) {
                ctes.add(dialect.quote(relation) + " AS (SELECT " + uid + ", " + ts + " FROM (" + flagged + ") AS "
                        + dialect.quote("f") + " WHERE " + good + ")");
            } else {
                ctes.add(dialect.quote(relation) + " AS (" + flagged + ")");
            }
            next = relation;
        }
        String having = plan.occurrence() == io.segments.model.Occurrence.LAST ? dialect.maxBy(good, ts)
                : dialect.boolOr(good);
        ctes.add(dialect.quote(name) + " AS (SELECT " + uid + " FROM " + dialect.quote(next) + " GROUP BY " + uid
                + " HAVING " + having + ")");
        return ctes;
    }

    // ---- user predicates

    RowContext usersContext() {
        return new RowContext(null, null, column("u", "uid"), column("u", "user_id"),
                field -> dialect.jsonValue(column("u", "traits"), field.keys(), parameters));
    }

    RowContext eventsContext(String alias) {
        return new RowContext(column(alias, "name"), column(alias, "ts"), null, null,
                field -> dialect.jsonValue(column(alias, "props"), field.keys(), parameters));
    }

    /**
     * Where the per-user figures of a user predicate are read: the columns of the relation
     * {@code alias} named as the events pass names them ({@code c0}, {@code n1}, ...).
     */
    record Figures(String alias) {
        /** The events pass of a members query. */
        static final Figures SCAN = new Figures("ev");
    }

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
                Comparison.Bound bound = compare.comparison().atScale(compare.value(), 0)
                        .clamp(COUNT_LIMIT);
                if (bound.isConstant()) {
                    return bound.constant() ? "TRUE" : "FALSE";
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
        StringBuilder sql = new StringBuilder("(CASE WHEN COALESCE(").append(count).append(", 0) = 0 THEN FALSE");
        if (exact != null) {
            sql.append(" WHEN ").append(exactCount).append(" = ").append(count).append(" AND ").append(count)
                    .append(" <= ").append(parameters.bind(dialect.exactTerms())).append(" THEN ").append(exact);
        }
        return sql.append(" ELSE ").append(approximate).append(" END)").toString();
    }

    /**
     * {@code x op value} for decimals {@code x} of the dialect's scale with {@code |x| < limit};
     * with {@code multiplier}, {@code x op value * multiplier} where {@code value} has at most
     * that scale.
     */
    private String decimalCompare(String x, Comparison comparison, BigDecimal value, BigDecimal limit,
                                  String multiplier) {
        Comparison.Bound bound = multiplier == null
                ? comparison.atScale(value, dialect.exactScale()).clamp(limit)
                : new Comparison.Bound(comparison, value.setScale(dialect.exactScale()), null).clamp(limit);
        if (bound.isConstant()) {
            return bound.constant() ? "TRUE" : "FALSE";
        }
        String parameter = dialect.decimalParameter(bound.value(), parameters);
        return x + " " + bound.comparison().symbol() + " " + (multiplier == null ? parameter
                : parameter + " * " + multiplier);
    }

    // ---- row predicates

    private String figure(Figures figures, String kind, int column) {
        return column(figures.alias(), kind + column);
    }

    /** How a row predicate reaches the columns of the row it tests. */
    record RowContext(String name, String ts, String uid, String userId, FieldRenderer fields) {
        String field(JsonField field) {
            return fields.render(field);
        }
    }

    @FunctionalInterface
    interface FieldRenderer {
        String render(JsonField field);
    }

    String row(RowPredicate predicate, RowContext context) {
        return predicate.accept(new RowPredicate.Visitor<>() {
            @Override
            public String visitConstant(RowPredicate.Constant constant) {
                return constant.value() ? "TRUE" : "FALSE";
            }

            @Override
            public String visitAll(RowPredicate.All all) {
                return join(all.parts().stream().map(p -> p.accept(this)).toList(), " AND ", "TRUE");
            }

            @Override
            public String visitAny(RowPredicate.Any any) {
                return join(any.parts().stream().map(p -> p.accept(this)).toList(), " OR ", "FALSE");
            }

            @Override
            public String visitNegation(RowPredicate.Negation negation) {
                return "(NOT " + negation.part().accept(this) + ")";
            }

            @Override
            public String visitNameIs(RowPredicate.NameIs nameIs) {
                return "(" + require(context.name(), "event name") + " = " + parameters.bind(nameIs.name()) + ")";
            }

            @Override
            public String visitTimeIn(RowPredicate.TimeIn in) {
                long at = now("a window");
                return timeBetween(require(context.ts(), "timestamp"), in.range().from(at), in.range().to(at));
            }

            @Override
            public String visitPresent(RowPredicate.Present present) {
                String value = context.field(present.field());
                return "COALESCE(NOT (" + dialect.jsonIs(value, JsonKind.NULL) + "), FALSE)";
            }

            @Override
            public String visitTextCompare(RowPredicate.TextCompare compare) {
                String value = context.field(compare.field());
                return typed(value, JsonKind.STRING, dialect.jsonText(value) + " " + compare.comparison().symbol()
                        + " " + parameters.bind(compare.value()));
            }

            @Override
            public String visitNumberCompare(RowPredicate.NumberCompare compare) {
                return numberCompare(context.field(compare.field()), compare.comparison(), compare.value());
            }

            @Override
            public String visitBooleanIs(RowPredicate.BooleanIs booleanIs) {
                String value = context.field(booleanIs.field());
                return typed(value, JsonKind.BOOLEAN, dialect.jsonBoolean(value) + " = "
                        + parameters.bind(booleanIs.value()));
            }

            @Override
            public String visitTextContains(RowPredicate.TextContains contains) {
                String value = context.field(contains.field());
                return typed(value, JsonKind.STRING, dialect.contains(dialect.lower(dialect.jsonText(value)),
                        dialect.lower(parameters.bind(contains.value()))));
            }

            @Override
            public String visitTextStartsWith(RowPredicate.TextStartsWith startsWith) {
                String value = context.field(startsWith.field());
                return typed(value, JsonKind.STRING, dialect.startsWith(dialect.lower(dialect.jsonText(value)),
                        dialect.lower(parameters.bind(startsWith.value()))));
            }

            @Override
            public String visitArrayHasText(RowPredicate.ArrayHasText has) {
                String value = context.field(has.field());
                return typed(value, JsonKind.ARRAY, "COALESCE(" + dialect.jsonArrayHasText(value,
                        parameters.bind(has.value())) + ", FALSE)");
            }

            @Override
            public String visitTextMatches(RowPredicate.TextMatches matches) {
                String value = context.field(matches.field());
                return typed(value, JsonKind.STRING, dialect.matchesWhole(dialect.jsonText(value),
                        parameters.bind(matches.regex())));
            }

            @Override
            public String visitUserIdIn(RowPredicate.UserIdIn in) {
                if (in.userIds().isEmpty()) {
                    return "FALSE";
                }
                return "COALESCE(" + dialect.textIn(require(context.userId(), "user id"), in.userIds(), parameters)
                        + ", FALSE)";
            }

            @Override
            public String visitHasPushToken(RowPredicate.HasPushToken has) {
                return "EXISTS (SELECT 1 FROM " + dialect.quote(PUSH_TOKENS) + " AS " + dialect.quote("pt")
                        + " WHERE " + column("pt", "uid") + " = " + require(context.uid(), "uid") + " AND "
                        + column("pt", "token") + " <> '')";
            }
        });
    }

    /** {@code from <= ts <= to}, leaving out the bounds at the ends of the long range; false when empty. */
    String timeBetween(String ts, long from, long to) {
        if (from > to) {
            return "FALSE";
        }
        List<String> parts = new ArrayList<>();
        if (from != Long.MIN_VALUE) {
            parts.add(ts + " >= " + parameters.bind(from));
        }
        if (to != Long.MAX_VALUE) {
            parts.add(ts + " <= " + parameters.bind(to));
        }
        return join(parts, " AND ", "TRUE");
    }

    /** {@code check} is evaluated only on values of {@code kind}; any other value (or none) is false. */
    private String typed(String value, JsonKind kind, String check) {
        return "(CASE WHEN " + dialect.jsonIs(value, kind) + " THEN " + check + " ELSE FALSE END)";
    }

    /**
     * A JSON number compared by value: integers exactly (the bound turned into an integer bound),
     * non-integers as doubles. A double compared with a literal of at most 15 significant digits
     * orders exactly as its shortest decimal form does.
     */
    private String numberCompare(String value, Comparison comparison, BigDecimal bound) {
        Comparison.Bound integer = comparison.atScale(bound, 0).clamp(new BigDecimal(INTEGER_LIMIT));
        String integerPart = integer.isConstant() ? (integer.constant() ? "TRUE" : "FALSE")
                : dialect.jsonInteger(value) + " " + integer.comparison().symbol() + " "
                + dialect.integerParameter(integer.value().toBigIntegerExact(), parameters);
        String doublePart = dialect.jsonDouble(value) + " " + comparison.symbol() + " "
                + parameters.bind(bound.doubleValue());
        return "(CASE WHEN " + dialect.jsonIs(value, JsonKind.INTEGER) + " THEN " + integerPart + " WHEN "
                + dialect.jsonIs(value, JsonKind.FLOAT) + " THEN " + doublePart + " ELSE FALSE END)";
    }

    private static String require(String column, String what) {
        if (column == null) {
            throw new IllegalStateException("a predicate on the " + what + " is not allowed on this row");
        }
        return column;
    }

    static String join(List<String> parts, String separator, String empty) {
        if (parts.isEmpty()) {
            return empty;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return "(" + String.join(separator, parts) + ")";
    }

    /** Collects the JSON values a row predicate reads, in order. */
    private static final class FieldCollector implements RowPredicate.Visitor<Void> {
        private final java.util.function.Consumer<JsonField> sink;

        FieldCollector(java.util.function.Consumer<JsonField> sink) {
            this.sink = sink;
        }

        @Override
        public Void visitConstant(RowPredicate.Constant constant) {
            return null;
        }

        @Override
        public Void visitAll(RowPredicate.All all) {
            all.parts().forEach(p -> p.accept(this));
            return null;
        }

        @Override
        public Void visitAny(RowPredicate.Any any) {
            any.parts().forEach(p -> p.accept(this));
            return null;
        }

        @Override
        public Void visitNegation(RowPredicate.Negation negation) {
            return negation.part().accept(this);
        }

        @Override
        public Void visitNameIs(RowPredicate.NameIs nameIs) {
            return null;
        }

        @Override
        public Void visitTimeIn(RowPredicate.TimeIn timeIn) {
            return null;
        }

        @Override
        public Void visitPresent(RowPredicate.Present present) {
            sink.accept(present.field());
            return null;
        }

        @Override
        public Void visitTextCompare(RowPredicate.TextCompare textCompare) {
            sink.accept(textCompare.field());
            return null;
        }

        @Override
        public Void visitNumberCompare(RowPredicate.NumberCompare numberCompare) {
            sink.accept(numberCompare.field());
            return null;
        }

        @Override
        public Void visitBooleanIs(RowPredicate.BooleanIs booleanIs) {
            sink.accept(booleanIs.field());
            return null;
        }

        @Override
        public Void visitTextContains(RowPredicate.TextContains textContains) {
            sink.accept(textContains.field());
            return null;
        }

        @Override
        public Void visitTextStartsWith(RowPredicate.TextStartsWith textStartsWith) {
            sink.accept(textStartsWith.field());
            return null;
        }

        @Override
        public Void visitArrayHasText(RowPredicate.ArrayHasText arrayHasText) {
            sink.accept(arrayHasText.field());
            return null;
        }

        @Override
        public Void visitTextMatches(RowPredicate.TextMatches textMatches) {
            sink.accept(textMatches.field());
            return null;
        }

        @Override
        public Void visitUserIdIn(RowPredicate.UserIdIn userIdIn) {
            return null;
        }

        @Override
        public Void visitHasPushToken(RowPredicate.HasPushToken hasPushToken) {
            return null;
        }
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

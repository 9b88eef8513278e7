package io.segments.engine.internal;

import io.segments.engine.sql.Dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame of a members or count query at one evaluation point: the plan's common table expressions (the events
 * pass {@code ev}, the latest times {@code l<k>}, the sequences), then the select, from where its users are found,
 * up to {@code WHERE <the user is live>}, for the caller to add its test.
 */
final class QueryFrame {
    private static final String USERS = "users";

    private final SqlPrinter printer;
    private final Dialect dialect;
    private final Plan plan;
    private final List<UserPredicate> filters;
    private final Source source;

    QueryFrame(SqlPrinter printer, Dialect dialect, Plan plan, List<UserPredicate> filters) {
        this.printer = printer;
        this.dialect = dialect;
        this.plan = plan;
        this.filters = List.copyOf(filters);
        this.source = source(plan, filters);
    }

    /** The {@code uid} column of the users the query finds. */
    String uid() {
        return printer.column(source.uid(), "uid");
    }

    /**
     * Where a query finds its users ({@code from}): every live user ({@code u}, the {@code users} table, with the
     * events pass's figures and the latest times joined), or, when each filter is false for a user without a row in
     * the pass ({@link WithoutEvents}), only the pass's rows ({@code ev}), or else, when each is false for a user
     * without a row in the relation of a latest time, only its rows ({@code l<k>}); then joined to their {@code users}
     * row when a filter reads it ({@code users}). A user with events is never a merged one: a merge moves the events
     * and folds their summary.
     */
    private record Source(String from, boolean users) {
        String uid() {
            return from.equals("u") || users ? "u" : from;
        }
    }

    private static Source source(Plan plan, List<UserPredicate> filters) {
        boolean users = filters.stream().anyMatch(UserRowReads::readsUserRow);
        if (!plan.scan().isEmpty() && filters.stream().allMatch(WithoutEvents::isFalse)) {
            return new Source("ev", users);
        }
        for (int k = 0; k < plan.latest().size(); k++) {
            int latest = k;
            if (filters.stream().allMatch(f -> WithoutEvents.isFalseWithoutLatest(f, latest))) {
                return new Source("l" + k, users);
            }
        }
        return new Source("u", true);
    }

    /** The earliest time {@code filters} test the latest time {@code latest} against (its relation's lower bound). */
    private static long latestFrom(List<UserPredicate> filters, int latest) {
        long[] from = {Long.MAX_VALUE};
        filters.forEach(f -> ColumnRefs.latestFrom(f, latest, from));
        return from[0];
    }

    /**
     * {@code select} with the plan's common table expressions before it and, after it, the live users joined
     * to their figures, up to {@code WHERE <the user is live>}.
     */
    String sql(String select) {
        List<String> ctes = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        boolean scan = !plan.scan().isEmpty();
        RowPredicate required = ScanSql.usersEveryFilterRequires(filters);
        for (int k = 0; k < plan.latest().size(); k++) {
            ctes.add(new LatestSql(printer, dialect).cte("l" + k, plan.latest().get(k), latestFrom(filters, k)));
            relations.add("l" + k);
        }
        if (scan) {
            ctes.add(dialect.quote("ev") + " AS (" + new ScanSql(printer, dialect).sql(plan, required,
                    ScanSql.aggregatesRead(filters), ScanSql.exactOnlyColumns(plan, filters, printer.rows()),
                    ScanSql.presenceOnlyColumns(plan, filters), new LatestSql(printer, dialect).required(filters))
                    + ")");
            relations.add("ev");
        }
        for (int i = 0; i < plan.sequences().size(); i++) {
            ctes.addAll(new SequenceSql(printer, dialect).ctes(plan.sequences().get(i), "s" + i));
        }
        StringBuilder sql = new StringBuilder();
        if (!ctes.isEmpty()) {
            sql.append("WITH ").append(String.join(",\n", ctes)).append('\n');
        }
        String from = source.from();
        sql.append(select).append(" FROM ").append(from.equals("u") ? dialect.quote(USERS) + " AS " + dialect.quote("u")
                : dialect.quote(from));
        for (String relation : relations) {
            if (!relation.equals(from)) {
                sql.append(" LEFT JOIN ").append(dialect.quote(relation)).append(" ON ").append(printer.column(relation, "uid"))
                        .append(" = ").append(printer.column(from, "uid"));
            }
        }
        if (!from.equals("u")) {
            if (!source.users()) {
                return sql.append("\nWHERE TRUE").toString();
            }
            sql.append(" JOIN ").append(dialect.quote(USERS)).append(" AS ").append(dialect.quote("u")).append(" ON ")
                    .append(printer.column("u", "uid")).append(" = ").append(printer.column(from, "uid"));
        }
        sql.append("\nWHERE ").append(printer.column("u", "merged_into")).append(" IS NULL");
        if (!required.equals(RowPredicate.TRUE)) {
            // what every filter requires of the user's row: the users the filters cannot admit are left out first
            sql.append(" AND ").append(printer.where(required, printer.usersContext()));
        }
        return sql.toString();
    }

}

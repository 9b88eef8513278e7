package io.segments.engine.internal;

import io.segments.engine.sql.Dialect;
import io.segments.store.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The relation of one event name's latest time per user ({@link UserPredicate.LatestFrom}) at the evaluation point
 * {@code now}: {@code (uid, t)}, one row per user whose latest event of that name up to {@code now} is at
 * {@code from} or later, with that time. It reads the store's summary of the sorted and compacted events
 * ({@value Schema#EVENT_SUMMARY}: a user's latest such event of the name, when it is in {@code [from, now]}), and
 * the events themselves only where the summary cannot say: the recent ones, and the sorted and compacted ones of the
 * users whose latest such event is after {@code now} (a count at an earlier point, or events dated ahead). The two parts are
 * joined by user (the second is small), so the relation is one summary row per user and no grouping of them.
 */
final class LatestSql {
    private final SqlPrinter printer;
    private final Dialect dialect;

    LatestSql(SqlPrinter printer, Dialect dialect) {
        this.printer = printer;
        this.dialect = dialect;
    }

    /** The common table expression {@code name} of the latest {@code event}, for tests of times at {@code from} or later. */
    String cte(String name, String event, long from) {
        long now = printer.now("a latest time");
        String uid = printer.column("x", "uid");
        String ts = printer.column("x", "ts");
        String last = printer.column("x", "last_ts");
        String named = " AS " + dialect.quote("x") + " WHERE " + printer.column("x", "name") + " = "
                + printer.bind(event) + " AND ";
        String summary = dialect.quote(Schema.EVENT_SUMMARY);
        String beyond = "SELECT " + uid + " FROM " + summary + named + last + " > " + printer.bind(now);
        StringBuilder events = new StringBuilder("SELECT " + uid + ", " + ts + " FROM "
                + dialect.quote(Schema.EVENTS_RECENT) + named + printer.timeBetween(ts, from, now));
        for (String settled : List.of(Schema.EVENTS_SORTED, Schema.EVENTS_COMPACTED)) {
            events.append(" UNION ALL SELECT ").append(uid).append(", ").append(ts).append(" FROM ")
                    .append(dialect.quote(settled)).append(named).append(printer.timeBetween(ts, from, now))
                    .append(" AND ").append(uid).append(" IN (").append(beyond).append(")");
        }
        String s = dialect.quote("s");
        String r = dialect.quote("r");
        String t = dialect.quote("t");
        String sorted = "SELECT " + uid + ", " + last + " AS " + t + " FROM " + summary + named
                + printer.timeBetween(last, from, now);
        String other = "SELECT " + dialect.quote("uid") + ", max(" + dialect.quote("ts") + ") AS " + t + " FROM ("
                + events + ") AS " + dialect.quote("e") + " GROUP BY " + dialect.quote("uid");
        return dialect.quote(name) + " AS (SELECT COALESCE(" + printer.column("s", "uid") + ", "
                + printer.column("r", "uid") + ") AS " + dialect.quote("uid") + ", " + greatest(printer.column("s", "t"),
                printer.column("r", "t")) + " AS " + t + " FROM (" + sorted + ") AS " + s
                + " FULL OUTER JOIN (" + other + ") AS " + r + " ON " + printer.column("r", "uid") + " = "
                + printer.column("s", "uid") + ")";
    }

    /**
     * The users every one of {@code filters} requires by its tests of latest times (conjuncts at its top), as SQL
     * relations of {@code uid}, one per latest time with a positive test among them ("did X in {@code [a, now]}",
     * maybe "and not in {@code [c, now]}"): the events pass need not read other users' events. Without a positive
     * test the users would be most of them.
     */
    List<String> required(List<UserPredicate> filters) {
        List<UserPredicate> common = ScanSql.commonConjuncts(filters, part -> part instanceof UserPredicate.LatestFrom
                || part instanceof UserPredicate.Negation n && n.part() instanceof UserPredicate.LatestFrom);
        Map<Integer, List<UserPredicate>> byLatest = new TreeMap<>();
        for (UserPredicate test : common) {
            UserPredicate.LatestFrom latest = (UserPredicate.LatestFrom) (test instanceof UserPredicate.Negation n
                    ? n.part() : test);
            byLatest.computeIfAbsent(latest.latest(), k -> new ArrayList<>()).add(test);
        }
        List<String> relations = new ArrayList<>();
        byLatest.forEach((k, tests) -> {
            if (tests.stream().anyMatch(t -> t instanceof UserPredicate.LatestFrom)) {
                relations.add("SELECT " + printer.column("l" + k, "uid") + " FROM " + dialect.quote("l" + k)
                        + " WHERE " + SqlPrinter.join(tests.stream().map(t -> printer.user(t,
                        new Figures("ev"))).toList(), " AND ", "TRUE"));
            }
        });
        return relations;
    }

    /** The larger of two times either of which may be {@code NULL} (not both). */
    private static String greatest(String a, String b) {
        return "CASE WHEN " + a + " IS NULL OR " + b + " > " + a + " THEN " + b + " ELSE " + a + " END";
    }
}

package io.segments.engine;

import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Occurrence;
import io.segments.model.Operator;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Dataset;
import io.segments.testing.ReferenceMembershipEvaluator;
import io.segments.engine.sql.CompiledQuery;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event names, property and trait names and values, segment ids and member ids made of quotes,
 * backslashes, semicolons, comment markers, statements and keywords: the engine agrees with the
 * reference on them, never puts them in the SQL it compiles (DuckDB receives them as typed constants with their
 * quotes doubled only when the query is sent, {@code DuckDbConstantsTest}), and changes no data.
 */
class SqlInjectionTest {
    /** Hostile texts; none contains a dot, which names use for nesting. */
    static final List<String> HOSTILE = List.of(
            "'", "''", "\"", "\\", "\\'", "\\\"", ";", "--", "/*", "*/", "'); DROP TABLE events; --",
            "\"); DROP TABLE users; --", "x' OR '1'='1", "1; DELETE FROM users", "SELECT", "DROP", "NULL", "TRUE",
            "$1", "$2", "?", "%", "_", "~", "~0", "~1", "/", "a/b", "[0]", "*", "$", "$[*]", "0", "1", "é", "中文",
            "😀", "tab\there", "new\nline", "\u0001", "{\"json\": 1}", "[\"a\"]", "Robert'); DROP TABLE students;--");

    private static final Instant NOW = Data.NOW;
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final EngineEvaluator ENGINE = new EngineEvaluator(STORE);
    private static final ReferenceMembershipEvaluator REFERENCE = new ReferenceMembershipEvaluator();

    record Case(Dataset data, List<Condition> definitions, SegmentLookup segments, String staticId) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Case[");
            definitions.forEach(d -> text.append("\n  ").append(SegmentJson.write(d)));
            return text.append("]").toString();
        }
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void hostileTextIsDataNotSql(@ForAll("cases") Case c) throws SQLException {
        STORE.load(c.data());
        Map<String, String> before = fingerprint();
        for (Condition definition : c.definitions()) {
            Set<String> expected = REFERENCE.members(c.data(), definition, NOW, c.segments());
            Set<String> actual = ENGINE.members(c.data(), definition, NOW, c.segments());
            assertThat(new TreeSet<>(actual)).as("%s", SegmentJson.write(definition)).isEqualTo(new TreeSet<>(expected));
            Statistics.label("members").collect(expected.isEmpty() ? "none"
                    : expected.size() == c.data().profiles().size() ? "all" : "some");
            CompiledQuery query = STORE.engine().compile(definition, NOW, c.segments(), Optional.empty());
            for (String hostile : List.of("DROP TABLE", "DELETE FROM", "'1'='1", "😀", "中文", "--", "/*", ";")) {
                assertThat(query.sql()).as("user values are parameters").doesNotContain(hostile);
            }
            assertThat(literals(query.sql())).as("the only literals are the compiler's own")
                    .isSubsetOf(COMPILER_LITERALS);
        }
        assertThat(fingerprint()).as("no data changed").isEqualTo(before);
    }

    @Test
    void statementsInNamesAndValuesAreMatchedAsText() throws SQLException {
        String drop = "'); DROP TABLE events; --";
        String quoted = "it's \"quoted\" \\ /* not a comment */ ; SELECT 1";
        Dataset data = Data.users("plain")
                .user(drop, Map.of(drop, quoted, "nested", Map.of(quoted, drop)))
                .event(drop, drop, "1h", Map.of(quoted, drop))
                .event("plain", quoted, "2h", Map.of(drop, 1)).build();
        try (StoreFixture store = StoreFixture.inMemory()) {
            EngineEvaluator engine = new EngineEvaluator(store);
            store.load(data);
            long events = count(store, "events");
            List<Condition> definitions = List.of(
                    new Condition.Attribute(FieldTest.of(drop, Operator.EQ, new Literal.Text(quoted))),
                    new Condition.Attribute(FieldTest.of("nested." + quoted, Operator.STARTS_WITH,
                            new Literal.Text("'); drop"))),
                    new Condition.Did(drop, Optional.empty(), List.of(FieldTest.of(quoted, Operator.EQ,
                            new Literal.Text(drop))), Optional.empty(), Optional.empty(), false),
                    new Condition.Did(quoted, Optional.empty(), List.of(FieldTest.of(drop, Operator.GTE,
                            Literal.Num.of(1))), Optional.empty(), Optional.empty(), false),
                    new Condition.Sequence(List.of(Step.did(quoted), Step.did(drop)), Optional.empty(),
                            Occurrence.ANY));
            List<Set<String>> expected = List.of(Set.of(drop), Set.of(drop), Set.of(drop), Set.of("plain"), Set.of());
            for (int i = 0; i < definitions.size(); i++) {
                assertThat(engine.members(data, definitions.get(i), NOW, SegmentLookup.none()))
                        .as(SegmentJson.write(definitions.get(i))).isEqualTo(expected.get(i))
                        .isEqualTo(REFERENCE.members(data, definitions.get(i), NOW, SegmentLookup.none()));
            }
            assertThat(count(store, "events")).isEqualTo(events).isEqualTo(2);
        }
    }

    private static long count(StoreFixture store, String table) throws SQLException {
        try (Statement s = store.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return users().list().ofMinSize(4).ofMaxSize(10).map(SqlInjectionTest::dataset).flatMap(data -> {
            Vocabulary words = Vocabulary.of(data);
            return Combinators.combine(texts().list().ofMinSize(1).ofMaxSize(3), texts(),
                            conditions(words).list().ofSize(6))
                    .as((listed, staticId, conditions) -> {
                        List<String> memberIds = new ArrayList<>(listed);
                        memberIds.add(data.profiles().get(0).userId());
                        Segment stat = new Segment(Optional.of(staticId), "static", Optional.empty(),
                                SegmentType.STATIC, Optional.empty(), memberIds, Optional.empty(), Optional.empty());
                        List<Condition> definitions = new ArrayList<>(conditions);
                        definitions.add(new Condition.InSegment(staticId));
                        definitions.add(new Condition.Not(new Condition.InSegment(staticId)));
                        SegmentLookup lookup = id -> id.equals(staticId) ? Optional.of(stat) : Optional.empty();
                        return new Case(data, definitions, lookup, staticId);
                    });
        });
    }

    /** The names and texts a data set holds, so that definitions made of them match its users. */
    private record Vocabulary(List<String> traitNames, List<String> propertyNames, List<String> events,
                              List<String> texts) {
        static Vocabulary of(Dataset data) {
            Set<String> traits = new TreeSet<>();
            Set<String> properties = new TreeSet<>();
            Set<String> events = new TreeSet<>();
            Set<String> texts = new TreeSet<>(HOSTILE.subList(0, 5));
            for (Profile p : data.profiles()) {
                collect(p.traits(), "", traits, texts);
            }
            data.events().values().forEach(list -> list.forEach(e -> {
                events.add(e.name());
                collect(e.properties(), "", properties, texts);
            }));
            properties.add("'");
            events.add("'");
            return new Vocabulary(List.copyOf(traits), List.copyOf(properties), List.copyOf(events),
                    List.copyOf(texts));
        }

        private static void collect(Map<String, Object> map, String prefix, Set<String> names, Set<String> texts) {
            map.forEach((key, value) -> {
                names.add(prefix + key);
                if (value instanceof Map<?, ?> inner) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> nested = (Map<String, Object>) inner;
                    collect(nested, prefix + key + ".", names, texts);
                } else if (value instanceof String text) {
                    texts.add(text);
                } else if (value instanceof List<?> list) {
                    list.forEach(element -> texts.add(String.valueOf(element)));
                }
            });
        }
    }

    /** A hostile text, or a random mix of hostile characters. */
    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.of(HOSTILE),
                Arbitraries.strings().withChars("'\"\\;-/*$?~0[]{}% \t\nxDROP").ofMinLength(1).ofMaxLength(12));
    }

    /** A name: one hostile text, or two joined by a dot (a nested name). */
    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(texts(), Combinators.combine(texts(), texts()).as((a, b) -> a + "." + b));
    }

    private record User(String id, Map<String, Object> traits, List<Event> events) {
    }

    private static Arbitrary<User> users() {
        Arbitrary<Map<String, Object>> objects = Combinators.combine(names(), values()).as(SqlInjectionTest::nested);
        Arbitrary<Event> events = Combinators.combine(texts(), Arbitraries.longs().between(-5, 0), objects)
                .as((name, days, properties) -> new Event(name, NOW.toEpochMilli() + days * 86_400_000L, properties));
        return Combinators.combine(texts(), objects, events.list().ofMaxSize(4))
                .as(User::new);
    }

    private static Arbitrary<Object> values() {
        return Arbitraries.oneOf(texts().map(s -> (Object) s), Arbitraries.of(5, 500.5, true).map(v -> (Object) v),
                texts().list().ofMaxSize(2).map(l -> (Object) l));
    }

    /** {@code {"a": {"b": value}}} for the name {@code a.b}. */
    private static Map<String, Object> nested(String name, Object value) {
        String[] keys = name.split("\\.", -1);
        Object current = value;
        for (int i = keys.length - 1; i >= 0; i--) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put(keys[i], current);
            current = map;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) current;
        return result;
    }

    private static Dataset dataset(List<User> users) {
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            String id = users.get(i).id() + "#" + i;
            profiles.add(Profile.of(id, users.get(i).traits()));
            events.put(id, users.get(i).events());
        }
        return new Dataset(profiles, events);
    }

    private static Arbitrary<Condition> conditions(Vocabulary words) {
        Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.of(words.texts()), texts());
        Arbitrary<FieldTest> traitTests = fieldTests(Arbitraries.of(words.traitNames()), texts);
        Arbitrary<FieldTest> propertyTests = fieldTests(Arbitraries.of(words.propertyNames()), texts);
        Arbitrary<String> events = Arbitraries.of(words.events());
        Arbitrary<Condition> attributes = traitTests.map(Condition.Attribute::new);
        Arbitrary<Condition> dids = Combinators.combine(events, propertyTests.list().ofMaxSize(2))
                .as((event, where) -> new Condition.Did(event, Optional.empty(), where, Optional.empty(),
                        Optional.empty(), false));
        Arbitrary<Condition> didNots = Combinators.combine(events, propertyTests.list().ofMaxSize(1))
                .as((event, where) -> new Condition.DidNot(event, Optional.empty(), where));
        Arbitrary<Condition> sequences = Combinators.combine(events, events, propertyTests.list().ofMaxSize(1),
                        Arbitraries.of(true, false))
                .as((first, second, where, negated) -> new Condition.Sequence(List.of(Step.did(first),
                        new Step(negated, second, where, Optional.of(new Span(2, Span.Unit.DAYS)))),
                        Optional.empty(), Occurrence.ANY));
        return Arbitraries.oneOf(attributes, dids, didNots, sequences);
    }

    private static Arbitrary<FieldTest> fieldTests(Arbitrary<String> names, Arbitrary<String> texts) {
        return Combinators.combine(names, Arbitraries.of(Operator.class), texts, texts.list().ofMinSize(1).ofMaxSize(3))
                .as((name, op, text, list) -> new FieldTest(name, op, valueFor(op, text, list)));
    }

    private static Optional<Literal> valueFor(Operator op, String text, List<String> list) {
        switch (op) {
            case EXISTS:
            case NOT_EXISTS:
                return Optional.empty();
            case IN:
            case NOT_IN:
                return Optional.of(new Literal.Array(list.stream().map(s -> (Literal) new Literal.Text(s)).toList()));
            case BETWEEN: {
                List<String> sorted = new ArrayList<>(List.of(text, list.get(0)));
                sorted.sort(io.segments.model.eval.Values::compareStrings);
                return Optional.of(new Literal.Array(List.of(new Literal.Text(sorted.get(0)),
                        new Literal.Text(sorted.get(1)))));
            }
            case GT:
            case LT:
                return Optional.of(new Literal.Num(new BigDecimal("500.5")));
            default:
                return Optional.of(new Literal.Text(text));
        }
    }

    /** The string literals the compiler writes itself: JSON kinds, JSON paths, the exact-number form. */
    private static final Set<String> COMPILER_LITERALS = Set.of("VARCHAR", "BIGINT", "UBIGINT", "DOUBLE", "BOOLEAN",
            "ARRAY", "OBJECT", "NULL", "$", "$[*]", "", "[\"VARCHAR\"]", "-?[0-9]{1,12}([.][0-9]{1,6})?");

    /** The single-quoted literals of SQL text. */
    static Set<String> literals(String sql) {
        Set<String> found = new TreeSet<>();
        int i = 0;
        while ((i = sql.indexOf('\'', i)) >= 0) {
            StringBuilder literal = new StringBuilder();
            int j = i + 1;
            while (true) {
                if (j >= sql.length()) {
                    throw new AssertionError("unterminated literal in " + sql);
                }
                if (sql.charAt(j) == '\'') {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == '\'') {
                        literal.append('\'');
                        j += 2;
                        continue;
                    }
                    break;
                }
                literal.append(sql.charAt(j++));
            }
            found.add(literal.toString());
            i = j + 1;
        }
        return found;
    }

    /** Row count and an order-independent checksum of every table. */
    private static Map<String, String> fingerprint() throws SQLException {
        Map<String, String> prints = new LinkedHashMap<>();
        try (Statement s = STORE.connection().createStatement()) {
            for (String table : List.of("users", "identities", "events", "push_tokens")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(hash(t)), 0) FROM " + table + " t")) {
                    rs.next();
                    prints.put(table, rs.getLong(1) + "/" + rs.getObject(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables()")) {
                rs.next();
                prints.put("tables", String.valueOf(rs.getLong(1)));
            }
        }
        return prints;
    }

    @AfterContainer
    static void close() {
        STORE.close();
    }
}

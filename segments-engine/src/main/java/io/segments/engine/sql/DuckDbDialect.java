package io.segments.engine.sql;

import io.segments.store.EventDocuments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DuckDB: {@code $n} placeholders, JSON through {@code json_extract} with JSON pointers
 * ({@code /a/b}, keys escaped {@code ~0 ~1}, so any key text is safe), {@code HUGEINT} for
 * exact integers and {@code DECIMAL(38,18)} for exact decimals.
 */
public final class DuckDbDialect implements Dialect {
    /** The one instance. */
    public static final DuckDbDialect INSTANCE = new DuckDbDialect();

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    /** Keys a JSON pointer would read as an array index when the value is an array. */
    private static final Pattern INDEX_LIKE = Pattern.compile("0|[1-9][0-9]*");
    private static final int SCALE = 6;
    private static final String DECIMAL = "DECIMAL(18, " + SCALE + ")";
    private static final String WIDE_DECIMAL = "DECIMAL(38, " + SCALE + ")";
    /** Plain decimal text with at most 12 integer digits and at most 6 fraction digits. */
    private static final String EXACT_FORM = "'-?[0-9]{1,12}([.][0-9]{1,6})?'";

    private DuckDbDialect() {
    }

    @Override
    public CompiledQuery forExecution(CompiledQuery query) {
        return DuckDbConstants.inline(query);
    }

    @Override
    public String placeholder(int position) {
        return "$" + position;
    }

    @Override
    public boolean reusesPlaceholders() {
        return true;
    }

    @Override
    public String quote(String identifier) {
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not an identifier of the compiler: " + identifier);
        }
        return "\"" + identifier + "\"";
    }

    @Override
    public String jsonValue(String document, List<String> keys, Parameters parameters) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a JSON value needs at least one key");
        }
        // A pointer step into an array would index it ("/items/0"); the model only walks objects,
        // so every index-like key after the first requires its parent to be an object.
        List<String> guards = new ArrayList<>();
        for (int i = 1; i < keys.size(); i++) {
            if (INDEX_LIKE.matcher(keys.get(i)).matches()) {
                String parent = "json_extract(" + document + ", " + parameters.bind(pointer(keys.subList(0, i))) + ")";
                guards.add("json_type(" + parent + ") = 'OBJECT'");
            }
        }
        String value = "json_extract(" + document + ", " + parameters.bind(pointer(keys)) + ")";
        if (guards.isEmpty()) {
            return value;
        }
        return "CASE WHEN " + String.join(" AND ", guards) + " THEN " + value + " END";
    }

    /** RFC 6901: {@code /key/key}, with {@code ~} written {@code ~0} and {@code /} written {@code ~1}. */
    static String pointer(List<String> keys) {
        StringBuilder pointer = new StringBuilder();
        for (String key : keys) {
            pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    @Override
    public String jsonIs(String value, JsonKind kind) {
        switch (kind) {
            case STRING:
                return "json_type(" + value + ") = 'VARCHAR'";
            case INTEGER:
                return "json_type(" + value + ") IN ('BIGINT', 'UBIGINT')";
            case FLOAT:
                return "json_type(" + value + ") = 'DOUBLE'";
            case BOOLEAN:
                return "json_type(" + value + ") = 'BOOLEAN'";
            case ARRAY:
                return "json_type(" + value + ") = 'ARRAY'";
            case OBJECT:
                return "json_type(" + value + ") = 'OBJECT'";
            case NULL:
                return "json_type(" + value + ") = 'NULL'";
            default:
                throw new IllegalStateException("JSON kind without a test: " + kind);
        }
    }

    @Override
    public String jsonIsNumber(String value) {
        return "json_type(" + value + ") IN ('BIGINT', 'UBIGINT', 'DOUBLE')";
    }

    @Override
    public String jsonText(String value) {
        return "json_extract_string(" + value + ", '$')";
    }

    @Override
    public String jsonBoolean(String value) {
        return "CAST(" + value + " AS BOOLEAN)";
    }

    @Override
    public String jsonInteger(String value) {
        return "CAST(" + value + " AS HUGEINT)";
    }

    @Override
    public String jsonDouble(String value) {
        return "CAST(" + value + " AS DOUBLE)";
    }

    @Override
    public String jsonFromText(String text) {
        return "CAST(" + text + " AS JSON)";
    }

    @Override
    public String jsonOfSlot(String kind, String decimal, String text) {
        return EventDocuments.slotJsonSql(kind, decimal, text);
    }

    @Override
    public String decimalToDouble(String decimal) {
        return "CAST(" + decimal + " AS DOUBLE)";
    }

    @Override
    public String jsonExactDecimal(String value) {
        String text = "CAST(" + value + " AS VARCHAR)";
        return "CASE WHEN regexp_full_match(" + text + ", " + EXACT_FORM + ") THEN CAST(" + text + " AS " + DECIMAL
                + ") END";
    }

    @Override
    public int exactScale() {
        return SCALE;
    }

    @Override
    public BigDecimal exactLimit() {
        return BigDecimal.TEN.pow(12);
    }

    @Override
    public long exactTerms() {
        return 1_000_000_000_000_000L;
    }

    @Override
    public String integerParameter(BigInteger value, Parameters parameters) {
        if (value.abs().bitLength() > 100) {
            throw new IllegalArgumentException("integer parameter out of range: " + value);
        }
        return "CAST(" + parameters.bind(value.toString()) + " AS HUGEINT)";
    }

    @Override
    public String decimalParameter(BigDecimal value, Parameters parameters) {
        if (value.scale() > SCALE || value.abs().compareTo(BigDecimal.TEN.pow(38 - SCALE)) >= 0) {
            throw new IllegalArgumentException("decimal parameter out of range: " + value);
        }
        return "CAST(" + parameters.bind(value.toPlainString()) + " AS " + WIDE_DECIMAL + ")";
    }

    @Override
    public String lower(String text) {
        return "lower(" + text + ")";
    }

    @Override
    public String contains(String text, String needle) {
        return "contains(" + text + ", " + needle + ")";
    }

    @Override
    public String startsWith(String text, String prefix) {
        return "starts_with(" + text + ", " + prefix + ")";
    }

    @Override
    public String jsonArrayHasText(String value, String text) {
        return "list_contains(list_transform(json_extract(" + value + ", '$[*]'), lambda x: CASE WHEN json_type(x) = "
                + "'VARCHAR' THEN json_extract_string(x, '$') END), " + text + ")";
    }

    @Override
    public String matchesWhole(String text, String regex) {
        return "regexp_full_match(" + text + ", " + regex + ")";
    }

    @Override
    public String textIn(String value, List<String> set, Parameters parameters) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < set.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            appendJsonString(json, set.get(i));
        }
        json.append(']');
        return "list_contains(from_json(" + parameters.bind(json.toString()) + ", '[\"VARCHAR\"]'), " + value + ")";
    }

    private static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    @Override
    public String semiJoin(boolean anti) {
        return anti ? "ANTI JOIN" : "SEMI JOIN";
    }

    @Override
    public String bitOr(String value) {
        return "bit_or(" + value + ")";
    }

    @Override
    public String uidIn(String uid, String uids) {
        return uid + " IN (SELECT unnest(" + uids + "))";
    }

    @Override
    public String jsonKey(String value) {
        // integral doubles below 2^53 as integers: 500.0 is 500
        return "(CASE WHEN " + value + " IS NULL OR json_type(" + value + ") = 'NULL' THEN NULL"
                + " WHEN json_type(" + value + ") = 'DOUBLE' AND CAST(" + value + " AS DOUBLE) = trunc(CAST(" + value
                + " AS DOUBLE)) AND abs(CAST(" + value + " AS DOUBLE)) < 9007199254740992"
                + " THEN CAST(CAST(CAST(" + value + " AS DOUBLE) AS BIGINT) AS VARCHAR)"
                + " ELSE CAST(" + value + " AS VARCHAR) END)";
    }

    @Override
    public String firstBy(String value, String order) {
        return "first(" + value + " ORDER BY " + order + ")";
    }

    @Override
    public String lowerMedian(String value) {
        return "quantile_disc(" + value + ", 0.5)";
    }

    @Override
    public String leadIgnoringNulls(String value) {
        return "lead(" + value + " IGNORE NULLS)";
    }

    @Override
    public String floorDivide(String a, String b) {
        return "((" + a + ") // " + b + ")";
    }

    @Override
    public String integersFromTo(String from, String to) {
        return "unnest(range(" + from + ", " + to + " + 1))";
    }
}

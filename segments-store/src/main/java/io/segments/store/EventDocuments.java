package io.segments.store;

import io.segments.store.TypedColumns.Kind;
import io.segments.store.TypedColumns.Scope;
import io.segments.store.internal.Json;
import io.segments.store.internal.Transactions;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The properties of stored events, whole. A typed slot ({@link TypedColumns}) holds its value whole, so ingestion
 * stores an event's JSON document without the keys whose value a slot holds (every kind but an object, whose
 * fields a path reads from the document, and {@link Kind#OTHER}): the document and the slot columns together are
 * the properties. Rows written before (and rows of an upgraded store, whose slots were filled after) keep their
 * whole document; a key the document holds is taken from it, so both read the same.
 *
 * <p>A value read back from a slot is the one the original JSON text gives: strings and booleans as they are,
 * exact numbers from their decimal (or from their text, kept when it was not the decimal's plain form, such as
 * {@code 41.0}), other numbers and arrays from their JSON text. The keys come back in a different order: the
 * document's first, then the slots' in slot order.
 *
 * <p>Readers select {@link #columns} and read each row with {@link #properties}; an instance must describe slots
 * at least as new as the rows read (read it with {@link #read} in the reading transaction).
 */
public final class EventDocuments {
    private final Map<String, String[]> keysByName = new LinkedHashMap<>();
    private final int slots;

    private EventDocuments(TypedColumns typed) {
        this.slots = typed.slotCount(TypedColumns.Document.EVENT_PROPERTIES);
        for (Scope scope : typed.scopes()) {
            if (scope.document() == TypedColumns.Document.EVENT_PROPERTIES) {
                String[] keys = new String[slots + 1];
                typed.slots(scope).forEach((key, slot) -> keys[slot] = key);
                keysByName.put(scope.event(), keys);
            }
        }
    }

    /** The event documents of a store whose slots are {@code typed}. */
    public static EventDocuments of(TypedColumns typed) {
        return new EventDocuments(requireNonNull(typed, "typed is null"));
    }

    /** The event documents as the transaction of {@code connection} sees the slots. */
    public static EventDocuments read(Connection connection) throws SQLException {
        return of(TypedColumns.read(connection));
    }

    /** Reads the rows of a query that selects {@link #columns} (see {@link #query}). */
    @FunctionalInterface
    public interface Rows {
        void read(ResultSet rs, EventDocuments documents) throws SQLException;
    }

    /**
     * Runs the query {@code sql} prints for the event documents (binding {@code parameters}) in one read
     * transaction that also reads the slots, so that every row's slots are known; hands each row to {@code rows}.
     */
    public static void query(Connection connection, java.util.function.Function<EventDocuments, String> sql,
                             List<?> parameters, Rows rows) throws SQLException {
        Transactions.inOne(connection, s -> {
            EventDocuments documents = read(connection);
            try (PreparedStatement p = connection.prepareStatement(sql.apply(documents))) {
                for (int i = 0; i < parameters.size(); i++) {
                    p.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.read(rs, documents);
                    }
                }
            }
            return null;
        });
    }

    /** The columns to select from the events row {@code alias} ({@code props}, then every slot's three). */
    public String columns(String alias) {
        StringBuilder b = new StringBuilder(alias).append(".props");
        for (int i = 1; i <= slots; i++) {
            b.append(", ").append(alias).append('.').append(TypedColumns.kindColumn(i))
                    .append(", ").append(alias).append('.').append(TypedColumns.decimalColumn(i))
                    .append(", ").append(alias).append('.').append(TypedColumns.textColumn(i));
        }
        return b.toString();
    }

    /** How many columns {@link #columns} names. */
    public int width() {
        return 1 + 3 * slots;
    }

    /** The properties of an event named {@code name} whose {@link #columns} start at column {@code first}. */
    public Map<String, Object> properties(String name, ResultSet rs, int first) throws SQLException {
        Map<String, Object> properties = Json.readObject(rs.getString(first));
        String[] keys = keysByName.get(name);
        if (keys == null) {
            return properties;
        }
        for (int i = 1; i <= slots; i++) {
            if (keys[i] == null || properties.containsKey(keys[i])) {
                continue;
            }
            int column = first + 1 + 3 * (i - 1);
            int kind = rs.getInt(column);
            if (rs.wasNull()) {
                continue; // absent from this event
            }
            Kind k = kind(kind);
            if (k.holdsValue()) {
                properties.put(keys[i], value(k, rs.getBigDecimal(column + 1), rs.getString(column + 2)));
            }
        }
        return properties;
    }

    /**
     * The JSON value (DuckDB SQL, {@code NULL} when absent) of top-level property {@code key} of the events row
     * {@code alias}, whatever its name: from the document when it holds the key, else from the slot of the row's
     * event name. Names and keys are inlined as SQL literals.
     */
    public String valueSql(String alias, String key) {
        StringBuilder slotted = new StringBuilder();
        keysByName.forEach((name, keys) -> {
            for (int i = 1; i <= slots; i++) {
                if (key.equals(keys[i])) {
                    slotted.append(" WHEN ").append(literal(name)).append(" THEN ").append(slotJsonSql(alias, i));
                }
            }
        });
        String document = "json_extract(" + alias + ".props, " + literal("/" + key.replace("~", "~0")
                .replace("/", "~1")) + ")"; // an RFC 6901 pointer
        return slotted.isEmpty() ? document
                : "COALESCE(" + document + ", CASE " + alias + ".name" + slotted + " END)";
    }

    /**
     * The value slot {@code slot} of the row {@code alias} holds, as JSON (DuckDB SQL): {@code NULL} when the slot
     * is empty or its value is in the document (an object).
     */
    public static String slotJsonSql(String alias, int slot) {
        return slotJsonSql(alias + "." + TypedColumns.kindColumn(slot), alias + "." + TypedColumns.decimalColumn(slot),
                alias + "." + TypedColumns.textColumn(slot));
    }

    /** {@link #slotJsonSql(String, int)} of the slot columns {@code k}, {@code d} and {@code s}. */
    public static String slotJsonSql(String k, String d, String s) {
        // numbers and arrays parsed and written again, as json_extract writes a value of a document
        return "(CASE " + k + " WHEN " + Kind.NULL.code() + " THEN CAST('null' AS JSON)"
                + " WHEN " + Kind.STRING.code() + " THEN to_json(" + s + ")"
                + " WHEN " + Kind.EXACT_NUMBER.code() + " THEN json_extract(CAST(coalesce(" + s + ", rtrim(rtrim(CAST("
                + d + " AS VARCHAR), '0'), '.')) AS JSON), '$')"
                + " WHEN " + Kind.OTHER_NUMBER.code() + " THEN json_extract(CAST(" + s + " AS JSON), '$')"
                + " WHEN " + Kind.BOOLEAN.code() + " THEN CAST(CASE WHEN " + d + " <> 0 THEN 'true' ELSE 'false' END AS JSON)"
                + " WHEN " + Kind.ARRAY.code() + " THEN json_extract(CAST(" + s + " AS JSON), '$') END)";
    }

    /** The value of a slot of kind {@code kind} holding {@code decimal} and {@code text}. */
    static Object value(Kind kind, BigDecimal decimal, String text) {
        switch (kind) {
            case NULL:
                return null;
            case STRING:
                return text;
            case BOOLEAN:
                return decimal.signum() != 0;
            case EXACT_NUMBER:
                if (text != null) {
                    return Json.readValue(text);
                }
                BigDecimal plain = decimal.stripTrailingZeros();
                if (plain.scale() <= 0) {
                    long v = plain.longValueExact();
                    return v == (int) v ? (Object) (int) v : (Object) v; // as a JSON reader gives an integer
                }
                return Double.parseDouble(plain.toPlainString()); // as a JSON reader gives a fraction
            case OTHER_NUMBER:
            case ARRAY:
                return Json.readValue(text);
            default:
                throw new IllegalArgumentException("a slot of kind " + kind + " does not hold its value");
        }
    }

    private static Kind kind(int code) {
        for (Kind k : Kind.values()) {
            if (k.code() == code) {
                return k;
            }
        }
        throw new IllegalStateException("unknown slot kind " + code);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}

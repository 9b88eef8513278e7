package io.segments.store.internal;

import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Kind;
import org.duckdb.DuckDBAppender;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The slot columns of the rows ingestion writes, computed in Java from the documents' values as the writer holds
 * them (untyped Java, {@link Json}) and appended with the row: no JSON is parsed again. They are what
 * {@link TypedSql#withSlots} computes in SQL from the document's JSON text for the rows of an older store (the
 * same kind, the same decimal value, a text that reads as the same JSON value); {@code SlotValuesTest} compares
 * the two on many values. A number is an exact one when its value (a double's is that of its shortest decimal
 * form, as {@link Double#toString} writes it into the document) has at most 12 integer and 6 fraction digits.
 *
 * <p>An instance holds the slots of one scope (an event name, or the traits) for one group; it also records which slots received a number
 * that is not exact ({@link #otherNumbers()}).
 *
 * <p>A slot holds its value whole, so an event's stored document leaves out the keys whose value a slot holds
 * ({@link #document}): every kind but an object (whose fields are read from the document by path) and
 * {@link Kind#OTHER}. An exact number keeps its text in the text column when the document's text is not the plain
 * form of its decimal ({@code 41.0}, {@code 1.0E7}, {@code -0}), so the value reads back as the same JSON text
 * ({@code io.segments.store.EventDocuments}).
 */
final class SlotValues {
    private static final long EXACT_LIMIT = 1_000_000_000_000L;
    private static final BigDecimal EXACT_LIMIT_DECIMAL = BigDecimal.valueOf(EXACT_LIMIT);
    private static final int SCALE = 6;
    private static final long UNIT = 1_000_000L;

    /** One value's slot columns: its kind, the decimal's unscaled value at scale 6 (or none), the text (or none). */
    record Slot(Kind kind, Long unscaled, String text) {
        /** The decimal as a value. */
        BigDecimal decimal() {
            return unscaled == null ? null : BigDecimal.valueOf(unscaled, SCALE);
        }
    }

    private final String[] keys;
    private final boolean[] otherNumbers;

    /** The slots of one scope: key to slot number, of {@code count} slots per row. */
    SlotValues(Map<String, Integer> slots, int count) {
        keys = new String[count + 1];
        otherNumbers = new boolean[count + 1];
        slots.forEach((key, slot) -> keys[slot] = key);
    }

    /** Appends the three columns of every slot, in table order, for a row whose document holds {@code values}. */
    void append(DuckDBAppender a, Map<String, ?> values) throws SQLException {
        append(a, slots(values));
    }

    /** The slot columns of a row whose document holds {@code values}, by slot number ({@code null}: absent). */
    Slot[] slots(Map<String, ?> values) {
        Slot[] row = new Slot[keys.length];
        for (int i = 1; i < keys.length; i++) {
            String key = keys[i];
            if (key != null && values.containsKey(key)) {
                row[i] = of(values.get(key));
            }
        }
        return row;
    }

    /** Appends the three columns of every slot of {@code row} ({@link #slots}), in table order. */
    void append(DuckDBAppender a, Slot[] row) throws SQLException {
        for (int i = 1; i < keys.length; i++) {
            Slot slot = row[i];
            if (slot == null) {
                a.appendNull().appendNull().appendNull();
                continue;
            }
            a.append((byte) slot.kind().code());
            if (slot.unscaled() == null) {
                a.appendNull();
            } else {
                a.appendDecimal(slot.unscaled());
            }
            if (slot.text() == null) {
                a.appendNull();
            } else {
                a.append(slot.text());
            }
            otherNumbers[i] |= slot.kind() == Kind.OTHER_NUMBER;
        }
    }

    /**
     * The document to store beside the slot columns {@code row} of {@code values}: {@code values} without the keys
     * whose value a slot holds whole; {@code full} (the JSON text of all of {@code values}) when a slot holds none.
     */
    String document(Map<String, ?> values, Slot[] row, String full) {
        int held = 0;
        for (int i = 1; i < keys.length; i++) {
            if (row[i] != null && row[i].kind().holdsValue()) {
                held++;
            }
        }
        if (held == 0) {
            return full;
        }
        if (held == values.size()) {
            return "{}";
        }
        Map<String, Object> rest = new java.util.LinkedHashMap<>(values);
        for (int i = 1; i < keys.length; i++) {
            if (row[i] != null && row[i].kind().holdsValue()) {
                rest.remove(keys[i]);
            }
        }
        return Json.write(rest);
    }

    /** The slots that received a number not exact in the decimal since this instance was made. */
    boolean[] otherNumbers() {
        return otherNumbers.clone();
    }

    /** The slot columns of one present value ({@code null} is JSON {@code null}). */
    static Slot of(Object value) {
        if (value == null) {
            return new Slot(Kind.NULL, null, null);
        }
        if (value instanceof String s) {
            return new Slot(Kind.STRING, null, s);
        }
        if (value instanceof Boolean b) {
            return new Slot(Kind.BOOLEAN, b ? UNIT : 0L, null);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return -EXACT_LIMIT < v && v < EXACT_LIMIT ? new Slot(Kind.EXACT_NUMBER, v * UNIT, null)
                    : new Slot(Kind.OTHER_NUMBER, null, Long.toString(v));
        }
        if (value instanceof Number n) {
            BigDecimal exact = exact(n);
            if (exact != null && exact.abs().compareTo(EXACT_LIMIT_DECIMAL) < 0 && exact.stripTrailingZeros().scale() <= SCALE) {
                String text = n instanceof Double d ? Double.toString(d) : text(value); // as the document's writer
                return new Slot(Kind.EXACT_NUMBER, exact.setScale(SCALE).unscaledValue().longValueExact(),
                        text.equals(plain(exact)) ? null : text);
            }
            return new Slot(Kind.OTHER_NUMBER, null, text(value));
        }
        if (value instanceof List) {
            return new Slot(Kind.ARRAY, null, text(value));
        }
        if (value instanceof Map) {
            return new Slot(Kind.OBJECT, null, null);
        }
        return new Slot(Kind.OTHER, null, null);
    }

    /** The plain form of a decimal: no exponent, no trailing zeros after the point, no point without a fraction. */
    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** The value of a number as its document's JSON text writes it; {@code null} when it has none (not finite). */
    private static BigDecimal exact(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double d) {
            return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
        }
        if (n instanceof Float f) {
            return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : null;
        }
        return null;
    }

    /** The JSON text of {@code value}, as the document holds it. */
    private static String text(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}

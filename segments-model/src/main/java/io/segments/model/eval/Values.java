package io.segments.model.eval;

import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Operator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the filter operators mean on values: the one place where a trait or event property is
 * compared with a literal of a definition. Values are JSON values as Jackson reads them untyped
 * (String, Number, Boolean, null, List, Map).
 *
 * <ul>
 *   <li>A dotted name ({@code product.category}) walks nested maps; a missing step, a step
 *       that is not a map, or a null value all mean "missing".</li>
 *   <li>No type coercion: a number never equals a string, ordered comparisons and
 *       {@code between} across types are false.</li>
 *   <li>Numbers compare by value across Integer, Long, BigInteger, BigDecimal, Float and Double
 *       ({@code 500} equals {@code 500.0}); a double is taken at its shortest decimal form
 *       ({@code 0.1} equals the literal {@code 0.1}); NaN and the infinities are not numbers.</li>
 *   <li>Strings: {@code eq} is case-sensitive; {@code gt}...{@code between} compare by Unicode
 *       code point (the order of UTF-8 bytes, so ISO dates sort right); {@code contains} and
 *       {@code startsWith} ignore case by lower-casing both sides with {@link Locale#ROOT}.</li>
 *   <li>{@code contains} on an array: one element equals the value (exactly, as {@code eq}).</li>
 *   <li>A negative operator is the exact negation of its positive one, so a missing value
 *       satisfies only {@code neq}, {@code notIn}, {@code notContains} and {@code notExists}.</li>
 * </ul>
 */
public final class Values {
    private Values() {
    }

    /** The value a possibly dotted name addresses; empty when it is missing or null. */
    public static Optional<Object> lookup(Map<String, ?> fields, String name) {
        Object current = fields;
        for (String part : name.split("\\.", -1)) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return Optional.ofNullable(current);
    }

    /** Whether the named field of {@code fields} passes {@code test}. */
    public static boolean test(FieldTest test, Map<String, ?> fields) {
        return test(test.op(), test.value(), lookup(fields, test.name()));
    }

    /** Whether {@code actual} (empty: missing or null) passes {@code op value}. */
    public static boolean test(Operator op, Optional<Literal> value, Optional<Object> actual) {
        if (op.isNegative()) {
            return !test(op.positive(), value, actual);
        }
        if (op == Operator.EXISTS) {
            return actual.isPresent();
        }
        if (actual.isEmpty()) {
            return false;
        }
        Object x = actual.get();
        Literal v = value.orElseThrow(() -> new IllegalArgumentException(op.json() + " needs a value"));
        switch (op) {
            case EQ:
                return equal(x, v);
            case GT:
                return compare(x, v).map(c -> c > 0).orElse(false);
            case GTE:
                return compare(x, v).map(c -> c >= 0).orElse(false);
            case LT:
                return compare(x, v).map(c -> c < 0).orElse(false);
            case LTE:
                return compare(x, v).map(c -> c <= 0).orElse(false);
            case BETWEEN: {
                List<Literal> bounds = ((Literal.Array) v).elements();
                return compare(x, bounds.get(0)).map(c -> c >= 0).orElse(false)
                        && compare(x, bounds.get(1)).map(c -> c <= 0).orElse(false);
            }
            case IN:
                return ((Literal.Array) v).elements().stream().anyMatch(element -> equal(x, element));
            case CONTAINS: {
                String needle = ((Literal.Text) v).value();
                if (x instanceof String s) {
                    return lower(s).contains(lower(needle));
                }
                if (x instanceof List<?> list) {
                    return list.stream().anyMatch(element -> element != null && equal(element, v));
                }
                return false;
            }
            case STARTS_WITH:
                return x instanceof String s && lower(s).startsWith(lower(((Literal.Text) v).value()));
            default:
                throw new IllegalStateException("operator without a meaning: " + op);
        }
    }

    /** Equality without coercion: strings exactly, numbers by value, booleans; arrays and maps equal nothing. */
    public static boolean equal(Object x, Literal v) {
        if (v instanceof Literal.Text text) {
            return x instanceof String s && s.equals(text.value());
        }
        if (v instanceof Literal.Num num) {
            return number(x).map(n -> n.compareTo(num.value()) == 0).orElse(false);
        }
        if (v instanceof Literal.Bool bool) {
            return x instanceof Boolean b && b == bool.value();
        }
        return false;
    }

    /** Ordered comparison of x with v: numbers with numbers, strings with strings; empty across types. */
    private static Optional<Integer> compare(Object x, Literal v) {
        if (v instanceof Literal.Num num) {
            return number(x).map(n -> n.compareTo(num.value()));
        }
        if (v instanceof Literal.Text text && x instanceof String s) {
            return Optional.of(compareStrings(s, text.value()));
        }
        return Optional.empty();
    }

    /** The numeric value of a JSON value; empty for anything that is not a finite number. */
    public static Optional<BigDecimal> number(Object x) {
        if (x instanceof BigDecimal d) {
            return Optional.of(d);
        }
        if (x instanceof Integer || x instanceof Long || x instanceof Short || x instanceof Byte) {
            return Optional.of(BigDecimal.valueOf(((Number) x).longValue()));
        }
        if (x instanceof BigInteger i) {
            return Optional.of(new BigDecimal(i));
        }
        if (x instanceof Double d) {
            return Double.isFinite(d) ? Optional.of(new BigDecimal(Double.toString(d))) : Optional.empty();
        }
        if (x instanceof Float f) {
            return Float.isFinite(f) ? Optional.of(new BigDecimal(Float.toString(f))) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Compares strings by Unicode code point (the order of their UTF-8 bytes). */
    public static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

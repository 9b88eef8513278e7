package io.segments.model;

import java.util.Optional;

/**
 * The operators of attribute and property filters, as written in JSON. Each negative
 * operator is exactly the negation of its positive one; {@link #positive()} gives it.
 * The meaning of each operator on values lives in {@code ReferenceEvaluator}'s value tests.
 */
public enum Operator {
    EQ("eq"),
    NEQ("neq"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    BETWEEN("between"),
    IN("in"),
    NOT_IN("notIn"),
    CONTAINS("contains"),
    NOT_CONTAINS("notContains"),
    STARTS_WITH("startsWith"),
    EXISTS("exists"),
    NOT_EXISTS("notExists");

    private final String json;

    Operator(String json) {
        this.json = json;
    }

    /** The operator's name in JSON, e.g. {@code notIn}. */
    public String json() {
        return json;
    }

    public static Optional<Operator> fromJson(String name) {
        for (Operator op : values()) {
            if (op.json.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** True for {@code neq}, {@code notIn}, {@code notContains}, {@code notExists}. */
    public boolean isNegative() {
        return this == NEQ || this == NOT_IN || this == NOT_CONTAINS || this == NOT_EXISTS;
    }

    /** The positive operator this one negates, or itself when it is positive. */
    public Operator positive() {
        switch (this) {
            case NEQ:
                return EQ;
            case NOT_IN:
                return IN;
            case NOT_CONTAINS:
                return CONTAINS;
            case NOT_EXISTS:
                return EXISTS;
            default:
                return this;
        }
    }

    /** Operators that take no value. */
    public boolean takesNoValue() {
        return this == EXISTS || this == NOT_EXISTS;
    }

    /** Operators allowed in {@code count} and {@code aggregate}. */
    public boolean isNumericComparison() {
        return this == EQ || this == NEQ || this == GT || this == GTE || this == LT || this == LTE || this == BETWEEN;
    }
}

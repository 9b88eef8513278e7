package io.segments.model;

import java.math.BigDecimal;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A numeric comparison used by {@code count} and {@code aggregate}: {@code x op value},
 * or {@code value <= x <= upper} for {@code between}.
 */
public record NumberTest(Operator op, BigDecimal value, Optional<BigDecimal> upper) {
    public NumberTest {
        requireNonNull(op, "op is null");
        requireNonNull(value, "value is null");
        requireNonNull(upper, "upper is null");
        if (!op.isNumericComparison()) {
            throw new IllegalArgumentException("not a numeric comparison: " + op.json());
        }
        if ((op == Operator.BETWEEN) != upper.isPresent()) {
            throw new IllegalArgumentException("between takes two bounds, other ops one");
        }
    }

    public static NumberTest of(Operator op, long value) {
        return new NumberTest(op, BigDecimal.valueOf(value), Optional.empty());
    }

    public static NumberTest between(long low, long high) {
        return new NumberTest(Operator.BETWEEN, BigDecimal.valueOf(low), Optional.of(BigDecimal.valueOf(high)));
    }

    public boolean test(BigDecimal x) {
        int c = x.compareTo(value);
        switch (op) {
            case EQ:
                return c == 0;
            case NEQ:
                return c != 0;
            case GT:
                return c > 0;
            case GTE:
                return c >= 0;
            case LT:
                return c < 0;
            case LTE:
                return c <= 0;
            case BETWEEN:
                return c >= 0 && x.compareTo(upper.orElseThrow()) <= 0;
            default:
                throw new IllegalStateException("not a numeric comparison: " + op);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NumberTest t && op == t.op && value.compareTo(t.value) == 0
                && upper.map(u -> t.upper.isPresent() && u.compareTo(t.upper.get()) == 0).orElse(t.upper.isEmpty());
    }

    @Override
    public int hashCode() {
        return op.hashCode() * 31 + value.stripTrailingZeros().hashCode();
    }
}

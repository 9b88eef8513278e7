package io.segments.engine.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A comparison of a value {@code x} with a bound: {@code x = b}, {@code x <> b}, {@code x < b}, ... */
public enum Comparison {
    EQ("="), NE("<>"), LT("<"), LTE("<="), GT(">"), GTE(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** The SQL operator. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code x this bound} holds. */
    public boolean test(BigDecimal x, BigDecimal bound) {
        int c = x.compareTo(bound);
        switch (this) {
            case EQ:
                return c == 0;
            case NE:
                return c != 0;
            case LT:
                return c < 0;
            case LTE:
                return c <= 0;
            case GT:
                return c > 0;
            case GTE:
                return c >= 0;
            default:
                throw new IllegalStateException("comparison without a rule: " + this);
        }
    }

    /**
     * Rewrites {@code x this bound} for values {@code x} that are multiples of {@code 10^-scale}
     * (integers for scale 0) into an equivalent comparison whose bound has at most {@code scale}
     * digits after the point, or into a constant when no such value can satisfy (or fail) it.
     * Exact: {@code x > 2.5} over integers is {@code x > 2}, {@code x = 2.5} is false.
     */
    public Bound atScale(BigDecimal bound, int scale) {
        BigDecimal floor = bound.setScale(scale, RoundingMode.FLOOR);
        BigDecimal ceiling = bound.setScale(scale, RoundingMode.CEILING);
        boolean representable = floor.compareTo(bound) == 0;
        switch (this) {
            case EQ:
                return representable ? Bound.of(EQ, floor) : Bound.constant(false);
            case NE:
                return representable ? Bound.of(NE, floor) : Bound.constant(true);
            case GT:
                return Bound.of(GT, floor);
            case GTE:
                return Bound.of(GTE, ceiling);
            case LT:
                return Bound.of(LT, ceiling);
            case LTE:
                return Bound.of(LTE, floor);
            default:
                throw new IllegalStateException("comparison without a rule: " + this);
        }
    }

    /**
     * A comparison with a bound, or a constant. {@link #clamp} keeps its meaning for values
     * strictly inside {@code (-limit, limit)} while bounding the bound's magnitude.
     */
    public record Bound(Comparison comparison, BigDecimal value, Boolean constant) {
        static Bound of(Comparison comparison, BigDecimal value) {
            return new Bound(comparison, value, null);
        }

        static Bound constant(boolean value) {
            return new Bound(null, null, value);
        }

        public boolean isConstant() {
            return constant != null;
        }

        /** For values with {@code |x| < limit}: the same test with {@code |bound| <= limit}. */
        public Bound clamp(BigDecimal limit) {
            if (isConstant() || value.abs().compareTo(limit) <= 0) {
                return this;
            }
            return of(comparison, value.signum() > 0 ? limit : limit.negate());
        }
    }
}

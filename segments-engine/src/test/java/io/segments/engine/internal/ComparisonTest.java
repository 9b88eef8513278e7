package io.segments.engine.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Rewriting a comparison for values of a given scale keeps its meaning exactly. */
class ComparisonTest {

    @Property(tries = 3000)
    void aBoundAtTheValuesScaleMeansTheSame(@ForAll Comparison comparison, @ForAll("bounds") BigDecimal bound,
                                            @ForAll("values") BigDecimal x, @ForAll("scales") int scale) {
        BigDecimal value = x.setScale(scale, java.math.RoundingMode.DOWN);
        Comparison.Bound rewritten = comparison.atScale(bound, scale);
        assertThat(rewritten.isConstant() || rewritten.value().scale() <= scale).isTrue();
        assertThat(holds(rewritten, value)).as("%s %s %s", value, comparison, bound)
                .isEqualTo(holds(comparison, value.compareTo(bound)));
    }

    @Property(tries = 3000)
    void clampingKeepsTheMeaningInsideTheLimit(@ForAll Comparison comparison, @ForAll("bounds") BigDecimal bound,
                                               @ForAll("values") BigDecimal x) {
        BigDecimal limit = new BigDecimal("1000");
        BigDecimal value = x.remainder(limit);
        Comparison.Bound clamped = comparison.atScale(bound, 6).clamp(limit);
        assertThat(holds(clamped, value)).as("%s %s %s", value, comparison, bound)
                .isEqualTo(holds(comparison, value.compareTo(bound)));
    }

    private static boolean holds(Comparison.Bound bound, BigDecimal x) {
        return bound.isConstant() ? bound.constant() : holds(bound.comparison(), x.compareTo(bound.value()));
    }

    private static boolean holds(Comparison comparison, int c) {
        switch (comparison) {
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
                throw new IllegalStateException(comparison.name());
        }
    }

    @Provide
    Arbitrary<BigDecimal> bounds() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-2000"), new BigDecimal("2000")).ofScale(8),
                Arbitraries.of("0", "1", "-1", "2.5", "-2.5", "0.0000001", "999.9999995", "5000", "-5000", "1E+5")
                        .map(BigDecimal::new));
    }

    @Provide
    Arbitrary<BigDecimal> values() {
        return Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-2000"), new BigDecimal("2000")).ofScale(6),
                Arbitraries.of("0", "1", "-1", "2", "-2", "2.5", "-3", "999", "-999").map(BigDecimal::new));
    }

    @Provide
    Arbitrary<Integer> scales() {
        return Arbitraries.of(0, 6);
    }
}

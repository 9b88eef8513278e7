package io.segments.engine.analytics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.segments.engine.analytics.Direction.CONSTANT;
import static io.segments.engine.analytics.Direction.DECREASING;
import static io.segments.engine.analytics.Direction.INCREASING;
import static org.assertj.core.api.Assertions.assertThat;

/** The direction rule, as a table: series and the direction they have. */
class DirectionTest {

    static Stream<Arguments> series() {
        return Stream.of(
                Arguments.of("no point", List.of(), CONSTANT),
                Arguments.of("one point", List.of(500L), CONSTANT),
                Arguments.of("all zero", List.of(0L, 0L, 0L), CONSTANT),
                Arguments.of("flat", List.of(40L, 40L, 40L, 40L), CONSTANT),
                Arguments.of("rising", List.of(10L, 11L, 12L, 13L, 14L), INCREASING),
                Arguments.of("falling", List.of(14L, 13L, 12L, 11L, 10L), DECREASING),
                Arguments.of("growing from nothing", List.of(0L, 0L, 0L, 1L), INCREASING),
                Arguments.of("a drift of 0.4% of the mean", List.of(1000L, 1001L, 1002L, 1003L, 1004L), CONSTANT),
                Arguments.of("noise around a level", List.of(100L, 102L, 98L, 101L, 99L, 103L, 97L, 100L, 102L, 98L),
                        CONSTANT),
                Arguments.of("V: first equals last, no direction", List.of(10L, 5L, 0L, 5L, 10L), CONSTANT),
                // the last point below the first, but the days before climbed steadily
                Arguments.of("rising with a last-day dip",
                        List.of(100L, 104L, 108L, 112L, 116L, 120L, 124L, 128L, 132L, 90L), INCREASING),
                Arguments.of("a jump on the last day", List.of(100L, 100L, 100L, 100L, 100L, 100L, 100L, 100L, 100L,
                        130L), INCREASING),
                // two points: a change of 20 on a mean of 400 is exactly the tolerance
                Arguments.of("exactly 5% up", List.of(390L, 410L), CONSTANT),
                Arguments.of("just over 5% up", List.of(390L, 411L), INCREASING),
                Arguments.of("exactly 5% down", List.of(410L, 390L), CONSTANT),
                Arguments.of("just over 5% down", List.of(411L, 390L), DECREASING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void theFittedLineDecidesTheDirectionWithinFivePercentOfTheMean(String name, List<Long> counts,
                                                                      Direction expected) {
        assertThat(Direction.of(counts)).isEqualTo(expected);
    }
}

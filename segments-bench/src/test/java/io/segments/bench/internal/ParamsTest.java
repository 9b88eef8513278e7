package io.segments.bench.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ParamsTest {
    @Test
    void trendPointsAreTheLastMillisecondOfEachDayUpToNow() {
        Params p = Params.at(Instant.parse("2026-10-31T23:59:59.999Z"), 90);
        assertThat(p.from()).isEqualTo(LocalDate.parse("2026-08-03"));
        assertThat(p.to()).isEqualTo(LocalDate.parse("2026-10-31"));
        assertThat(p.points()).hasSize(90);
        assertThat(Instant.ofEpochMilli(p.points()[0])).isEqualTo(Instant.parse("2026-08-03T23:59:59.999Z"));
        assertThat(p.points()[89]).isEqualTo(p.now());
        assertThat(p.dailyGrid()).isTrue();
        assertThat(p.dates()).startsWith("2026-08-03", "2026-08-04").endsWith("2026-10-31");
    }

    @Test
    void aNowInsideADayEndsTheTrendAndBreaksTheDailyGrid() {
        Params p = Params.at(Instant.parse("2026-10-31T12:00:00Z"), 3);
        assertThat(p.points()).containsExactly(Instant.parse("2026-10-29T23:59:59.999Z").toEpochMilli(),
                Instant.parse("2026-10-30T23:59:59.999Z").toEpochMilli(), Instant.parse("2026-10-31T12:00:00Z").toEpochMilli());
        assertThat(p.dailyGrid()).isFalse();
    }

    @Test
    void theBenchmarkDataEndsAtMidnightSoEveryTrendPointIsADaysEnd() {
        DataSet data = new DataSet(100, 1_000, 90);
        assertThat(data.now()).isEqualTo(DataSet.END.minusMillis(1));
        assertThat(Params.at(data.now(), 90).dailyGrid()).isTrue();
        assertThat(data.generator().end()).isEqualTo(DataSet.END);
    }
}

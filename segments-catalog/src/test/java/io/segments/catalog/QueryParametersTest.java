package io.segments.catalog;

import io.segments.model.SegmentsException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class QueryParametersTest {
    private static SegmentsException failure(Runnable call) {
        return SegmentCatalogTest.failure(call);
    }

    @Test
    void aDateMeansTheLastMillisecondOfThatDay() {
        assertThat(QueryParameters.asOf("2026-11-28", "asOf")).isEqualTo(Instant.parse("2026-11-28T23:59:59.999Z"));
        assertThat(QueryParameters.asOf("2024-02-29", "asOf")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
    }

    @Test
    void anInstantMeansItselfToTheMillisecond() {
        assertThat(QueryParameters.asOf("2026-11-28T10:00:00Z", "asOf"))
                .isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(QueryParameters.asOf("2026-11-28T10:00:00.123456Z", "asOf"))
                .isEqualTo(Instant.parse("2026-11-28T10:00:00.123Z"));
        assertThat(QueryParameters.asOf("2026-11-28T12:00:00+02:00", "asOf"))
                .isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
        assertThat(QueryParameters.asOf(Optional.empty())).isEmpty();
    }

    @Test
    void aBadAsOfIsAnInvalidRequestNamingTheParameter() {
        for (String bad : new String[] {"", "yesterday", "2026-13-01", "2026-02-30", "2026-11-28T25:00:00Z",
                "2026-11-28T10:00:00", "28.11.2026", "1700000000000", "+999999999-12-31T23:59:59Z"}) {
            SegmentsException e = failure(() -> QueryParameters.asOf(Optional.of(bad)));
            assertThat(e.code()).as(bad).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.getMessage()).as(bad).startsWith("parameter asOf: ").contains(bad);
        }
    }

    @Test
    void limitDefaultsTo100AndIsBetween1And10000() {
        assertThat(QueryParameters.limit(Optional.empty())).isEqualTo(100);
        assertThat(QueryParameters.limit(Optional.of("1"))).isEqualTo(1);
        assertThat(QueryParameters.limit(Optional.of("10000"))).isEqualTo(10_000);
        for (String bad : new String[] {"0", "-5", "10001", "ten", "", "1.5", "99999999999"}) {
            SegmentsException e = failure(() -> QueryParameters.limit(Optional.of(bad)));
            assertThat(e.code()).as(bad).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.getMessage()).as(bad).startsWith("parameter limit: ");
        }
    }

    /** Any text is an evaluation time or an invalid_request; never another exception. */
    @Property(tries = 2000)
    void anyAsOfParsesOrIsAnInvalidRequest(@ForAll String text) {
        try {
            Instant parsed = QueryParameters.asOf(text, "asOf");
            assertThat(parsed.getNano() % 1_000_000).isZero();
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        }
    }

    @Property(tries = 2000)
    void anyLimitParsesInRangeOrIsAnInvalidRequest(@ForAll String text) {
        try {
            assertThat(QueryParameters.limit(Optional.of(text))).isBetween(1, 10_000);
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        }
    }
}

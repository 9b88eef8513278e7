package io.segments.datagen;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuilderTest {

    @Test
    void settingsOutOfRangeAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Generator.builder().users(0)).hasMessageContaining("users");
        assertThatThrownBy(() -> Generator.builder().days(0)).hasMessageContaining("days");
        assertThatThrownBy(() -> Generator.builder().days(Generator.Builder.MAX_DAYS + 1)).hasMessageContaining("days");
        assertThatThrownBy(() -> Generator.builder().eventsPerUser(-1)).hasMessageContaining("eventsPerUser");
        assertThatThrownBy(() -> Generator.builder().eventsPerUser(Double.NaN)).hasMessageContaining("eventsPerUser");
        assertThatThrownBy(() -> Generator.builder().totalEvents(-5)).hasMessageContaining("totalEvents");
        assertThatThrownBy(() -> Generator.builder().end(Instant.EPOCH)).hasMessageContaining("end");
        assertThatThrownBy(() -> Generator.builder().users(1).totalEvents(1_000_000_000L).build())
                .hasMessageContaining("totalEvents");
        assertThatThrownBy(() -> Generator.builder().order(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Generator.builder().days(10).eventsPerUser(2001).build())
                .hasMessageContaining("per user and day");
        assertThatThrownBy(() -> Generator.builder().days(1).end(Instant.parse("2026-11-15T00:00:05Z"))
                .eventsPerUser(150).build())
                .hasMessageContaining("per user and day");
    }

    @Test
    void aHighButSupportedRateIsHonoured() {
        GenerationSummary s = Generator.builder().users(20).days(2).seed(3).eventsPerUser(390).build()
                .forEachMessage(m -> { });
        assertThat(s.tracks() / 20.0).isBetween(390 * 0.85, 390 * 1.15);
    }

    @Test
    void totalEventsAndEventsPerUserReplaceEachOther() {
        assertThat(Generator.builder().users(100).totalEvents(5000).build().eventsPerUser()).isEqualTo(50);
        assertThat(Generator.builder().users(100).totalEvents(5000).eventsPerUser(7).build().eventsPerUser()).isEqualTo(7);
    }
}

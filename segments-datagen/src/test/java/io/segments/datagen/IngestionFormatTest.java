package io.segments.datagen;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestionFormatTest {

    @Test
    void everyLineIsAnIngestionMessageInTimeOrder() {
        Generated g = Generated.of(Generator.builder().users(1500).days(60).seed(11).build());
        assertThat(g.lines).hasSizeGreaterThan(40_000);
        Invariants.check(g);
    }

    @Test
    void theUserOrderKeepsEachUsersMessagesTogetherAndInTimeOrder() {
        Generated g = Generated.of(Generator.builder().users(600).days(40).seed(12).order(Order.USER).build());
        Invariants.check(g);
        String current = null;
        java.util.Set<String> finished = new java.util.HashSet<>();
        long last = Long.MIN_VALUE;
        for (Map<String, Object> m : g.lines) {
            String messageId = (String) m.get("messageId");
            String user = messageId.substring(messageId.lastIndexOf('-') + 1);
            if (!user.equals(current)) {
                assertThat(finished.add(user)).as("user %s appears in two runs", user).isTrue();
                current = user;
                last = Long.MIN_VALUE;
            }
            long ts = Generated.millis(m);
            assertThat(ts).isGreaterThanOrEqualTo(last);
            last = ts;
        }
    }

    @Test
    void aPartialLastDayEndsAtTheEndInstant() {
        Instant end = Instant.parse("2026-11-15T10:30:00Z");
        Generated g = Generated.of(Generator.builder().users(400).days(3).seed(4).end(end).eventsPerUser(30).build());
        Invariants.check(g);
        assertThat(g.generator.start()).isEqualTo(Instant.parse("2026-11-13T00:00:00Z"));
        long onLastDay = g.lines.stream()
                .filter(m -> Generated.millis(m) >= Instant.parse("2026-11-15T00:00:00Z").toEpochMilli())
                .count();
        assertThat(onLastDay).isPositive();
    }

    @Test
    void aSingleDayStillHasEveryUser() {
        Generated g = Generated.of(Generator.builder().users(300).days(1).seed(8).build());
        Invariants.check(g);
    }

    @Test
    void zeroEventsPerUserLeavesOnlyProfilesAndForcedVisits() {
        Generated g = Generated.of(Generator.builder().users(500).days(30).seed(8).eventsPerUser(0).build());
        Invariants.check(g);
        assertThat(g.summary.identifies()).isGreaterThan(400);
        // only sign-ups, arrivals and conversions bring sessions
        assertThat(g.summary.tracks()).isLessThan(g.summary.identifies() * 10);
    }

    @Property(tries = 40)
    void anySettingsGiveAValidDataSet(@ForAll @IntRange(min = 1, max = 60) int users,
                                      @ForAll @IntRange(min = 1, max = 50) int days,
                                      @ForAll @IntRange(min = 0, max = 150) int eventsPerUser,
                                      @ForAll long seed,
                                      @ForAll @LongRange(min = 0, max = 86_400_000L * 3) long endOffset,
                                      @ForAll boolean byUser) {
        Instant end = Instant.parse("2026-06-01T00:00:00Z").plusMillis(endOffset);
        Generator.Builder builder = Generator.builder().users(users).days(days).seed(seed).end(end)
                .eventsPerUser(eventsPerUser).order(byUser ? Order.USER : Order.TIME);
        // the days are UTC days, the last one ending at `end`
        long lastMidnight = Math.floorDiv(end.toEpochMilli() - 1, 86_400_000L) * 86_400_000L;
        double coveredDays = days - 1 + (end.toEpochMilli() - lastMidnight) / 86_400_000.0;
        if (eventsPerUser / coveredDays > Generator.Builder.MAX_EVENTS_PER_USER_AND_DAY) {
            assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("per user and day");
            return;
        }
        Invariants.check(Generated.of(builder.build()));
    }
}

package io.segments.store.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FingerprintWindowTest {
    private static final int K = FingerprintWindow.GENERATIONS;

    /** A fingerprint as the window compares it: its first 56 bits (the last 8 are the generation's tag). */
    private static long key(long h) {
        return h & ~0xFFL;
    }

    private record Entry(long generation, long key) {
    }

    /**
     * Against a list of every fingerprint added with its generation: the window answers, for any fingerprint, the
     * ages (0 = the current generation) of the live generations holding it, and forgets the rest.
     */
    @Property(tries = 300)
    void remembersTheFingerprintsOfItsLiveGenerationsOnly(
            @ForAll @LongRange(min = FingerprintWindow.MIN_WINDOW, max = 300) long window,
            @ForAll @IntRange(min = 1, max = 40) int maxGroup,
            @ForAll @Size(max = 120) List<@Size(max = 40) List<@LongRange(min = 1, max = 3_000) Long>> groups,
            @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 12) Integer> jumps) {
        FingerprintWindow w = FingerprintWindow.of(window, maxGroup);
        List<Entry> model = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (w.due()) {
                // a generation starts; now and then several at once, as when the window is loaded from disk
                int jump = g < jumps.size() && jumps.get(g) > 9 ? jumps.get(g) - 8 : 1;
                w.advanceTo(w.generation() + jump);
            }
            List<Long> group = groups.get(g).subList(0, Math.min(maxGroup, groups.get(g).size()));
            for (long small : group) {
                long h = spread(small);
                assertThat(w.add(h)).isTrue();
                model.add(new Entry(w.generation(), key(h)));
            }
            long current = w.generation();
            model.removeIf(e -> e.generation() <= current - K);
            assertThat(w.size()).isEqualTo(model.size());
            assertThat(w.size()).isLessThanOrEqualTo(w.maxEntries());
            for (long small = 1; small <= 3_000; small += 7) {
                long h = spread(small);
                int expected = 0;
                for (Entry e : model) {
                    if (e.key() == key(h)) {
                        expected |= 1 << (int) (current - e.generation());
                    }
                }
                assertThat(w.ages(h)).as("ages of %d", small).isEqualTo(expected);
            }
        }
    }

    /** Small numbers spread over 64 bits as a hash would, with a few sharing their first 56 bits. */
    private static long spread(long small) {
        if (small % 50 == 0) {
            return spread(small - 1) ^ 0x55;
        }
        return small * 0x9E3779B97F4A7C15L;
    }

    @Test
    void memoryStaysAtItsBoundWhileTenMillionMessagesPassThroughAMillionMessageWindow() {
        long window = 1_000_000;
        int group = 1_000;
        FingerprintWindow w = FingerprintWindow.of(window, group);
        long bound = w.maxBytes();
        // the documented bound: about 13 bytes per message of the window (8-byte slots at most 70% full)
        assertThat(bound).isLessThan(14 * window);
        long total = 10_000_000;
        long largest = 0;
        for (long i = 0; i < total; i += group) {
            if (w.due()) {
                w.advanceTo(w.generation() + 1);
            }
            for (long j = i; j < i + group; j++) {
                w.add(Hashes.hash64("m" + j));
            }
            largest = Math.max(largest, w.bytes());
            if ((i + group) % 2_500_000 == 0) {
                // the last `window` messages are all remembered...
                for (long j = i + group - window; j < i + group; j += 997) {
                    assertThat(w.ages(Hashes.hash64("m" + j))).as("m%d", j).isNotZero();
                }
                assertThat(w.ages(Hashes.hash64("m" + (i + group - 1)))).isEqualTo(1);
                assertThat(w.size()).isBetween(window, w.maxEntries());
            }
        }
        assertThat(largest).isLessThanOrEqualTo(bound);
        // ...and those older than the whole window are forgotten
        for (long j = 0; j < total - w.maxEntries(); j += 100_003) {
            assertThat(w.ages(Hashes.hash64("m" + j))).as("m%d", j).isZero();
        }
    }

    @Test
    void theDefaultWindowTakesAbout270Megabytes() {
        FingerprintWindow w = FingerprintWindow.of(20_000_000, 50_000);
        assertThat(w.generationSize()).isEqualTo(2_857_143);
        assertThat(w.guaranteed()).isGreaterThanOrEqualTo(20_000_000);
        assertThat(w.maxBytes()).isBetween(260_000_000L, 270_000_000L);
        assertThat(w.bytes()).isLessThan(1 << 20); // allocated as messages arrive
    }

    @Test
    void beyondItsHardLimitTheWindowRefusesToRememberMore() {
        FingerprintWindow w = FingerprintWindow.of(7, 1);
        int added = 0;
        for (long h = 1; h < 1_000; h++) {
            if (!w.add(spread(h))) {
                break;
            }
            added++;
        }
        assertThat(added).isGreaterThanOrEqualTo((int) w.maxEntries()).isLessThan(1_000);
        assertThat(w.bytes()).isEqualTo(w.maxBytes());
        w.advanceTo(w.generation() + K);
        assertThat(w.size()).isZero();
        assertThat(w.add(spread(5))).isTrue();
    }

    @Test
    void generationsOnlyMoveForward() {
        FingerprintWindow w = FingerprintWindow.of(70, 10);
        w.advanceTo(5);
        assertThatThrownBy(() -> w.advanceTo(4)).isInstanceOf(IllegalArgumentException.class);
    }
}

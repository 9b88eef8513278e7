package io.segments.bench.internal;

import io.segments.bench.internal.MixedLoad.Ingestion;
import io.segments.bench.internal.MixedLoad.Sample;
import io.segments.bench.internal.WriterPauses.Kind;
import io.segments.bench.internal.WriterPauses.Pause;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MixedLoadResultTest {
    private static final List<String> SEGMENTS = List.of("first", "second");

    @Test
    void counts_under_load_are_compared_with_counts_alone_before_and_after_together() {
        // alone: 10 ms before, 30 ms after (the grown store), 50 of each; under load: 20 ms, and one of 95 ms in 100
        List<Sample> before = samples(50, 10_000);
        List<Sample> after = samples(50, 30_000);
        List<Sample> loaded = samples(99, 20_000);
        loaded.add(new Sample(1, 5, 95_000));
        MixedLoadResult r = new MixedLoadResult(SEGMENTS, before, loaded, after, new Ingestion(1_000, 900, 1.0),
                new Ingestion(1_000, 900, 1.5), new long[]{1, 2}, new long[]{3, 4}, List.of());

        assertThat(r.countsAlone().count()).isEqualTo(100);
        assertThat(r.countsAlone().p50Millis()).isEqualTo(10.0);
        assertThat(r.countsAlone().p99Millis()).isEqualTo(30.0);
        assertThat(r.countsUnderLoad().p99Millis()).isEqualTo(20.0);
        assertThat(r.countsUnderLoad().maxMillis()).isEqualTo(95.0);
        assertThat(r.queryP50Ratio()).isEqualTo(2.0);
        assertThat(r.queryP99Ratio()).isEqualTo(20.0 / 30.0);
        assertThat(r.ingestionRatio()).isEqualTo(600.0 / 900.0);
        assertThat(r.queryTargetMet()).isTrue();
        assertThat(r.ingestionTargetMet()).isTrue();
    }

    @Test
    void a_count_p99_over_three_times_alone_or_ingestion_under_half_misses_its_target() {
        List<Sample> slow = samples(100, 31_000);
        MixedLoadResult r = new MixedLoadResult(SEGMENTS, samples(10, 10_000), slow, samples(10, 10_000),
                new Ingestion(1_000, 1_000, 1.0), new Ingestion(1_000, 1_000, 2.01), new long[]{1, 2},
                new long[]{1, 2}, List.of());

        assertThat(r.queryP99Ratio()).isEqualTo(3.1);
        assertThat(r.queryTargetMet()).isFalse();
        assertThat(r.ingestionRatio()).isLessThan(0.5);
        assertThat(r.ingestionTargetMet()).isFalse();

        String printed = print(r);
        assertThat(printed).contains("count p99 3.10 (target <= 3: NOT met)", "ingestion 0.50 (target >= 0.50: NOT met)");
    }

    @Test
    void the_report_gives_each_segment_its_counts_and_latencies() {
        List<Sample> before = List.of(new Sample(0, 0, 4_000), new Sample(1, 4, 8_000));
        List<Sample> loaded = List.of(new Sample(0, 0, 12_000));
        MixedLoadResult r = new MixedLoadResult(SEGMENTS, before, loaded, before, new Ingestion(500, 400, 1.0),
                new Ingestion(500, 400, 1.0), new long[]{1_234, 5}, new long[]{2_345, 6}, List.of());

        String printed = print(r);
        assertThat(printed).containsPattern("first +1,234 +2,345 +4\\.0 / +12\\.0 +4\\.0 / +12\\.0");
        assertThat(printed).containsPattern("second +5 +6 +8\\.0 / +- +8\\.0 / +-");
        assertThat(printed).contains("400 events/s");
    }

    @Test
    void counts_under_load_are_split_by_whether_they_overlapped_a_pause_of_the_writer() {
        // counts start every 10 ms and last 5 ms; a move from 100 to 130 ms and a checkpoint from 300 to 301 ms
        List<Sample> loaded = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            loaded.add(new Sample(i % 2, i * 10L, i == 10 ? 80_000 : 5_000));
        }
        List<Pause> pauses = List.of(new Pause(Kind.MOVE, 100, 130), new Pause(Kind.CHECKPOINT, 300, 301),
                new Pause(Kind.SLOW_COMMIT, 1_000, 3_500));
        MixedLoadResult r = new MixedLoadResult(SEGMENTS, samples(10, 5_000), loaded, samples(10, 5_000),
                new Ingestion(500, 400, 1.0), new Ingestion(500, 400, 1.0), new long[]{1, 2}, new long[]{1, 2}, pauses);

        List<List<Sample>> split = r.underLoadByPause();
        assertThat(split.get(0)).extracting(Sample::startEpochMillis).containsExactly(100L, 110L, 120L, 300L);
        assertThat(split.get(1)).hasSize(46);
        String printed = print(r);
        assertThat(printed).contains("moves 1 (0.0 s); checkpoints 1 (0.0 s); group commits over 1 s 1 (2.5 s)");
        assertThat(printed).containsPattern("counts overlapping a pause +4 counts +p50 +5\\.0 ms .* max +80\\.0 ms");
        assertThat(printed).containsPattern("counts overlapping none +46 counts");
    }

    /** {@code n} samples of {@code micros}, alternating between the two segments. */
    private static List<Sample> samples(int n, long micros) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new Sample(i % 2, i, micros));
        }
        return samples;
    }

    private static String print(MixedLoadResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

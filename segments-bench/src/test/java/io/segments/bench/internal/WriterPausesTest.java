package io.segments.bench.internal;

import io.segments.bench.internal.WriterPauses.Kind;
import io.segments.bench.internal.WriterPauses.Pause;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WriterPausesTest {
    private static final long T = Instant.parse("2026-12-07T08:25:52.584Z").toEpochMilli();

    @Test
    void moves_checkpoints_and_slow_commits_are_read_from_the_servers_log_as_the_time_before_their_line() {
        List<Pause> pauses = WriterPauses.parse(List.of(
                "2026-12-07T08:25:52.584+0000 [main] INFO IngestWriter - ingestion state loaded in 556 ms: 50000 users",
                "2026-12-07T08:25:52.584+0000 [segments-ingest-writer] INFO IngestWriter - moved 1000000 recent events"
                        + " into sorted runs in 1246 ms",
                "2026-12-07T09:25:52.584+0100 [segments-ingest-writer] INFO IngestWriter - wrote the log into the"
                        + " database file in 152 ms",
                "2026-12-07T08:25:53.000+0000 [segments-ingest-writer] INFO IngestWriter - stored a group of 1500"
                        + " messages in 2346 ms",
                "2026-12-07T08:25:53.000+0000 [segments-http-12] INFO Ingestion - moved 5 recent events into sorted runs"
                        + " in 9 ms",
                "not a log line"));

        assertThat(pauses).containsExactly(
                new Pause(Kind.MOVE, T - 1_246, T),
                new Pause(Kind.CHECKPOINT, T - 152, T),
                new Pause(Kind.SLOW_COMMIT, T + 416 - 2_346, T + 416));
        assertThat(pauses.get(0).millis()).isEqualTo(1_246);
    }

    @Test
    void a_count_overlaps_a_pause_when_any_of_it_ran_during_the_pause() {
        Pause pause = new Pause(Kind.MOVE, 1_000, 2_000);

        assertThat(pause.overlaps(500, 400_000)).as("ended before").isFalse();
        assertThat(pause.overlaps(500, 600_000)).as("ran into it").isTrue();
        assertThat(pause.overlaps(1_500, 10_000)).as("inside").isTrue();
        assertThat(pause.overlaps(1_999, 5_000_000)).as("began in it").isTrue();
        assertThat(pause.overlaps(2_000, 1_000)).as("began after").isFalse();
        assertThat(pause.overlaps(900, 100_001)).as("a partial millisecond counts").isTrue();
    }
}

package io.segments.bench.internal;

import io.segments.engine.SegmentEngine;
import io.segments.store.Store;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** W5 computes the right answer: after the replay, the live members are the batch members of every segment. */
class LiveReplayTest {
    private static final DataSet DATA = new DataSet(400, 60_000, 30);

    @Test
    void theLiveMembersAtTheEndAreTheBatchMembersOfEverySegment() {
        Path dir = Path.of("target", "live-replay-test");
        Dirs.delete(dir);
        EngineData.Loaded loaded = EngineData.load(DATA.generator(), dir, new PrintStream(OutputStream.nullOutputStream()));
        try (Store store = Store.open(dir)) {
            Map<String, Integer> uids = LiveReplay.identities(store);
            LiveReplay replay = new LiveReplay(DATA.generator(), uids, DATA.now());
            LiveReplay.Replayed live = replay.live();
            List<RoaringBitmap> batch = replay.batch(new SegmentEngine(store::connect));

            assertThat(live.messages()).isEqualTo(loaded.messages());
            assertThat(live.events()).isEqualTo(loaded.events());
            LiveReplay.verify(live.members(), batch);
            assertThat(LiveReplay.counts(live.members())).containsExactly(LiveReplay.counts(batch));
            assertThat(LiveReplay.counts(batch)).hasSize(20);
            assertThat(java.util.Arrays.stream(LiveReplay.counts(batch)).filter(c -> c > 0).count()).isGreaterThan(12);
            assertThat(replay.loop()).isPositive();

            List<RoaringBitmap> wrong = new ArrayList<>(batch);
            RoaringBitmap one = batch.get(0).clone();
            one.add(1_000_000);
            wrong.set(0, one);
            assertThatThrownBy(() -> LiveReplay.verify(live.members(), wrong))
                    .isInstanceOf(CountCheck.CountMismatchException.class)
                    .hasMessageContaining("W5: live segment 0")
                    .hasMessageContaining("only batch: 1 [1000000]");
        }
    }
}

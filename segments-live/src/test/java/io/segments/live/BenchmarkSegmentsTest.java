package io.segments.live;

import io.segments.datagen.GeneratedMessage;
import io.segments.datagen.Generator;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.json.SegmentJson;
import io.segments.testing.BenchmarkSegments;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark computes the right answer: the 20 segments of {@link BenchmarkSegments} (what
 * {@link LiveBenchmark} runs) on a small generated data set, every identify a profile change, replayed and
 * checked against the reference evaluator by {@link Replay} at every day boundary and at every change.
 */
class BenchmarkSegmentsTest {
    private static final long DAY = 86_400_000L;

    @Test
    void theBenchmarkSegmentsAgreeWithTheReferenceOnGeneratedTraffic() {
        Generator generator = Generator.builder().users(150).days(20).eventsPerUser(25).seed(7).build();
        Map<String, List<Event>> events = new LinkedHashMap<>();
        Map<String, Map<String, Object>> traits = new HashMap<>();
        Map<String, Set<String>> tokens = new HashMap<>();
        List<Replay.ProfileChange> profileChanges = new ArrayList<>();
        generator.forEachMessage(m -> {
            String user = m.subjectId();
            events.computeIfAbsent(user, u -> new ArrayList<>());
            Map<String, Object> merged = traits.computeIfAbsent(user, u -> new LinkedHashMap<>());
            Set<String> userTokens = tokens.computeIfAbsent(user, u -> new LinkedHashSet<>());
            boolean profileChanged = false;
            if (m.type() == GeneratedMessage.Type.TRACK) {
                events.get(user).add(new Event(m.event(), m.timestamp(), m.properties()));
                if (m.pushToken() != null) {
                    profileChanged = userTokens.add(m.pushToken());
                }
            } else {
                merged.putAll(m.traits());
                profileChanged = true;
            }
            if (profileChanged) {
                profileChanges.add(new Replay.ProfileChange(m.timestamp(), new Profile(user, merged, userTokens)));
            }
        });
        List<Profile> profiles = new ArrayList<>();
        events.keySet().forEach(user -> profiles.add(Profile.of(user, Map.of())));
        Instant created = generator.start();
        List<Replay.Segment> segments = new ArrayList<>();
        for (int i = 0; i < BenchmarkSegments.FILTERS.size(); i++) {
            segments.add(new Replay.Segment("live_" + i, SegmentJson.readCondition(BenchmarkSegments.FILTERS.get(i),
                    "$.filter"), created));
        }
        List<Long> checkpoints = new ArrayList<>();
        for (long t = created.toEpochMilli(); t <= generator.end().toEpochMilli() + 30 * DAY; t += DAY) {
            checkpoints.add(t);
        }
        Replay.Outcome outcome = new Replay(segments, profiles, events, profileChanges, checkpoints,
                BenchmarkSegments.lookup()).run(-1);
        assertThat(outcome.changes()).hasSizeGreaterThan(1000);
        assertThat(outcome.changes().stream().map(Change::segmentId).distinct()).hasSize(BenchmarkSegments.FILTERS.size());
    }
}

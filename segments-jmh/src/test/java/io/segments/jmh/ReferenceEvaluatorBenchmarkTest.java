package io.segments.jmh;

import io.segments.live.LiveEngine;
import io.segments.live.ChangeListener;
import io.segments.live.LiveSegment;
import io.segments.model.eval.Event;
import io.segments.model.eval.SegmentLookup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReferenceEvaluatorBenchmark} decides membership of each of its users as the live engine does when
 * fed the same users and events in time order, for every example segment.
 */
class ReferenceEvaluatorBenchmarkTest {
    private static ReferenceEvaluatorBenchmark.Users users;

    @BeforeAll
    static void setup() {
        users = new ReferenceEvaluatorBenchmark.Users();
        users.setup();
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void decisionsAgreeWithTheLiveEngine(Example example) {
        ReferenceEvaluatorBenchmark.Segment segment = new ReferenceEvaluatorBenchmark.Segment();
        segment.example = example;
        segment.setup();
        ReferenceEvaluatorBenchmark benchmark = new ReferenceEvaluatorBenchmark();
        users.next = 0;
        Set<String> decided = new TreeSet<>();
        for (int i = 0; i < users.profiles.length; i++) {
            if (benchmark.matches(users, segment)) {
                decided.add(users.profiles[i].userId());
            }
        }
        assertThat(users.next).as("every user was evaluated once").isZero();
        assertThat(decided).as("%s has members among the generated users", example).isNotEmpty();
        assertThat(decided).isEqualTo(liveMembers(example));
    }

    @Test
    void theBaselineCountsTheUsersChargedEvents() {
        ReferenceEvaluatorBenchmark benchmark = new ReferenceEvaluatorBenchmark();
        users.next = 0;
        long total = 0;
        long expected = 0;
        for (int i = 0; i < users.profiles.length; i++) {
            total += benchmark.baselineScan(users);
            expected += users.histories[i].stream().filter(e -> e.name().equals("Charged")).count();
        }
        assertThat(expected).isPositive();
        assertThat(total).isEqualTo(expected);
    }

    /** The members of {@code example} by the live engine, fed every user and every event in time order. */
    private static Set<String> liveMembers(Example example) {
        record Timed(String user, Event event) {
        }
        List<Timed> events = new ArrayList<>();
        for (int i = 0; i < users.profiles.length; i++) {
            for (Event e : users.histories[i]) {
                events.add(new Timed(users.profiles[i].userId(), e));
            }
        }
        events.sort(Comparator.comparingLong(t -> t.event().timestamp()));
        Instant start = Instant.ofEpochMilli(events.get(0).event().timestamp());
        LiveEngine engine = LiveEngine.create(start, SegmentLookup.none(), ChangeListener.none());
        engine.register(new LiveSegment("example", example.segment().filter().orElseThrow(), start));
        for (var profile : users.profiles) {
            engine.profile(profile);
        }
        for (Timed t : events) {
            if (t.event().timestamp() > engine.now().toEpochMilli()) {
                engine.advanceTo(Instant.ofEpochMilli(t.event().timestamp()));
            }
            engine.event(t.user(), t.event());
        }
        engine.advanceTo(users.now);
        return engine.members("example");
    }
}

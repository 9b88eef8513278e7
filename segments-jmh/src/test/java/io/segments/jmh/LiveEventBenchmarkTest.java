package io.segments.jmh;

import io.segments.jmh.internal.LiveSegments;
import io.segments.live.LiveSegment;
import io.segments.model.eval.Event;
import io.segments.testing.BenchmarkSegments;
import io.segments.testing.Dataset;
import io.segments.testing.ReferenceMembershipEvaluator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After {@link LiveEventBenchmark} has fed one and a half rounds of events (the second round shifted in
 * time), the members of its twenty live segments are those the reference evaluator finds over every event
 * fed, at the engine's clock and a day later.
 */
class LiveEventBenchmarkTest {
    @Test
    void membersAfterTheFedEventsEqualTheReferenceEvaluators() {
        LiveEventBenchmark.Feed feed = new LiveEventBenchmark.Feed();
        feed.users = 120;
        feed.setup();
        Dataset generated = feed.traffic.dataset();
        Map<String, List<Event>> events = new HashMap<>();
        generated.events().forEach((user, list) -> events.put(user, new ArrayList<>(list)));

        LiveEventBenchmark benchmark = new LiveEventBenchmark();
        int calls = feed.tracks.length * 3 / 2;
        long previous = Long.MIN_VALUE;
        for (int n = 0; n < calls; n++) {
            int cursor = feed.cursor;
            benchmark.event(feed);
            int i = feed.tracks[cursor];
            assertThat(feed.at).as("events are fed in time order").isGreaterThanOrEqualTo(previous)
                    .isGreaterThan(feed.traffic.times[feed.traffic.count - 1]);
            previous = feed.at;
            events.get(feed.traffic.users[i]).add(new Event(feed.traffic.names[i], feed.at, feed.traffic.properties[i]));
        }
        assertThat(feed.round).as("the feed went past its first round").isEqualTo(2);
        Dataset fed = new Dataset(generated.profiles(), events);

        Instant now = feed.engine.now();
        assertSameMembers(feed, fed, now);
        feed.engine.advanceTo(now.plus(Duration.ofDays(1)));
        assertSameMembers(feed, fed, now.plus(Duration.ofDays(1)));
        assertThat(feed.changes).isPositive();
    }

    @Test
    void theBaselineBuildsTheSameEventsInTimeOrder() {
        LiveEventBenchmark.Feed feed = new LiveEventBenchmark.Feed();
        feed.users = 30;
        feed.setup();
        LiveEventBenchmark benchmark = new LiveEventBenchmark();
        long previous = Long.MIN_VALUE;
        for (int n = 0; n < feed.tracks.length + 10; n++) {
            int i = feed.tracks[feed.cursor];
            Event e = benchmark.baselineLoop(feed);
            assertThat(e.name()).isEqualTo(feed.traffic.names[i]);
            assertThat(e.properties()).isEqualTo(feed.traffic.properties[i]);
            assertThat(e.timestamp()).isGreaterThanOrEqualTo(previous);
            previous = e.timestamp();
        }
    }

    private static void assertSameMembers(LiveEventBenchmark.Feed feed, Dataset fed, Instant now) {
        int nonEmpty = 0;
        for (LiveSegment segment : LiveSegments.created(feed.createdAt)) {
            Set<String> expected = new ReferenceMembershipEvaluator().members(fed, segment.filter(), now,
                    segment.createdAt(), BenchmarkSegments.lookup());
            assertThat(feed.engine.members(segment.id())).as("%s at %s: %s", segment.id(), now, segment.filter())
                    .isEqualTo(expected);
            if (!expected.isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).as("segments with members at %s", now).isGreaterThanOrEqualTo(10);
    }
}

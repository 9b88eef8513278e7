package io.segments.live;

import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.testing.Definitions;
import io.segments.testing.Histories;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Long event streams of one user (up to 300 events over two months) replayed against the reference, so
 * that retained events are dropped, arrays compacted and sequence chains pruned many times over.
 */
class LongHistoryTest {
    private static final long MINUTE = 60_000L;
    private static final long START = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();

    record Stream(List<Condition> filters, List<Event> events, List<Long> checkpoints, long createdAt) {
    }

    @Property(tries = 150)
    void longStreamsAgreeWithTheReference(@ForAll("streams") Stream stream) {
        List<Replay.Segment> segments = new ArrayList<>();
        for (int i = 0; i < stream.filters().size(); i++) {
            segments.add(new Replay.Segment("live" + i, stream.filters().get(i),
                    Instant.ofEpochMilli(stream.createdAt())));
        }
        Profile profile = new Profile("u1", Map.of("country", "IN", "email", "ann@example.com"), Set.of());
        Replay.Outcome outcome = new Replay(segments, List.of(profile), Map.of("u1", stream.events()), List.of(),
                stream.checkpoints(), Definitions.lookup()).run(-1);
        Statistics.label("events").collect(stream.events().size() / 100 * 100 + "+");
        Statistics.label("changes").collect(outcome.changes().size() >= 10 ? "10 or more" : "fewer than 10")
                .coverage(c -> c.check("10 or more").percentage(p -> p >= 5)); // a random share: 10 % happens
    }

    @Provide
    Arbitrary<Stream> streams() {
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 30 * MINUTE)),
                Tuple.of(2, Combinators.combine(Arbitraries.of(10 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE),
                        Arbitraries.of(-1L, 0L, 1L)).as(Long::sum)),
                Tuple.of(1, Arbitraries.longs().between(0, 3 * 24 * 60 * MINUTE)));
        Arbitrary<Event> drafts = Combinators.combine(Definitions.events(), gaps, Histories.properties())
                .as((name, gap, properties) -> new Event(name, gap, properties));
        Arbitrary<List<Event>> events = drafts.list().ofMinSize(50).ofMaxSize(300)
                .withSizeDistribution(RandomDistribution.uniform()).map(list -> {
            List<Event> timed = new ArrayList<>();
            long t = START;
            for (Event e : list) {
                t += e.timestamp();
                timed.add(new Event(e.name(), t, e.properties()));
            }
            return timed;
        });
        return events.flatMap(list -> {
            long end = list.get(list.size() - 1).timestamp() + 31L * 24 * 60 * MINUTE;
            Arbitrary<Condition> eventConditions = Arbitraries.frequencyOf(Tuple.of(3, Definitions.dids()),
                    Tuple.of(1, Definitions.didNots()), Tuple.of(3, Definitions.sequences()),
                    Tuple.of(1, LiveAgreementTest.liveConditions()));
            return Combinators.combine(eventConditions.list().ofMinSize(1).ofMaxSize(3),
                    Arbitraries.longs().between(START, end).list().ofMinSize(3).ofMaxSize(10),
                    Arbitraries.of(START - 1, START + 5 * 24 * 60 * MINUTE))
                    .as((filters, checkpoints, created) -> new Stream(filters, list, checkpoints, created));
        });
    }
}

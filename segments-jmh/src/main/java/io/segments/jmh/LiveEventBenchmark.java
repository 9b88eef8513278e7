package io.segments.jmh;

import io.segments.datagen.Generator;
import io.segments.jmh.internal.LiveSegments;
import io.segments.jmh.internal.Traffic;
import io.segments.live.LiveEngine;
import io.segments.live.LiveSegment;
import io.segments.model.eval.Event;
import io.segments.testing.BenchmarkSegments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live engine taking one event of a user with twenty live segments registered
 * ({@link BenchmarkSegments}): the clock advanced to the event (firing the timers due by then), the event
 * matched against every segment's conditions and the user's state and membership updated. The users'
 * generated traffic ({@code users} users, {@value #DAYS} days) is fed once in setup so that every user has
 * state; then its track events are fed again and again, each round shifted in time past the previous
 * one, so the engine works in a steady state of retained history and pending timers. The baseline is the
 * same loop (building each event) without the engine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class LiveEventBenchmark {
    static final int DAYS = 30;
    static final double EVENTS_PER_USER = 60;
    private static final long DAY = 86_400_000L;

    /** The engine with its segments and users, and a cursor over the events to feed. */
    @State(Scope.Thread)
    public static class Feed {
        @Param("2000")
        public int users;

        Traffic traffic;
        Instant createdAt;
        LiveEngine engine;
        long changes;
        /** The track messages of {@link #traffic}, in time order. */
        int[] tracks;
        /** How much each round is shifted in time after the previous one. */
        long period;
        int cursor;
        long round = 1;
        /** The time of the event {@link #next} moved to. */
        long at;
        long clock;

        @Setup
        public void setup() {
            Generator generator = Generator.builder().users(users).days(DAYS).eventsPerUser(EVENTS_PER_USER).seed(42)
                    .build();
            traffic = Traffic.of(generator);
            tracks = traffic.trackIndexes();
            createdAt = generator.start();
            long first = traffic.times[0];
            long last = traffic.times[traffic.count - 1];
            period = (last - first) / DAY * DAY + DAY;
            engine = LiveEngine.create(createdAt, BenchmarkSegments.lookup(), change -> changes++);
            for (LiveSegment segment : LiveSegments.created(createdAt)) {
                engine.register(segment);
            }
            clock = createdAt.toEpochMilli();
            for (int i = 0; i < traffic.count; i++) {
                advanceTo(traffic.times[i]);
                if (traffic.isTrack(i)) {
                    engine.event(traffic.users[i], new Event(traffic.names[i], traffic.times[i], traffic.properties[i]));
                    if (traffic.tokens[i] != null) {
                        engine.mergeTraits(traffic.users[i], Map.of(), List.of(traffic.tokens[i]));
                    }
                } else {
                    engine.mergeTraits(traffic.users[i], traffic.traits[i], List.of());
                }
            }
        }

        /** Moves to the next event to feed and returns its message index; {@link #at} is then its time. */
        int next() {
            int i = tracks[cursor];
            at = traffic.times[i] + round * period;
            if (++cursor == tracks.length) {
                cursor = 0;
                round++;
            }
            return i;
        }

        /** Moves the engine's clock forward to {@code time}, firing the timers due by then. */
        void advanceTo(long time) {
            if (time > clock) {
                engine.advanceTo(Instant.ofEpochMilli(time));
                clock = time;
            }
        }
    }

    @Benchmark
    public void event(Feed f) {
        int i = f.next();
        f.advanceTo(f.at);
        f.engine.event(f.traffic.users[i], new Event(f.traffic.names[i], f.at, f.traffic.properties[i]));
    }

    @Benchmark
    public Event baselineLoop(Feed f) {
        int i = f.next();
        if (f.at > f.clock) {
            f.clock = f.at;
        }
        return new Event(f.traffic.names[i], f.at, f.traffic.properties[i]);
    }
}

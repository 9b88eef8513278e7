package io.segments.jmh;

import io.segments.datagen.Generator;
import io.segments.jmh.internal.Traffic;
import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.model.eval.SegmentLookup;
import io.segments.testing.Dataset;
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
import java.util.concurrent.TimeUnit;

/**
 * The reference evaluator deciding whether one user is a member of an example segment, for users with
 * generated histories ({@value #USERS} users over {@value #DAYS} days, {@value #EVENTS_PER_USER} events
 * each on average, from a few to several hundred); each call takes the next user. The baseline walks the
 * same user's events once, counting those of one name: the least any evaluator reading the history does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ReferenceEvaluatorBenchmark {
    static final int USERS = 400;
    static final int DAYS = 90;
    static final int EVENTS_PER_USER = 100;

    /** The users, their histories and the time to evaluate at; a cursor over the users. */
    @State(Scope.Thread)
    public static class Users {
        Profile[] profiles;
        List<Event>[] histories;
        Instant now;
        int next;

        @Setup
        @SuppressWarnings({"unchecked", "rawtypes"})
        public void setup() {
            Generator generator = Generator.builder().users(USERS).days(DAYS).eventsPerUser(EVENTS_PER_USER).seed(3)
                    .build();
            Dataset data = Traffic.of(generator).dataset();
            profiles = data.profiles().toArray(new Profile[0]);
            histories = new List[profiles.length];
            for (int i = 0; i < profiles.length; i++) {
                histories[i] = data.events().getOrDefault(profiles[i].userId(), List.of());
            }
            now = generator.end();
        }

        /** The index of the user the next call evaluates. */
        int advance() {
            int user = next;
            next = next + 1 == profiles.length ? 0 : next + 1;
            return user;
        }
    }

    /** An example segment's filter and the evaluator. */
    @State(Scope.Benchmark)
    public static class Segment {
        @Param
        public Example example;

        Condition filter;
        ReferenceEvaluator evaluator;

        @Setup
        public void setup() {
            filter = example.segment().filter().orElseThrow();
            evaluator = new ReferenceEvaluator(SegmentLookup.none());
        }
    }

    @Benchmark
    public boolean matches(Users users, Segment segment) {
        int u = users.advance();
        return segment.evaluator.matches(segment.filter, users.profiles[u], users.histories[u], users.now);
    }

    @Benchmark
    public int baselineScan(Users users) {
        int u = users.advance();
        int charged = 0;
        for (Event e : users.histories[u]) {
            if (e.name().equals("Charged")) {
                charged++;
            }
        }
        return charged;
    }
}

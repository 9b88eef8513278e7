package io.segments.live;

import io.segments.datagen.GeneratedMessage;
import io.segments.datagen.Generator;
import io.segments.datagen.Order;
import io.segments.model.eval.Event;
import io.segments.model.json.SegmentJson;
import io.segments.testing.BenchmarkSegments;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the live engine on generated e-commerce traffic: the 20 live segments of
 * {@link BenchmarkSegments}, the messages of {@link Generator} in time order, fed at full speed with the
 * clock advanced to each message (no I/O: the messages are generated into memory first). Reports events per second (against
 * a baseline that runs the same loop without the engine), timer firings, changes, retained state,
 * heap, and the cost of the two restart strategies: snapshot and restore, or rebuild by replaying.
 *
 * <pre>
 * mvn -q -pl segments-live test-compile org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
 * java -Xmx6g -cp "segments-live/target/test-classes:segments-live/target/classes:$(cat segments-live/target/bench-classpath.txt)" \
 *     io.segments.live.LiveBenchmark --users 100000 --events-per-user 20 --days 30 --rounds 3
 * </pre>
 * Wall-clock rates depend on what else runs on the machine; the feeding thread's cpu time does much less.
 */
public final class LiveBenchmark {
    private static final long DAY = 86_400_000L;

    private LiveBenchmark() {
    }

    /** The generated messages in time order, ready to feed. */
    private record Messages(String[] users, long[] times, Event[] events, List<Map<String, Object>> traits,
                            String[] tokens, int count, int tracks, long first, long last) {
    }

    public static void main(String[] args) throws IOException {
        int users = 100_000;
        double eventsPerUser = 20;
        int days = 30;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--events-per-user" -> eventsPerUser = Double.parseDouble(args[i + 1]);
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--users N --events-per-user N --days N --rounds N)");
            }
        }
        Generator generator = Generator.builder().users(users).days(days).eventsPerUser(eventsPerUser).seed(42)
                .order(Order.TIME).build();
        long t0 = System.nanoTime();
        Messages messages = generate(generator);
        System.out.printf(Locale.ROOT, "generated %,d messages (%,d track events) for %,d users over %d days in %.1f s%n",
                messages.count(), messages.tracks(), users, days, (System.nanoTime() - t0) / 1e9);

        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long baseline = Long.MAX_VALUE;
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        LiveEngine engine = null;
        long[] counted = new long[2];
        for (int round = 0; round < rounds; round++) {
            long b0 = System.nanoTime();
            long checksum = feedBaseline(messages);
            baseline = Math.min(baseline, System.nanoTime() - b0);
            if (checksum == 42) {
                System.out.println();
            }
            counted[0] = 0;
            counted[1] = 0;
            engine = newEngine(messages.first(), counted);
            System.gc();
            long c0 = threads.getCurrentThreadCpuTime();
            long e0 = System.nanoTime();
            feed(engine, messages);
            long elapsed = System.nanoTime() - e0;
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            best = Math.min(best, elapsed);
            bestCpu = Math.min(bestCpu, cpu);
            System.out.printf(Locale.ROOT, "round %d: %.2f s wall (%,.0f messages/s), %.2f s cpu of the feeding thread "
                    + "(%,.0f messages per cpu second)%n", round + 1, elapsed / 1e9, messages.count() / (elapsed / 1e9),
                    cpu / 1e9, messages.count() / (cpu / 1e9));
        }
        LiveEngine.Stats stats = engine.stats();
        double net = (best - baseline) / 1e9;
        System.out.printf(Locale.ROOT, "%nlive engine, 20 segments, best of %d rounds:%n", rounds);
        System.out.printf(Locale.ROOT, "  messages/s            %,.0f  (%,d messages in %.2f s; the loop alone takes %.3f s)%n",
                messages.count() / (best / 1e9), messages.count(), best / 1e9, baseline / 1e9);
        System.out.printf(Locale.ROOT, "  track events/s        %,.0f  (engine time only, baseline loop subtracted: %,.0f)%n",
                messages.tracks() / (best / 1e9), messages.tracks() / net);
        System.out.printf(Locale.ROOT, "  messages per cpu s    %,.0f  (the feeding thread's cpu time, best round: %.2f s; "
                + "robust to other load on the machine)%n", messages.count() / (bestCpu / 1e9), bestCpu / 1e9);
        System.out.printf(Locale.ROOT, "  timers fired          %,d%n", stats.timersFired());
        System.out.printf(Locale.ROOT, "  changes               %,d (%,d entries, %,d exits)%n", stats.changes(), counted[0],
                counted[1]);
        System.out.printf(Locale.ROOT, "  users with state      %,d%n", stats.users());
        System.out.printf(Locale.ROOT, "  retained instants     %,d (%.1f per user)%n", stats.retained(),
                stats.retained() / (double) stats.users());

        long heapWith = usedHeap();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long s0 = System.nanoTime();
        engine.snapshot(out);
        long snapshotNanos = System.nanoTime() - s0;
        byte[] snapshot = out.toByteArray();
        out = null;
        engine = null;
        long heapWithout = usedHeap();
        System.out.printf(Locale.ROOT, "  heap for the engine   %,d MB (%,d bytes per user)%n",
                (heapWith - heapWithout) >> 20, (heapWith - heapWithout) / stats.users());
        System.out.printf(Locale.ROOT, "  snapshot              %,d bytes (%,d per user), written in %.2f s%n",
                snapshot.length, snapshot.length / stats.users(), snapshotNanos / 1e9);
        long r0 = System.nanoTime();
        LiveEngine restored = LiveEngine.restore(new ByteArrayInputStream(snapshot), BenchmarkSegments.lookup(),
                ChangeListener.none());
        long restoreNanos = System.nanoTime() - r0;
        System.out.printf(Locale.ROOT, "restart by snapshot: write %.2f s + restore %.2f s = %.2f s; "
                        + "by rebuild (replaying the %d days): %.2f s; ratio %.1fx%n",
                snapshotNanos / 1e9, restoreNanos / 1e9, (snapshotNanos + restoreNanos) / 1e9, days, best / 1e9,
                best / (double) (snapshotNanos + restoreNanos));
        if (restored.stats().users() != stats.users()) {
            throw new IllegalStateException("the restored engine lost users");
        }
        long f0 = System.nanoTime();
        restored.advanceTo(Instant.ofEpochMilli(messages.last() + 91 * DAY));
        System.out.printf(Locale.ROOT, "draining timers for 91 days after the last message: %,d timers in %.2f s%n",
                restored.stats().timersFired(), (System.nanoTime() - f0) / 1e9);
    }

    private static LiveEngine newEngine(long first, long[] counted) {
        LiveEngine engine = LiveEngine.create(Instant.ofEpochMilli(first), BenchmarkSegments.lookup(), change -> {
            if (change.kind() == Change.Kind.ENTERED) {
                counted[0]++;
            } else {
                counted[1]++;
            }
        });
        Instant created = Instant.ofEpochMilli(first);
        for (int i = 0; i < BenchmarkSegments.FILTERS.size(); i++) {
            engine.register(new LiveSegment("live_" + i,
                    SegmentJson.readCondition(BenchmarkSegments.FILTERS.get(i), "$.filter"), created));
        }
        return engine;
    }

    private static void feed(LiveEngine engine, Messages m) {
        long clock = Long.MIN_VALUE;
        List<String> noTokens = List.of();
        for (int i = 0; i < m.count(); i++) {
            Event e = m.events()[i];
            long at = m.times()[i];
            if (at > clock) {
                engine.advanceTo(Instant.ofEpochMilli(at));
                clock = at;
            }
            if (e != null) {
                engine.event(m.users()[i], e);
                if (m.tokens()[i] != null) {
                    engine.mergeTraits(m.users()[i], Map.of(), List.of(m.tokens()[i]));
                }
            } else {
                engine.mergeTraits(m.users()[i], m.traits().get(i), noTokens);
            }
        }
    }

    /** The same loop without the engine. */
    private static long feedBaseline(Messages m) {
        long clock = Long.MIN_VALUE;
        long checksum = 0;
        for (int i = 0; i < m.count(); i++) {
            Event e = m.events()[i];
            long at = m.times()[i];
            if (at > clock) {
                clock = at;
            }
            checksum += m.users()[i].length() + (e != null ? e.properties().size() : m.traits().get(i).size());
        }
        return checksum + clock;
    }

    private static Messages generate(Generator generator) {
        List<String> users = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Map<String, Object>> traits = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        int[] tracks = {0};
        generator.forEachMessage(m -> {
            users.add(ids.computeIfAbsent(m.subjectId(), id -> id));
            times.add(m.timestamp());
            range[0] = Math.min(range[0], m.timestamp());
            range[1] = Math.max(range[1], m.timestamp());
            if (m.type() == GeneratedMessage.Type.TRACK) {
                events.add(new Event(m.event(), m.timestamp(), m.properties()));
                traits.add(null);
                tokens.add(m.pushToken());
                tracks[0]++;
            } else {
                events.add(null);
                traits.add(m.traits());
                tokens.add(null);
            }
        });
        return new Messages(users.toArray(new String[0]), times.stream().mapToLong(Long::longValue).toArray(), events.toArray(new Event[0]),
                traits, tokens.toArray(new String[0]), users.size(), tracks[0], range[0], range[1]);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

package io.segments.datagen.internal;

/**
 * Drives generation in one of two orders and hands every row to a sink.
 * <ul>
 *   <li>by time: day after day, every user's messages of the day sorted by timestamp (messages a session
 *       carries past midnight wait for the next day), so the whole stream is in timestamp order; keeps the
 *       compact state of all users and one day of rows in memory;</li>
 *   <li>by user: user after user, each user's messages in timestamp order; keeps one block of users.</li>
 * </ul>
 * Both orders produce the same messages.
 */
public final class Engine {
    private static final int BLOCK = 1 << 16;

    /** Receives rows in output order; {@code pop} holds the row's user. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Rows rows, int r, Population pop);
    }

    /** Message counts of one run. */
    public static final class Counts {
        /** The row kind of the first event of {@code Generator.EVENT_NAMES}; the others follow in order. */
        public static final int FIRST_EVENT_KIND = Rows.APP_LAUNCHED;
        public final long[] byKind = new long[Rows.KINDS];
        public long anonymousVisitors;
        public long identifiedLater;

        public long messages() {
            long n = 0;
            for (long c : byKind) {
                n += c;
            }
            return n;
        }

        public long identifies() {
            return byKind[Rows.IDENTIFY] + byKind[Rows.IDENTIFY_MERGE] + byKind[Rows.IDENTIFY_OPT_OUT];
        }

        /** Count of track messages of the event named by {@link Renderer}, by row kind. */
        public long events(int kind) {
            return byKind[kind];
        }
    }

    private final Plan plan;

    public Engine(Plan plan) {
        this.plan = plan;
    }

    /** Sets the plan's session rate scale so that the expected track events per user meet the target. */
    public static void calibrate(Plan plan) {
        double perScale = 0;
        double forced = 0;
        for (int first = 0; first < plan.users; first += BLOCK) {
            Population pop = Population.derive(plan, first, Math.min(BLOCK, plan.users - first));
            for (int i = 0; i < pop.size; i++) {
                perScale += pop.expectedEventsPerScale(plan, i);
                forced += pop.forcedSessions(i) * pop.archetypeOf(i).eventsPerSession();
            }
        }
        double wanted = plan.eventsPerUser * plan.users - forced;
        plan.scale = perScale > 0 && wanted > 0 ? wanted / perScale : 0;
    }

    public Counts byTime(RowSink sink) {
        Counts counts = new Counts();
        Population pop = Population.derive(plan, 0, plan.users);
        countUsers(pop, counts);
        Simulator sim = new Simulator(plan);
        Rows current = new Rows(1 << 12);
        Rows carry = new Rows(1 << 10);
        for (int d = 0; d < plan.days; d++) {
            current.clear();
            for (int r = 0; r < carry.size; r++) {
                current.copyFrom(carry, r);
            }
            carry.clear();
            for (int i = 0; i < pop.size; i++) {
                sim.day(pop, i, d, current);
            }
            long limit = d == plan.days - 1 ? Long.MAX_VALUE : plan.dayStart(d + 1);
            int n = current.sortBefore(plan.dayStart(d), limit);
            int[] order = current.order();
            for (int k = 0; k < n; k++) {
                emit(current, order[k], pop, sink, counts);
            }
            for (int r = 0; r < current.size; r++) {
                if (current.ts[r] >= limit) {
                    carry.copyFrom(current, r);
                }
            }
        }
        return counts;
    }

    public Counts byUser(RowSink sink) {
        Counts counts = new Counts();
        Simulator sim = new Simulator(plan);
        Rows rows = new Rows(1 << 10);
        for (int first = 0; first < plan.users; first += BLOCK) {
            Population pop = Population.derive(plan, first, Math.min(BLOCK, plan.users - first));
            countUsers(pop, counts);
            for (int i = 0; i < pop.size; i++) {
                rows.clear();
                for (int d = pop.from[i]; d < pop.to[i]; d++) {
                    sim.day(pop, i, d, rows);
                }
                int n = rows.sortBefore(plan.startMillis, Long.MAX_VALUE);
                int[] order = rows.order();
                for (int k = 0; k < n; k++) {
                    emit(rows, order[k], pop, sink, counts);
                }
            }
        }
        return counts;
    }

    private static void emit(Rows rows, int r, Population pop, RowSink sink, Counts counts) {
        counts.byKind[rows.kind[r]]++;
        sink.accept(rows, r, pop);
    }

    private static void countUsers(Population pop, Counts counts) {
        for (int i = 0; i < pop.size; i++) {
            if (pop.has(i, Population.ANONYMOUS)) {
                counts.anonymousVisitors++;
                if (pop.has(i, Population.CONVERTS)) {
                    counts.identifiedLater++;
                }
            }
        }
    }
}

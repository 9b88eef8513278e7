package io.segments.bench.internal;

import io.segments.datagen.Generator;

import java.time.Instant;

/**
 * A generated data set: the e-commerce users and events of {@link Generator} at a size, always seed 42 and
 * history ending at {@link #END}. Every system evaluates at one fixed {@link #now()}: the end minus 1 ms.
 *
 * <p>The end is a fixed instant in the past rather than the generator's default (2026-12-01): the HTTP trend
 * endpoint evaluates at the server's clock, so a trend over the data's last 90 days is the same in every system
 * only when the whole history lies before the server's clock.
 *
 * @param users  users to generate
 * @param events track events to generate (about)
 * @param days   days of history
 */
public record DataSet(int users, long events, int days) {
    public static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    public static final long SEED = 42;

    public Generator generator() {
        return Generator.builder().users(users).totalEvents(events).days(days).seed(SEED).end(END).build();
    }

    /** The evaluation time of every workload: the generator's end minus 1 ms. */
    public Instant now() {
        return END.minusMillis(1);
    }

    /** What a load marker must match for a copy of this data set to be reused. */
    public String settings() {
        return "users=" + users + " events=" + events + " days=" + days + " seed=" + SEED + " end=" + END;
    }
}

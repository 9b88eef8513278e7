package io.segments.datagen.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The fixed frame of one data set: seed, user count, the day grid and the session rate scale.
 * Days are UTC calendar days; the last one is the day of {@code end - 1ms}, so an end at midnight
 * yields whole days. Nothing happens after {@code end}.
 */
public final class Plan {
    public static final long DAY_MS = 86_400_000L;
    /** Relative activity Monday..Sunday. */
    private static final double[] WEEKDAY = {0.94, 0.95, 0.97, 1.0, 1.05, 1.12, 1.08};

    final long seed;
    final long seedHash;
    final int users;
    final int days;
    final long startMillis;
    final long endMillis;
    final double eventsPerUser;
    /** Weekday factor of each day. */
    final double[] weekdayFactor;
    /** Weekday factor of each day, times the covered fraction for a partial last day. */
    final double[] dayWeight;
    /** Prefix sums of {@link #dayWeight}: {@code weightPrefix[d]} = sum over days before d. */
    final double[] weightPrefix;
    /** 32 bits that differ between seeds, the first group of every message id. */
    final int idTag;
    private final byte[][] dateBytes;
    double scale;

    public Plan(long seed, int users, int days, long endMillis, double eventsPerUser) {
        this.seed = seed;
        this.seedHash = Rng.mix(seed ^ 0x5E65_3E47_0000_0001L);
        this.users = users;
        this.days = days;
        this.endMillis = endMillis;
        this.eventsPerUser = eventsPerUser;
        long lastDay = Math.floorDiv(endMillis - 1, DAY_MS);
        this.startMillis = (lastDay - days + 1) * DAY_MS;
        this.weekdayFactor = new double[days];
        this.dayWeight = new double[days];
        this.weightPrefix = new double[days + 1];
        for (int d = 0; d < days; d++) {
            long dayStart = dayStart(d);
            int weekday = (int) Math.floorMod(Math.floorDiv(dayStart, DAY_MS) + 3, 7L);
            double covered = Math.min(1.0, (endMillis - dayStart) / (double) DAY_MS);
            weekdayFactor[d] = WEEKDAY[weekday];
            dayWeight[d] = WEEKDAY[weekday] * covered;
            weightPrefix[d + 1] = weightPrefix[d] + dayWeight[d];
        }
        this.idTag = (int) Rng.mix(seedHash ^ 0x1D7A6L);
        this.dateBytes = new byte[days][];
        for (int d = 0; d < days; d++) {
            dateBytes[d] = LocalDate.ofEpochDay(Math.floorDiv(dayStart(d), DAY_MS)).toString()
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    public long startMillis() {
        return startMillis;
    }

    public long dayStart(int day) {
        return startMillis + day * DAY_MS;
    }

    /** The end (exclusive) of a day, or just past {@code end} for the last day. */
    long dayLimit(int day) {
        return Math.min(dayStart(day + 1), endMillis + 1);
    }

    /** {@code yyyy-MM-dd} of a day of the grid as ASCII, or {@code null} outside it. */
    byte[] dateBytes(long epochDay) {
        long d = epochDay - Math.floorDiv(startMillis, DAY_MS);
        return d >= 0 && d < days ? dateBytes[(int) d] : null;
    }

    double weightBetween(int fromDay, int toDay) {
        return weightPrefix[toDay] - weightPrefix[fromDay];
    }
}

package io.segments.engine.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** The length of a report's intervals: UTC calendar days, or weeks from Monday to Sunday. */
public enum Granularity {
    DAY("day", 1),
    WEEK("week", 7);

    private static final long DAY_MILLIS = 86_400_000L;

    private final String json;
    private final int days;

    Granularity(String json, int days) {
        this.json = json;
        this.days = days;
    }

    /** The name in requests: {@code day} or {@code week}. */
    public String json() {
        return json;
    }

    /** How many days a whole interval has: 1 or 7. */
    public int days() {
        return days;
    }

    /** The first day of the interval that contains {@code date}. */
    public LocalDate start(LocalDate date) {
        return this == WEEK ? date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : date;
    }

    /** The first day of the interval after the one starting on {@code start}. */
    public LocalDate next(LocalDate start) {
        return start.plusDays(days);
    }

    /** The first instant of the interval starting on {@code start}. */
    public Instant startInstant(LocalDate start) {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The last millisecond of the interval starting on {@code start} (23:59:59.999Z of its last day). */
    public Instant endInstant(LocalDate start) {
        return startInstant(next(start)).minusMillis(1);
    }

    /** An interval's length in milliseconds. */
    public long millis() {
        return days * DAY_MILLIS;
    }
}

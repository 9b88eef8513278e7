package io.segments.bench.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed evaluation time of a run and the points of its daily trends: the end (last millisecond) of each of
 * {@code days} UTC days up to the day of {@code now}, the last one being {@code now} itself when the day has
 * not ended (as {@code SegmentAnalytics.trend} and the HTTP trend define them).
 *
 * @param now    epoch milliseconds every system evaluates at
 * @param from   the first day of the trends
 * @param points epoch milliseconds of the trend points, one per day from {@code from}
 */
public record Params(long now, LocalDate from, long[] points) {
    public static final long DAY = 86_400_000L;

    public Params {
        points = points.clone();
    }

    /** The evaluation time {@code now} and daily trends over the {@code days} days ending on its day. */
    public static Params at(Instant now, int days) {
        LocalDate to = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate from = to.minusDays(days - 1L);
        long[] points = new long[days];
        for (int i = 0; i < days; i++) {
            long end = from.plusDays(i + 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
            points[i] = Math.min(end, now.toEpochMilli());
        }
        return new Params(now.toEpochMilli(), from, points);
    }

    @Override
    public long[] points() {
        return points.clone();
    }

    public LocalDate to() {
        return from.plusDays(points.length - 1L);
    }

    public Instant nowInstant() {
        return Instant.ofEpochMilli(now);
    }

    /** Whether the points are exactly one day apart (every point a day's end, {@code now} included). */
    public boolean dailyGrid() {
        for (int i = 1; i < points.length; i++) {
            if (points[i] - points[i - 1] != DAY) {
                return false;
            }
        }
        return true;
    }

    /** The trend's dates, as labels of its counts. */
    public List<String> dates() {
        List<String> dates = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            dates.add(from.plusDays(i).toString());
        }
        return dates;
    }
}

package io.segments.engine.analytics;

import io.segments.datagen.Generator;
import io.segments.engine.ConnectionSource;
import io.segments.engine.SegmentEngine;
import io.segments.model.Condition;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.store.Schema;
import io.segments.testing.ExampleSegments;
import org.duckdb.DuckDBConnection;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much a daily trend costs compared with one count, for the eight example segments on
 * generated data: per segment, the median of {@code --runs} timings (after a warm-up) of one
 * {@code SegmentEngine.count} at the last point and of one trend of {@code --days} daily points
 * ending there, and their ratio. The baseline (the count) runs in the same process on the same
 * data. Every trend's last point is checked against the count (and with {@code --verify}, every
 * point against a count at its instant).
 *
 * <pre>
 * bin/bench-trend [--users 100000] [--events-per-user 100] [--days 90] [--runs 5] [--seed 42]
 *                 [--data-dir segments-engine/target/bench-data] [--verify]
 * </pre>
 *
 * The data set (a DuckDB file) is generated once per settings and kept in {@code --data-dir}.
 */
public final class TrendBenchmark {
    private TrendBenchmark() {
    }

    /** The settings of a run. */
    record Options(int users, double eventsPerUser, int days, int runs, long seed, Path dataDir, boolean verify) {
        static Options parse(String[] args) {
            int users = 100_000;
            double eventsPerUser = 100;
            int days = 90;
            int runs = 5;
            long seed = 42;
            Path dataDir = Path.of("segments-engine", "target", "bench-data");
            boolean verify = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--verify")) {
                    verify = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--users" -> users = Integer.parseInt(value);
                    case "--events-per-user" -> eventsPerUser = Double.parseDouble(value);
                    case "--days" -> days = Integer.parseInt(value);
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag + "; options: --users N "
                            + "--events-per-user X --days D --runs R --seed S --data-dir DIR --verify");
                }
            }
            if (runs < 1 || days < 1 || users < 1) {
                throw new IllegalArgumentException("--users, --days and --runs are at least 1");
            }
            return new Options(users, eventsPerUser, days, runs, seed, dataDir, verify);
        }
    }

    /** One segment's figures: medians in milliseconds. */
    record Result(String segment, long count, double countMillis, double trendMillis) {
        double ratio() {
            return trendMillis / countMillis;
        }
    }

    public static void main(String[] args) throws SQLException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-trend: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(options, System.out);
    }

    static List<Result> run(Options options, PrintStream out) throws SQLException {
        Generator generator = Generator.builder().users(options.users()).days(options.days())
                .eventsPerUser(options.eventsPerUser()).seed(options.seed()).build();
        // the schema version in the name: a file written with an older layout of the tables is not reused
        Path file = options.dataDir().resolve(String.format(Locale.ROOT, "users%d-days%d-epu%s-seed%d-v%d.duckdb",
                options.users(), options.days(), Double.toString(options.eventsPerUser()), options.seed(),
                Schema.MIGRATIONS.size()));
        long built = System.nanoTime();
        GeneratedStore.file(generator, file);
        out.printf(Locale.ROOT, "data: %s (ready in %.1f s)%n", file, (System.nanoTime() - built) / 1e9);
        List<Result> results = new ArrayList<>();
        try (DuckDBConnection root = DriverManager.getConnection("jdbc:duckdb:" + file)
                .unwrap(DuckDBConnection.class)) {
            long events;
            try (var statement = root.createStatement(); var rs = statement.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                events = rs.getLong(1);
            }
            SegmentEngine engine = new SegmentEngine(ConnectionSource.duplicating(root));
            SegmentAnalytics analytics = new SegmentAnalytics(ConnectionSource.duplicating(root));
            Instant now = generator.end().minusMillis(1);
            LocalDate to = LocalDate.ofInstant(now, ZoneOffset.UTC);
            LocalDate from = to.minusDays(options.days() - 1L);
            out.printf(Locale.ROOT, "%d users, %d events; count at %s; daily trend %s..%s (%d points); median of %d "
                    + "runs after a warm-up%n%n", options.users(), events, now, from, to, options.days(),
                    options.runs());
            out.printf(Locale.ROOT, "%-45s %9s %10s %10s %7s%n", "segment", "members", "count ms", "trend ms", "ratio");
            for (ExampleSegments.Example example : ExampleSegments.all()) {
                Condition filter = SegmentJson.readSegment(example.json()).filter().orElseThrow();
                long count = engine.count(filter, now, SegmentLookup.none(), Optional.empty());
                Trend trend = analytics.trend(filter, SegmentLookup.none(), Optional.empty(), Granularity.DAY, from,
                        to, now);
                check(example, trend.points().get(trend.points().size() - 1), count);
                if (options.verify()) {
                    for (Trend.Point point : trend.points()) {
                        check(example, point, engine.count(filter, point.at(), SegmentLookup.none(), Optional.empty()));
                    }
                }
                double[] counts = new double[options.runs()];
                double[] trends = new double[options.runs()];
                for (int r = 0; r < options.runs(); r++) {
                    long t0 = System.nanoTime();
                    engine.count(filter, now, SegmentLookup.none(), Optional.empty());
                    long t1 = System.nanoTime();
                    analytics.trend(filter, SegmentLookup.none(), Optional.empty(), Granularity.DAY, from, to, now);
                    long t2 = System.nanoTime();
                    counts[r] = (t1 - t0) / 1e6;
                    trends[r] = (t2 - t1) / 1e6;
                }
                Result result = new Result(example.name(), count, median(counts), median(trends));
                results.add(result);
                out.printf(Locale.ROOT, "%-45s %9d %10.1f %10.1f %7.2f%n", result.segment(), result.count(),
                        result.countMillis(), result.trendMillis(), result.ratio());
            }
        }
        return results;
    }

    private static void check(ExampleSegments.Example example, Trend.Point point, long count) {
        if (point.count() != count) {
            throw new IllegalStateException(example.name() + ": the trend has " + point.count() + " at " + point.at()
                    + " but count says " + count);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

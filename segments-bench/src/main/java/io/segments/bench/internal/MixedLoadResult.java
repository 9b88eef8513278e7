package io.segments.bench.internal;

import io.segments.bench.internal.MixedLoad.Ingestion;
import io.segments.bench.internal.MixedLoad.Sample;
import io.segments.bench.internal.WriterPauses.Kind;
import io.segments.bench.internal.WriterPauses.Pause;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * What the mixed-load benchmark measured ({@link MixedLoad}), its ratios and whether they meet the targets: counts
 * under load against counts alone (before and after the ingestion, pooled: the same range of store sizes), and
 * ingestion under load against ingestion alone.
 *
 * @param segments     the segments' names, by index
 * @param before       counts alone on the base store
 * @param underLoad    counts while the messages were ingested
 * @param after        counts alone on the grown store
 * @param alone        the ingestion alone
 * @param loaded       the same ingestion while counts ran
 * @param countsBefore each segment's count on the base store
 * @param countsAfter  each segment's count on the grown store
 * @param pauses       what the server's writer did besides group commits while counts ran under load, from its log
 */
public record MixedLoadResult(List<String> segments, List<Sample> before, List<Sample> underLoad, List<Sample> after,
                              Ingestion alone, Ingestion loaded, long[] countsBefore, long[] countsAfter,
                              List<Pause> pauses) {
    /** Target: count p99 under load at most this many times its p99 alone. */
    public static final double QUERY_P99_TARGET = 3.0;
    /** Target: ingestion under load at least this share of its rate alone. */
    public static final double INGESTION_TARGET = 0.5;

    public MixedLoadResult {
        segments = List.copyOf(segments);
        before = List.copyOf(before);
        underLoad = List.copyOf(underLoad);
        after = List.copyOf(after);
        requireNonNull(alone, "alone is null");
        requireNonNull(loaded, "loaded is null");
        countsBefore = countsBefore.clone();
        countsAfter = countsAfter.clone();
        pauses = List.copyOf(pauses);
    }

    /** The counts under load that overlapped a pause of the writer, and the others. */
    public List<List<Sample>> underLoadByPause() {
        List<Sample> overlapping = new ArrayList<>();
        List<Sample> others = new ArrayList<>();
        for (Sample s : underLoad) {
            boolean hit = pauses.stream().anyMatch(p -> p.overlaps(s.startEpochMillis(), s.micros()));
            (hit ? overlapping : others).add(s);
        }
        return List.of(overlapping, others);
    }

    /** Counts alone: before and after the ingestion together. */
    public Latencies countsAlone() {
        return Latencies.pooled(List.of(latencies(before, -1), latencies(after, -1)));
    }

    public Latencies countsUnderLoad() {
        return latencies(underLoad, -1);
    }

    /** Count p50 under load / alone. */
    public double queryP50Ratio() {
        return countsUnderLoad().p50Millis() / countsAlone().p50Millis();
    }

    /** Count p99 under load / alone. */
    public double queryP99Ratio() {
        return countsUnderLoad().p99Millis() / countsAlone().p99Millis();
    }

    /** Events per second under load / alone. */
    public double ingestionRatio() {
        return loaded.eventsPerSecond() / alone.eventsPerSecond();
    }

    public boolean queryTargetMet() {
        return queryP99Ratio() <= QUERY_P99_TARGET;
    }

    public boolean ingestionTargetMet() {
        return ingestionRatio() >= INGESTION_TARGET;
    }

    @Override
    public long[] countsBefore() {
        return countsBefore.clone();
    }

    @Override
    public long[] countsAfter() {
        return countsAfter.clone();
    }

    /** The latencies of {@code samples} of one segment, or of all for {@code segment} -1. */
    static Latencies latencies(List<Sample> samples, int segment) {
        return Latencies.of(samples.stream().filter(s -> segment < 0 || s.segment() == segment)
                .mapToLong(Sample::micros).toArray());
    }

    /** The figures, the ratios and the verdicts, then each segment's. */
    public void print(PrintStream out) {
        out.println();
        phase(out, "counts alone, base store", latencies(before, -1));
        phase(out, "counts alone, grown store", latencies(after, -1));
        phase(out, "counts alone, both (\"alone\")", countsAlone());
        phase(out, "counts under load", countsUnderLoad());
        ingestion(out, "ingestion alone", alone);
        ingestion(out, "ingestion under load", loaded);
        pauses(out);
        out.printf(Locale.ROOT, "under load / alone: count p50 %.2f, count p99 %.2f (target <= %.0f: %s);"
                        + " ingestion %.2f (target >= %.2f: %s)%n", queryP50Ratio(), queryP99Ratio(), QUERY_P99_TARGET,
                queryTargetMet() ? "met" : "NOT met", ingestionRatio(), INGESTION_TARGET,
                ingestionTargetMet() ? "met" : "NOT met");
        out.println();
        out.printf(Locale.ROOT, "%-44s %12s %12s %21s %21s%n", "segment (ms)", "count before", "count after",
                "p50 alone / loaded", "p99 alone / loaded");
        for (int i = 0; i < segments.size(); i++) {
            Latencies a = Latencies.pooled(List.of(latencies(before, i), latencies(after, i)));
            Latencies l = latencies(underLoad, i);
            out.printf(Locale.ROOT, "%-44s %,12d %,12d %10.1f / %8s %10.1f / %8s%n", segments.get(i),
                    countsBefore[i], countsAfter[i], a.p50Millis(), l.count() == 0 ? "-" : millis(l.p50Millis()),
                    a.p99Millis(), l.count() == 0 ? "-" : millis(l.p99Millis()));
        }
    }

    /** The writer's pauses under load, and the counts under load that overlapped one against the others. */
    private void pauses(PrintStream out) {
        out.printf(Locale.ROOT, "writer pauses under load: moves %s; checkpoints %s; group commits over 1 s %s%n",
                durations(Kind.MOVE), durations(Kind.CHECKPOINT), durations(Kind.SLOW_COMMIT));
        List<List<Sample>> split = underLoadByPause();
        for (int i = 0; i < 2; i++) {
            Latencies l = latencies(split.get(i), -1);
            String what = i == 0 ? "counts overlapping a pause" : "counts overlapping none";
            if (l.count() == 0) {
                out.printf(Locale.ROOT, "  %-30s %,6d%n", what, 0);
            } else {
                out.printf(Locale.ROOT, "  %-30s %,6d counts  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms%n", what,
                        l.count(), l.p50Millis(), l.p99Millis(), l.maxMillis());
            }
        }
    }

    private String durations(Kind kind) {
        List<Pause> of = pauses.stream().filter(p -> p.kind() == kind).toList();
        return of.isEmpty() ? "none" : of.size() + " (" + of.stream()
                .map(p -> String.format(Locale.ROOT, "%.1f s", p.millis() / 1000.0)).collect(Collectors.joining(", "))
                + ")";
    }

    private static void phase(PrintStream out, String what, Latencies l) {
        out.printf(Locale.ROOT, "%-32s %,6d counts  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms%n", what, l.count(),
                l.p50Millis(), l.p99Millis(), l.maxMillis());
    }

    private static void ingestion(PrintStream out, String what, Ingestion i) {
        out.printf(Locale.ROOT, "%-32s %,10.0f events/s  (%,d events, %,d messages, %.1f s)%n", what,
                i.eventsPerSecond(), i.events(), i.messages(), i.seconds());
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }
}

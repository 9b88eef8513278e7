package io.segments.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.testing.ExampleSegments;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The eight example segments counted over HTTP as the segment page counts them: each created on the server, counted
 * to warm up as {@link Timing} warms up (at least {@value #WARMUPS} times, and for {@value Timing#WARMUP_MILLIS} ms
 * when the first count is short), then {@value #RUNS} times timed, one request at a time, and deleted; every count
 * must answer the first one.
 */
final class HttpExamples {
    static final int WARMUPS = 5;
    static final int RUNS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpExamples() {
    }

    static List<Report.Example> count(HttpQueries http, Instant asOf, PrintStream out) throws Exception {
        List<Report.Example> examples = new ArrayList<>();
        for (ExampleSegments.Example e : ExampleSegments.all()) {
            String filter = JSON.readTree(e.json()).path("filter").toString();
            String id = http.create(e.name(), "benchmark: example segment", filter);
            long first = System.nanoTime();
            long count = http.count(id, asOf);
            boolean shortCount = (System.nanoTime() - first) / 1e6 < Timing.SHORT_MILLIS;
            long until = first + (long) (Timing.WARMUP_MILLIS * 1e6);
            for (int i = 1; i < WARMUPS + Timing.MAX_EXTRA_WARMUPS
                    && (i < WARMUPS || (shortCount && System.nanoTime() - until < 0)); i++) {
                check(e, count, http.count(id, asOf));
            }
            long[] micros = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                long again = http.count(id, asOf);
                micros[i] = (System.nanoTime() - start) / 1000;
                check(e, count, again);
            }
            Latencies latencies = Latencies.of(micros);
            examples.add(new Report.Example(e.name(), count, latencies));
            out.printf(Locale.ROOT, "example %-42s p50 %8s ms  (count %,d)%n", e.name(),
                    ResultTable.millis(latencies.p50Millis()), count);
            http.delete(List.of(id));
        }
        return examples;
    }

    private static void check(ExampleSegments.Example e, long first, long again) {
        if (again != first) {
            throw new IllegalStateException(e.name() + ": counted " + again + ", the first count " + first);
        }
    }
}

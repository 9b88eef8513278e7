package io.segments.bench.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results as a markdown section: machine and data, load times, the workload table (medians and ratios),
 * the physical floor (the memory bandwidth measured and each workload's floor, {@link Floor}), the live and
 * ingestion figures in their own units, every baseline formulation tried, memory and disk, notes.
 */
public final class Report {
    /**
     * A baseline formulation that was tried: its warm-up, its median (if it was timed), and what became of it
     * ({@code **fastest**}: its figure is the baseline's; {@code slow warm-up}: not timed further; {@code timed out}).
     */
    public record Tried(String workload, String system, String formulation, double warmupMillis, double medianMillis,
                        int runs, String status) {
    }

    /** A load of one system's copy of the data. */
    public record Load(String system, String what, double seconds, boolean reused) {
    }

    private final String size;
    private final Machine machine;
    private final String loadAtStart;
    private final List<String> data = new ArrayList<>();
    private final List<Load> loads = new ArrayList<>();
    private final List<Tried> tried = new ArrayList<>();
    private final List<String> live = new ArrayList<>();
    private final List<String> ingestion = new ArrayList<>();
    private final List<String> memory = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Example> examples = new ArrayList<>();

    /** One example segment counted over HTTP: its count and the latencies of its timed counts. */
    public record Example(String name, long count, Latencies latencies) {
    }
    private final ResultTable table = new ResultTable();
    private MemoryBandwidth bandwidth;

    public Report(String size, Machine machine, String loadAtStart) {
        this.size = size;
        this.machine = machine;
        this.loadAtStart = loadAtStart;
    }

    public ResultTable table() {
        return table;
    }

    public void data(String line) {
        data.add(line);
    }

    public void load(Load load) {
        loads.add(load);
    }

    public void tried(Tried t) {
        tried.add(t);
    }

    public void live(String line) {
        live.add(line);
    }

    public void ingestion(String line) {
        ingestion.add(line);
    }

    public void memory(String line) {
        memory.add(line);
    }

    /** The bandwidth the floors were computed at; without one the results have no floor section. */
    public void bandwidth(MemoryBandwidth bandwidth) {
        this.bandwidth = bandwidth;
    }

    public void example(Example example) {
        examples.add(example);
    }

    public void note(String line) {
        notes.add(line);
    }

    /** The whole section; {@code loadAtEnd} and {@code totalSeconds} are known only at the end of the run. */
    public String markdown(String loadAtEnd, double totalSeconds, int runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Benchmark ").append(size).append(", ").append(machine.date()).append("\n\n");
        sb.append("- machine: ").append(machine.describeText()).append('\n');
        sb.append("- load average (1, 5, 15 min): ").append(loadAtStart).append(" at the start, ").append(loadAtEnd)
                .append(" at the end\n");
        for (String line : data) {
            sb.append("- ").append(line).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "- every figure: the median of %d timed runs after a warm-up run (when it "
                + "took under a second, at least %d more and more until %.0f s have passed, at most %d), each run computed "
                + "anew from the data (nothing is cached between runs); ratios are this row's time / the baseline's on the "
                + "same workload (below 1: faster)%n", runs, Timing.EXTRA_WARMUPS, Timing.WARMUP_MILLIS / 1000,
                Timing.MAX_EXTRA_WARMUPS));
        sb.append(String.format(Locale.ROOT, "- whole run: %.0f s%n", totalSeconds));
        sb.append("\n### Loading\n\n| system | what | seconds | |\n|---|---|---:|---|\n");
        for (Load l : loads) {
            sb.append("| ").append(l.system()).append(" | ").append(l.what()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", l.seconds())).append(" | ")
                    .append(l.reused() ? "loaded by an earlier run, reused" : "loaded in this run").append(" |\n");
        }
        sb.append("\n### Workloads\n\n").append(table.markdown());
        if (bandwidth != null) {
            sb.append("\n### Physical floor\n\n- ").append(bandwidth.describe()).append("\n- ").append(Floor.DEFINITION)
                    .append("\n\n").append(table.floorMarkdown());
        }
        if (!examples.isEmpty()) {
            sb.append("\n### The example segments over HTTP\n\n");
            sb.append("Each of the eight example segments (docs/segment-language.md) created on the server and counted with "
                    + "`GET /api/segments/{id}/count?asOf=` (the data's end), one request at a time, after at least "
                    + HttpExamples.WARMUPS + " warm-up counts (for " + (long) (Timing.WARMUP_MILLIS / 1000) + " s when the first "
                    + "took under a second; target: p50 at most 100 ms at size L).\n\n");
            sb.append("| segment | count | counts timed | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n");
            for (Example e : examples) {
                Latencies l = e.latencies();
                sb.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s |%n", e.name(), e.count(),
                        l.count(), ResultTable.millis(l.p50Millis()), ResultTable.millis(l.p99Millis()),
                        ResultTable.millis(l.maxMillis())));
            }
        }
        if (!live.isEmpty()) {
            sb.append("\n### W5: live engine\n\n");
            live.forEach(l -> sb.append("- ").append(l).append('\n'));
        }
        if (!ingestion.isEmpty()) {
            sb.append("\n### W6: ingestion with durable acknowledgement\n\n");
            ingestion.forEach(l -> sb.append("- ").append(l).append('\n'));
        }
        if (!tried.isEmpty()) {
            sb.append("\n### Baseline formulations tried\n\n");
            sb.append("The fastest formulation of each baseline is its figure. A formulation whose warm-up took more "
                    + "than 4 times the fastest warm-up (and over a second) was not timed further (slow warm-up); "
                    + "PostgreSQL cancels a query after 10 minutes (timed out). Every formulation's counts were checked."
                    + "\n\n");
            sb.append("| workload | system | formulation | warm-up ms | median ms | runs | |\n");
            sb.append("|---|---|---|---:|---:|---:|---|\n");
            for (Tried t : tried) {
                sb.append("| ").append(t.workload()).append(" | ").append(t.system()).append(" | ")
                        .append(t.formulation()).append(" | ").append(ResultTable.millis(t.warmupMillis())).append(" | ")
                        .append(t.runs() == 0 ? "not timed" : ResultTable.millis(t.medianMillis())).append(" | ")
                        .append(t.runs()).append(" | ").append(t.status()).append(" |\n");
            }
        }
        if (!memory.isEmpty()) {
            sb.append("\n### Memory and disk\n\n");
            memory.forEach(l -> sb.append("- ").append(l).append('\n'));
        }
        if (!notes.isEmpty()) {
            sb.append("\n### Notes\n\n");
            notes.forEach(l -> sb.append("- ").append(l).append('\n'));
        }
        return sb.toString();
    }
}

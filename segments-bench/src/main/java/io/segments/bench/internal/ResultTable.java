package io.segments.bench.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The workload table: one {@link Figure} per workload and system, with each figure's ratio to the DuckDB and
 * the PostgreSQL baseline of the same workload (this figure's time / the baseline's, so below 1 means faster
 * than the baseline), as markdown and as CSV.
 */
public final class ResultTable {
    /** The CSV header. */
    public static final String CSV_HEADER = "workload,system,median_ms,runs,ratio_to_duckdb,ratio_to_postgres,count";

    private static final List<String> SYSTEM_ORDER = List.of("engine-java", "engine-http", Figure.DUCKDB,
            Figure.POSTGRES);

    private final List<Figure> figures = new ArrayList<>();

    public ResultTable add(Figure figure) {
        figures.add(figure);
        return this;
    }

    /** The figures by workload (in name order), then system: the engine's first, then the baselines, then others. */
    public List<Figure> figures() {
        List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(Comparator.comparing(Figure::workload).thenComparingInt(f -> rank(f.system())));
        return sorted;
    }

    private static int rank(String system) {
        int rank = SYSTEM_ORDER.indexOf(system);
        return rank < 0 ? SYSTEM_ORDER.size() : rank;
    }

    /** The figure of {@code workload} and {@code system}, if recorded. */
    public Optional<Figure> find(String workload, String system) {
        return figures.stream().filter(f -> f.workload().equals(workload) && f.system().equals(system)).findFirst();
    }

    /** {@code figure}'s time divided by the time of {@code baseline} on the same workload; empty without one. */
    public OptionalDouble ratio(Figure figure, String baseline) {
        Optional<Figure> base = find(figure.workload(), baseline);
        if (base.isEmpty() || base.get().medianMillis() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(figure.medianMillis() / base.get().medianMillis());
    }

    /** The table as markdown: workload, system, median ms, runs, ratio to DuckDB, ratio to PostgreSQL, count. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | system | median ms | runs | / DuckDB | / PostgreSQL | count |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Figure f : figures()) {
            sb.append("| ").append(f.workload()).append(" | ").append(f.system()).append(" | ")
                    .append(millis(f.medianMillis())).append(" | ").append(f.runs()).append(" | ")
                    .append(ratioText(ratio(f, Figure.DUCKDB))).append(" | ")
                    .append(ratioText(ratio(f, Figure.POSTGRES))).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", f.count())).append(" |\n");
        }
        return sb.toString();
    }

    /** The table as CSV ({@link #CSV_HEADER}); a ratio without its baseline is empty. */
    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Figure f : figures()) {
            sb.append(csvField(f.workload())).append(',').append(csvField(f.system())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", f.medianMillis())).append(',').append(f.runs())
                    .append(',').append(csvRatio(ratio(f, Figure.DUCKDB))).append(',')
                    .append(csvRatio(ratio(f, Figure.POSTGRES))).append(',').append(f.count()).append('\n');
        }
        return sb.toString();
    }

    /** Milliseconds as the tables show them: one decimal below 100, whole above. */
    public static String millis(double millis) {
        return millis < 100 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%,.0f", millis);
    }

    private static String ratioText(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : "";
    }

    private static String csvRatio(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.4f", ratio.getAsDouble()) : "";
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}

package io.segments.bench.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The workload table: one {@link Figure} per workload and system, with each figure's ratio to the DuckDB and
 * the PostgreSQL baseline of the same workload (this figure's time / the baseline's, so below 1 means faster
 * than the baseline), as markdown and as CSV; and the physical floor of the workloads that have one
 * ({@link Floor}), with each figure's ratio to it (this figure's time / the floor's, at least 1 for any system
 * that reads what it must).
 */
public final class ResultTable {
    /** The CSV header. */
    public static final String CSV_HEADER = "workload,system,median_ms,runs,ratio_to_duckdb,ratio_to_postgres,count,"
            + "floor_bytes,floor_ms,ratio_to_floor";

    private static final List<String> SYSTEM_ORDER = List.of("engine-java", "engine-http", Figure.DUCKDB,
            Figure.POSTGRES);

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Floor.Figure> floors = new LinkedHashMap<>();

    public ResultTable add(Figure figure) {
        figures.add(figure);
        return this;
    }

    /** Records a workload's floor (replacing one recorded before). */
    public ResultTable floor(Floor.Figure floor) {
        floors.put(floor.workload(), floor);
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

    /** {@code figure}'s time divided by its workload's floor; empty without one. */
    public OptionalDouble ratioToFloor(Figure figure) {
        Floor.Figure floor = floors.get(figure.workload());
        if (floor == null || floor.millis() <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(figure.medianMillis() / floor.millis());
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
                    .append(csvRatio(ratio(f, Figure.POSTGRES))).append(',').append(f.count()).append(',');
            Floor.Figure floor = floors.get(f.workload());
            if (floor != null) {
                sb.append(floor.bytes()).append(',').append(String.format(Locale.ROOT, "%.6f", floor.millis()));
            } else {
                sb.append(',');
            }
            sb.append(',').append(csvRatio(ratioToFloor(f))).append('\n');
        }
        return sb.toString();
    }

    /**
     * The floors as markdown: per workload what a perfect engine reads, its bytes, the floor in milliseconds and
     * the ratio to it of each system that ran a workload with a floor (engine first, then the baselines).
     */
    public String floorMarkdown() {
        List<String> systems = figures().stream().filter(f -> floors.containsKey(f.workload())).map(Figure::system)
                .distinct().toList();
        StringBuilder sb = new StringBuilder("| workload | what a perfect engine reads | bytes | floor ms |");
        systems.forEach(s -> sb.append(' ').append(systemName(s)).append(" / floor |"));
        sb.append("\n|---|---|---:|---:|").append("---:|".repeat(systems.size())).append('\n');
        List<String> workloads = new ArrayList<>(floors.keySet());
        workloads.sort(Comparator.naturalOrder());
        for (String workload : workloads) {
            Floor.Figure floor = floors.get(workload);
            sb.append("| ").append(workload).append(" | ").append(floor.reads()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", floor.bytes())).append(" | ")
                    .append(floorMillis(floor.millis())).append(" |");
            for (String system : systems) {
                OptionalDouble ratio = find(workload, system).map(this::ratioToFloor).orElse(OptionalDouble.empty());
                sb.append(' ').append(ratio.isPresent() ? floorRatio(ratio.getAsDouble()) : "").append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String systemName(String system) {
        return switch (system) {
            case Figure.DUCKDB -> "DuckDB";
            case Figure.POSTGRES -> "PostgreSQL";
            default -> system;
        };
    }

    /** A floor in milliseconds: three significant digits, whole above 100. */
    static String floorMillis(double millis) {
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%,.0f", millis);
        }
        if (millis <= 0) {
            return "0";
        }
        return new BigDecimal(millis).round(new MathContext(3, RoundingMode.HALF_UP)).toPlainString();
    }

    /** A ratio to the floor: two decimals below 10, one below 100, whole above. */
    static String floorRatio(double ratio) {
        return ratio >= 100 ? String.format(Locale.ROOT, "%,.0f", ratio)
                : String.format(Locale.ROOT, ratio >= 10 ? "%.1f" : "%.2f", ratio);
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

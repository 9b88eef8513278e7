package io.segments.jmh.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Turns JMH's JSON results into a markdown table and a CSV file: per benchmark its parameters, mode, score,
 * error and units, and its ratio to the baseline of its class, the one method whose name starts with
 * {@value #BASELINE} run with the same values of the parameters they share.
 *
 * <pre>java ... io.segments.jmh.internal.ResultTables DIR/jmh.json DIR   # writes DIR/jmh.md and DIR/jmh.csv</pre>
 */
public final class ResultTables {
    static final String BASELINE = "baseline";

    /** One result of the JSON file. */
    record Row(String className, String method, Map<String, String> params, String mode, double score,
               double error, String unit) {

        String name() {
            return className.substring(className.lastIndexOf('.') + 1) + "." + method;
        }

        String paramText() {
            StringJoiner text = new StringJoiner(", ");
            params.forEach((k, v) -> text.add(k + "=" + v));
            return text.toString();
        }

        boolean isBaseline() {
            return method.startsWith(BASELINE);
        }
    }

    private ResultTables() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ResultTables JMH_JSON OUT_DIR");
        }
        List<Row> rows = read(Files.readString(Path.of(args[0])));
        Path dir = Path.of(args[1]);
        String markdown = markdown(rows);
        Files.writeString(dir.resolve("jmh.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jmh.csv"), csv(rows), StandardCharsets.UTF_8);
        System.out.print(markdown);
    }

    /** The results of a JMH JSON result file, in its order. */
    static List<Row> read(String json) throws IOException {
        JsonNode results = new ObjectMapper().readTree(json);
        if (results == null || !results.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result file: expected an array of results");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : results) {
            String benchmark = required(result, "benchmark").asText();
            int dot = benchmark.lastIndexOf('.');
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = result.get("params");
            if (p != null) {
                p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode metric = required(result, "primaryMetric");
            rows.add(new Row(benchmark.substring(0, dot), benchmark.substring(dot + 1), params,
                    required(result, "mode").asText(), number(required(metric, "score")),
                    number(required(metric, "scoreError")), required(metric, "scoreUnit").asText()));
        }
        return rows;
    }

    /** The baseline row that {@code row} is compared with, if its class has one. */
    static Optional<Row> baselineOf(Row row, List<Row> rows) {
        if (row.isBaseline()) {
            return Optional.empty();
        }
        return rows.stream()
                .filter(b -> b.isBaseline() && b.className().equals(row.className()) && b.unit().equals(row.unit())
                        && b.mode().equals(row.mode()))
                .filter(b -> b.params().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(row.params().get(e.getKey()))))
                .findFirst();
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| benchmark | params | mode | score | error | units | ratio to baseline |\n");
        md.append("|---|---|---|---:|---:|---|---:|\n");
        for (Row row : rows) {
            md.append("| ").append(row.name())
                    .append(" | ").append(row.paramText())
                    .append(" | ").append(row.mode())
                    .append(" | ").append(significant(row.score(), 4))
                    .append(" | ").append(Double.isNaN(row.error()) ? "" : "± " + significant(row.error(), 2))
                    .append(" | ").append(row.unit())
                    .append(" | ").append(ratio(row, rows))
                    .append(" |\n");
        }
        return md.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder("benchmark,params,mode,score,error,units,ratio_to_baseline\n");
        for (Row row : rows) {
            csv.append(field(row.name())).append(',')
                    .append(field(row.paramText())).append(',')
                    .append(field(row.mode())).append(',')
                    .append(row.score()).append(',')
                    .append(Double.isNaN(row.error()) ? "" : String.valueOf(row.error())).append(',')
                    .append(field(row.unit())).append(',')
                    .append(field(ratio(row, rows))).append('\n');
        }
        return csv.toString();
    }

    private static String ratio(Row row, List<Row> rows) {
        if (row.isBaseline()) {
            return BASELINE;
        }
        return baselineOf(row, rows)
                .map(b -> String.format(Locale.ROOT, "%.2f", row.score() / b.score()))
                .orElse("");
    }

    private static String significant(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).round(new MathContext(digits));
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    private static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("a JMH result without \"" + field + "\": " + node);
        }
        return value;
    }

    /** JMH writes {@code "NaN"} as a string when there are too few samples for an error. */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asText());
    }
}

package io.segments.engine.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled DuckDB query with its parameters written into the text as typed constants, as it is sent to the
 * database: DuckDB plans a prepared statement before it sees the values, so a filter on a parameter is not
 * pushed into the table scan (no row group is skipped by its minimum and maximum of {@code name} or {@code ts})
 * and a JSON path given as a parameter is parsed again on every row; with constants, a count of recent events
 * reads only their row groups. Each constant keeps its parameter's type ({@code CAST('...' AS VARCHAR)},
 * {@code CAST(... AS BIGINT)}, ...), so the query means exactly what it meant with parameters. A string is
 * written as a constant only when it holds no control character (its quotes doubled); such a string, a
 * non-finite double and an array of uids stay parameters, renumbered.
 */
final class DuckDbConstants {
    private DuckDbConstants() {
    }

    static CompiledQuery inline(CompiledQuery query) {
        List<Object> parameters = query.parameters();
        Map<Integer, String> text = new HashMap<>();
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            String constant = constant(parameters.get(i));
            if (constant == null) {
                kept.add(parameters.get(i));
                text.put(i + 1, "$" + kept.size());
            } else {
                text.put(i + 1, constant);
            }
        }
        return new CompiledQuery(replace(query.sql(), text), kept);
    }

    /** The typed constant standing for {@code value}, or {@code null} when it stays a parameter. */
    static String constant(Object value) {
        if (value instanceof Long l) {
            return "CAST(" + l + " AS BIGINT)";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? "CAST('" + d + "' AS DOUBLE)" : null;
        }
        if (value instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                    return null;
                }
            }
            return "CAST('" + s.replace("'", "''") + "' AS VARCHAR)";
        }
        return null;
    }

    /** {@code sql} with each placeholder {@code $n} outside quotes replaced by {@code text.get(n)}. */
    private static String replace(String sql, Map<Integer, String> text) {
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                int position = Integer.parseInt(sql.substring(i + 1, end));
                String replacement = text.get(position);
                if (replacement == null) {
                    throw new IllegalArgumentException("placeholder $" + position + " without a parameter");
                }
                out.append(replacement);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the quote closing the one at {@code start} (a doubled quote is part of the text). */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated quote in the query at " + start);
    }
}

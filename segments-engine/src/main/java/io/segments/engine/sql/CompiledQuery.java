package io.segments.engine.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A compiled query: SQL text and its bind parameters in order (parameter {@code i} of the list
 * is JDBC parameter {@code i + 1}). Every value that came from a definition or a request is a
 * parameter; the text holds only the compiler's own identifiers, keywords and constants.
 * Parameters are {@link String}, {@link Long}, {@link Double}, {@link Boolean} or {@code int[]}
 * (a set of user ids, bound as an SQL array of integers).
 */
public record CompiledQuery(String sql, List<Object> parameters) {
    public CompiledQuery {
        requireNonNull(sql, "sql is null");
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
        for (Object p : parameters) {
            if (!(p instanceof String || p instanceof Long || p instanceof Double || p instanceof Boolean
                    || p instanceof int[])) {
                throw new IllegalArgumentException("unsupported parameter type: "
                        + (p == null ? "null" : p.getClass().getName()));
            }
        }
    }

    @Override
    public String toString() {
        return sql + "\n-- parameters: " + parameters;
    }
}

package io.segments.model;

import static java.util.Objects.requireNonNull;

/** {@code fn} over the numeric values of {@code property} in the matching events, then {@code test}. */
public record Aggregate(Fn fn, String property, NumberTest test) {
    public Aggregate {
        requireNonNull(fn, "fn is null");
        requireNonNull(property, "property is null");
        requireNonNull(test, "test is null");
    }

    public enum Fn {
        SUM("sum"), AVG("avg"), MIN("min"), MAX("max");

        private final String json;

        Fn(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }
}

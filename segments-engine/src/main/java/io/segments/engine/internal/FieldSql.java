package io.segments.engine.internal;

import static java.util.Objects.requireNonNull;

/**
 * How a row predicate reads a field ({@link JsonField}) of the row it tests: a JSON value extracted from the
 * row's document, or the three columns of the field's typed slot ({@code io.segments.store.TypedColumns}), which
 * hold the same value typed. Both give the same answer to every test; the slot reads narrow columns.
 */
sealed interface FieldSql {

    /** A JSON value expression ({@code NULL} when the field is missing). */
    record Json(String value) implements FieldSql {
        public Json {
            requireNonNull(value, "value is null");
        }
    }

    /**
     * The slot's kind, decimal and text column expressions, and whether the slot holds only numbers exact in its
     * decimal (no value of kind {@code OTHER_NUMBER} in any row the query reads).
     */
    record Typed(String kind, String decimal, String text, boolean exactNumbersOnly) implements FieldSql {
        public Typed {
            requireNonNull(kind, "kind is null");
            requireNonNull(decimal, "decimal is null");
            requireNonNull(text, "text is null");
        }
    }
}

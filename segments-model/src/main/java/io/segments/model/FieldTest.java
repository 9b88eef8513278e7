package io.segments.model;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A test of one named value: a profile trait ({@code attribute}) or an event property
 * ({@code property}, inside {@code where}). {@code name} may be dotted to address a
 * nested object. {@code value} is empty exactly for {@code exists} and {@code notExists}.
 */
public record FieldTest(String name, Operator op, Optional<Literal> value) {
    public FieldTest {
        requireNonNull(name, "name is null");
        requireNonNull(op, "op is null");
        requireNonNull(value, "value is null");
    }

    public static FieldTest of(String name, Operator op, Literal value) {
        return new FieldTest(name, op, Optional.of(value));
    }

    public static FieldTest of(String name, Operator op) {
        return new FieldTest(name, op, Optional.empty());
    }
}

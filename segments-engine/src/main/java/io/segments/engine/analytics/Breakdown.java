package io.segments.engine.analytics;

import static java.util.Objects.requireNonNull;

/**
 * What a report is split by: a property of an event (of a funnel's entering event; of each
 * counted event in an event report) or a trait of the user (its current value). A dotted name
 * addresses a nested object.
 *
 * <p>Reports name a value by its JSON text: {@code "TV"} (with the quotes) for a string,
 * {@code 500} for a number (an integral number is written without a fraction, so {@code 500}
 * and {@code 500.0} are one value), {@code true} or {@code false}, an array or object as
 * compact JSON. A missing or null value is no value: {@code Optional.empty()}.
 */
public sealed interface Breakdown {

    /** The name of the property or trait. */
    String name();

    /** A property of the event. */
    record Property(String name) implements Breakdown {
        public Property {
            requireNonNull(name, "name is null");
        }
    }

    /** A trait of the user. */
    record Trait(String name) implements Breakdown {
        public Trait {
            requireNonNull(name, "name is null");
        }
    }
}

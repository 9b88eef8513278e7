package io.segments.model;

import java.math.BigDecimal;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** A constant written in a definition: a string, a number, a boolean, or an array of those. */
public sealed interface Literal permits Literal.Text, Literal.Num, Literal.Bool, Literal.Array {

    record Text(String value) implements Literal {
        public Text {
            requireNonNull(value, "value is null");
        }
    }

    /** A number; equality and order are by value ({@code 500} equals {@code 500.0}). */
    record Num(BigDecimal value) implements Literal {
        public Num {
            requireNonNull(value, "value is null");
        }

        public static Num of(long value) {
            return new Num(BigDecimal.valueOf(value));
        }

        public static Num of(String value) {
            return new Num(new BigDecimal(value));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Num num && value.compareTo(num.value) == 0;
        }

        @Override
        public int hashCode() {
            return value.stripTrailingZeros().hashCode();
        }
    }

    record Bool(boolean value) implements Literal {
    }

    record Array(List<Literal> elements) implements Literal {
        public Array {
            elements = List.copyOf(requireNonNull(elements, "elements is null"));
        }
    }
}

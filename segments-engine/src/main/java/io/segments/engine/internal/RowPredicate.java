package io.segments.engine.internal;

import java.math.BigDecimal;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A test of one row of {@code events} or {@code users}: the lowered, typed form of event
 * names, windows, property filters, attribute tests and reachability rules. Windows stay
 * relative to the evaluation point ({@link TimeIn}) until printing. Every predicate is
 * two-valued (a missing value makes a typed test false, never unknown), so {@link Negation} is
 * an exact negation. Nothing here is dialect specific: the printer renders JSON access, casts
 * and functions through its {@code Dialect}.
 */
public sealed interface RowPredicate {

    <R> R accept(Visitor<R> visitor);

    interface Visitor<R> {
        R visitConstant(Constant constant);

        R visitAll(All all);

        R visitAny(Any any);

        R visitNegation(Negation negation);

        R visitNameIs(NameIs nameIs);

        R visitTimeIn(TimeIn timeIn);

        R visitPresent(Present present);

        R visitTextCompare(TextCompare textCompare);

        R visitNumberCompare(NumberCompare numberCompare);

        R visitBooleanIs(BooleanIs booleanIs);

        R visitTextContains(TextContains textContains);

        R visitTextStartsWith(TextStartsWith textStartsWith);

        R visitArrayHasText(ArrayHasText arrayHasText);

        R visitTextMatches(TextMatches textMatches);

        R visitUserIdIn(UserIdIn userIdIn);

        R visitHasPushToken(HasPushToken hasPushToken);
    }

    RowPredicate TRUE = new Constant(true);
    RowPredicate FALSE = new Constant(false);

    /** All of {@code parts}, without the parts that are always true; false when one is always false. */
    static RowPredicate all(List<RowPredicate> parts) {
        List<RowPredicate> kept = new java.util.ArrayList<>();
        for (RowPredicate part : parts) {
            if (part.equals(FALSE)) {
                return FALSE;
            }
            if (!part.equals(TRUE)) {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.get(0) : new All(kept);
    }

    /** Any of {@code parts}, without the parts that are always false; true when one is always true. */
    static RowPredicate any(List<RowPredicate> parts) {
        List<RowPredicate> kept = new java.util.ArrayList<>();
        for (RowPredicate part : parts) {
            if (part.equals(TRUE)) {
                return TRUE;
            }
            if (!part.equals(FALSE)) {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.get(0) : new Any(kept);
    }

    record Constant(boolean value) implements RowPredicate {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConstant(this);
        }
    }

    record All(List<RowPredicate> parts) implements RowPredicate {
        public All {
            parts = List.copyOf(requireNonNull(parts, "parts is null"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAll(this);
        }
    }

    record Any(List<RowPredicate> parts) implements RowPredicate {
        public Any {
            parts = List.copyOf(requireNonNull(parts, "parts is null"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAny(this);
        }
    }

    record Negation(RowPredicate part) implements RowPredicate {
        public Negation {
            requireNonNull(part, "part is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNegation(this);
        }
    }

    /** The event's name is exactly {@code name}. */
    record NameIs(String name) implements RowPredicate {
        public NameIs {
            requireNonNull(name, "name is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNameIs(this);
        }
    }

    /**
     * The event's timestamp lies in {@code range} at the evaluation point (an empty interval
     * admits nothing).
     */
    record TimeIn(TimeRange range) implements RowPredicate {
        public TimeIn {
            requireNonNull(range, "range is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTimeIn(this);
        }
    }

    /** The field is present and not null. */
    record Present(JsonField field) implements RowPredicate {
        public Present {
            requireNonNull(field, "field is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPresent(this);
        }
    }

    /** The field is a string and compares so with {@code value}, by Unicode code point. */
    record TextCompare(JsonField field, Comparison comparison, String value) implements RowPredicate {
        public TextCompare {
            requireNonNull(field, "field is null");
            requireNonNull(comparison, "comparison is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTextCompare(this);
        }
    }

    /** The field is a number and compares so with {@code value}, by value. */
    record NumberCompare(JsonField field, Comparison comparison, BigDecimal value) implements RowPredicate {
        public NumberCompare {
            requireNonNull(field, "field is null");
            requireNonNull(comparison, "comparison is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitNumberCompare(this);
        }
    }

    /** The field is the boolean {@code value}. */
    record BooleanIs(JsonField field, boolean value) implements RowPredicate {
        public BooleanIs {
            requireNonNull(field, "field is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBooleanIs(this);
        }
    }

    /** The field is a string containing {@code value}, ignoring case. */
    record TextContains(JsonField field, String value) implements RowPredicate {
        public TextContains {
            requireNonNull(field, "field is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTextContains(this);
        }
    }

    /** The field is a string starting with {@code value}, ignoring case. */
    record TextStartsWith(JsonField field, String value) implements RowPredicate {
        public TextStartsWith {
            requireNonNull(field, "field is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTextStartsWith(this);
        }
    }

    /** The field is an array with an element that is the string {@code value} (case-sensitive). */
    record ArrayHasText(JsonField field, String value) implements RowPredicate {
        public ArrayHasText {
            requireNonNull(field, "field is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitArrayHasText(this);
        }
    }

    /** The field is a string that the regular expression matches as a whole. */
    record TextMatches(JsonField field, String regex) implements RowPredicate {
        public TextMatches {
            requireNonNull(field, "field is null");
            requireNonNull(regex, "regex is null");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTextMatches(this);
        }
    }

    /** The user's external id is one of {@code userIds} (a users row only). */
    record UserIdIn(List<String> userIds) implements RowPredicate {
        public UserIdIn {
            userIds = List.copyOf(requireNonNull(userIds, "userIds is null"));
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitUserIdIn(this);
        }
    }

    /** The user has a non-empty token in {@code push_tokens} (a users row only). */
    record HasPushToken() implements RowPredicate {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitHasPushToken(this);
        }
    }
}

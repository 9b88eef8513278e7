package io.segments.engine.internal;

import io.segments.engine.internal.JsonField.Document;
import io.segments.model.FieldTest;
import io.segments.model.Literal;
import io.segments.model.Operator;
import io.segments.model.SegmentsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The row predicates of the language's field tests ({@code attribute} and a {@code where}'s {@code property}):
 * {@code name op value} over a field of the user's traits or of an event's properties.
 */
final class FieldTests {
    private FieldTests() {
    }

    /** The field a possibly dotted {@code name} addresses (of events named {@code event} when given). */
    static JsonField field(Document document, String event, String name, String path) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw SegmentsException.invalidSegment("\"" + name + "\" is not a field name: a dotted name is like "
                    + "product.category, without empty parts", path);
        }
        return JsonField.named(document, event, name);
    }

    /** The meaning of {@code name op value} (see {@code Values}): negative operators negate their positive one. */
    static RowPredicate of(FieldTest test, Document document, String event, String path) {
        String nameKey = document == Document.USER_TRAITS ? "attribute" : "property";
        JsonField field = field(document, event, test.name(), path + "." + nameKey);
        Operator op = test.op();
        if (op.isNegative()) {
            return new RowPredicate.Negation(positive(field, op.positive(), test.value(), path));
        }
        return positive(field, op, test.value(), path);
    }

    private static RowPredicate positive(JsonField field, Operator op, Optional<Literal> value, String path) {
        if (op == Operator.EXISTS) {
            return new RowPredicate.Present(field);
        }
        String valuePath = path + ".value";
        Literal literal = value.orElseThrow(
                () -> SegmentsException.invalidSegment(op.json() + " needs a value", valuePath));
        switch (op) {
            case EQ:
                return equal(field, literal);
            case GT:
                return ordered(field, Comparison.GT, literal);
            case GTE:
                return ordered(field, Comparison.GTE, literal);
            case LT:
                return ordered(field, Comparison.LT, literal);
            case LTE:
                return ordered(field, Comparison.LTE, literal);
            case BETWEEN: {
                List<Literal> bounds = array(literal, op, valuePath);
                if (bounds.size() != 2) {
                    throw SegmentsException.invalidSegment("between takes [low, high]", valuePath);
                }
                return RowPredicate.all(List.of(ordered(field, Comparison.GTE, bounds.get(0)),
                        ordered(field, Comparison.LTE, bounds.get(1))));
            }
            case IN: {
                List<RowPredicate> any = new ArrayList<>();
                for (Literal element : array(literal, op, valuePath)) {
                    any.add(equal(field, element));
                }
                return any.isEmpty() ? RowPredicate.FALSE : RowPredicate.any(any);
            }
            case CONTAINS: {
                String needle = text(literal, op, valuePath);
                return RowPredicate.any(List.of(new RowPredicate.TextContains(field, needle),
                        new RowPredicate.ArrayHasText(field, needle)));
            }
            case STARTS_WITH:
                return new RowPredicate.TextStartsWith(field, text(literal, op, valuePath));
            default:
                throw new IllegalStateException("operator without a meaning: " + op);
        }
    }

    /** Equality without coercion: strings exactly, numbers by value, booleans; an array equals nothing. */
    private static RowPredicate equal(JsonField field, Literal literal) {
        if (literal instanceof Literal.Text text) {
            return new RowPredicate.TextCompare(field, Comparison.EQ, text.value());
        }
        if (literal instanceof Literal.Num num) {
            return new RowPredicate.NumberCompare(field, Comparison.EQ, num.value());
        }
        if (literal instanceof Literal.Bool bool) {
            return new RowPredicate.BooleanIs(field, bool.value());
        }
        return RowPredicate.FALSE;
    }

    /** Numbers with numbers, strings with strings; any other pairing is false. */
    private static RowPredicate ordered(JsonField field, Comparison comparison, Literal literal) {
        if (literal instanceof Literal.Num num) {
            return new RowPredicate.NumberCompare(field, comparison, num.value());
        }
        if (literal instanceof Literal.Text text) {
            return new RowPredicate.TextCompare(field, comparison, text.value());
        }
        return RowPredicate.FALSE;
    }

    private static List<Literal> array(Literal literal, Operator op, String path) {
        if (literal instanceof Literal.Array array) {
            return array.elements();
        }
        throw SegmentsException.invalidSegment(op.json() + " takes an array", path);
    }

    private static String text(Literal literal, Operator op, String path) {
        if (literal instanceof Literal.Text text) {
            return text.value();
        }
        throw SegmentsException.invalidSegment(op.json() + " takes a string", path);
    }
}

package io.segments.engine.internal;

import java.util.function.Consumer;

/** The fields a row predicate reads ({@link JsonField}s of the event or the user row). */
final class RowFields {
    private RowFields() {
    }

    /** Calls {@code sink} with each field {@code predicate} reads, in order. */
    static void of(RowPredicate predicate, Consumer<JsonField> sink) {
        predicate.accept(new FieldCollector(sink));
    }

    /** Collects the fields a row predicate reads, in order. */
    private static final class FieldCollector implements RowPredicate.Visitor<Void> {
        private final Consumer<JsonField> sink;

        FieldCollector(Consumer<JsonField> sink) {
            this.sink = sink;
        }

        @Override
        public Void visitConstant(RowPredicate.Constant constant) {
            return null;
        }

        @Override
        public Void visitAll(RowPredicate.All all) {
            all.parts().forEach(p -> p.accept(this));
            return null;
        }

        @Override
        public Void visitAny(RowPredicate.Any any) {
            any.parts().forEach(p -> p.accept(this));
            return null;
        }

        @Override
        public Void visitNegation(RowPredicate.Negation negation) {
            return negation.part().accept(this);
        }

        @Override
        public Void visitNameIs(RowPredicate.NameIs nameIs) {
            return null;
        }

        @Override
        public Void visitTimeIn(RowPredicate.TimeIn timeIn) {
            return null;
        }

        @Override
        public Void visitPresent(RowPredicate.Present present) {
            sink.accept(present.field());
            return null;
        }

        @Override
        public Void visitTextCompare(RowPredicate.TextCompare textCompare) {
            sink.accept(textCompare.field());
            return null;
        }

        @Override
        public Void visitNumberCompare(RowPredicate.NumberCompare numberCompare) {
            sink.accept(numberCompare.field());
            return null;
        }

        @Override
        public Void visitBooleanIs(RowPredicate.BooleanIs booleanIs) {
            sink.accept(booleanIs.field());
            return null;
        }

        @Override
        public Void visitTextContains(RowPredicate.TextContains textContains) {
            sink.accept(textContains.field());
            return null;
        }

        @Override
        public Void visitTextStartsWith(RowPredicate.TextStartsWith textStartsWith) {
            sink.accept(textStartsWith.field());
            return null;
        }

        @Override
        public Void visitArrayHasText(RowPredicate.ArrayHasText arrayHasText) {
            sink.accept(arrayHasText.field());
            return null;
        }

        @Override
        public Void visitTextMatches(RowPredicate.TextMatches textMatches) {
            sink.accept(textMatches.field());
            return null;
        }

        @Override
        public Void visitUserIdIn(RowPredicate.UserIdIn userIdIn) {
            return null;
        }

        @Override
        public Void visitHasPushToken(RowPredicate.HasPushToken hasPushToken) {
            return null;
        }
    }
}

package io.segments.live.internal;

import io.segments.model.FieldTest;
import io.segments.model.eval.Values;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code where} filter or attribute test with its dotted name split once, so that testing a value
 * does not split the name again. The meaning of the operators is {@link Values#test}'s.
 */
final class Filter {
    private final FieldTest test;
    private final String[] path;

    Filter(FieldTest test) {
        this.test = test;
        this.path = test.name().split("\\.", -1);
    }

    static Filter[] all(List<FieldTest> tests) {
        Filter[] filters = new Filter[tests.size()];
        for (int i = 0; i < filters.length; i++) {
            filters[i] = new Filter(tests.get(i));
        }
        return filters;
    }

    static boolean allMatch(Filter[] filters, Map<String, ?> fields) {
        for (Filter f : filters) {
            if (!f.test(fields)) {
                return false;
            }
        }
        return true;
    }

    boolean test(Map<String, ?> fields) {
        return testValue(lookup(fields, path, 0));
    }

    /** Tests the value found by walking the name after its first part from {@code top}. */
    boolean testFromTop(Object top) {
        Object value = top;
        for (int i = 1; i < path.length && value != null; i++) {
            value = value instanceof Map<?, ?> map ? map.get(path[i]) : null;
        }
        return testValue(value);
    }

    /** The first part of the (possibly dotted) name: the key of the top-level trait it reads. */
    String topName() {
        return path[0];
    }

    private boolean testValue(Object value) {
        return Values.test(test.op(), test.value(), Optional.ofNullable(value));
    }

    /** {@link Values#lookup} on a name already split: missing steps, non-map steps and null all give null. */
    static Object lookup(Map<String, ?> fields, String[] path, int from) {
        Object current = fields;
        for (int i = from; i < path.length; i++) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(path[i]);
        }
        return current;
    }

    static String[] split(String name) {
        return name.split("\\.", -1);
    }
}

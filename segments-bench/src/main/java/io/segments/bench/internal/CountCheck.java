package io.segments.bench.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The benchmark's correctness check: every system (and every formulation of a baseline) must answer the same
 * counts for a workload — each count of a batch, each point of a trend — or the run fails naming the workload,
 * the place, the systems and their counts.
 */
public final class CountCheck {
    private final String workload;
    private final List<String> labels;
    private final Map<String, long[]> answers = new LinkedHashMap<>();

    /**
     * A check of {@code workload} whose answers are one count per label ({@code labels}: segment names of a
     * batch, dates of a trend, or one name for a single count).
     */
    public CountCheck(String workload, List<String> labels) {
        this.workload = requireNonNull(workload, "workload is null");
        this.labels = List.copyOf(labels);
        if (this.labels.isEmpty()) {
            throw new IllegalArgumentException(workload + ": a check needs at least one count");
        }
    }

    /** Records what {@code system} answered. */
    public CountCheck add(String system, long[] counts) {
        requireNonNull(system, "system is null");
        if (counts.length != labels.size()) {
            throw new CountMismatchException(workload + ": " + system + " answered " + counts.length + " counts "
                    + Arrays.toString(counts) + " where " + labels.size() + " were expected (" + labels + ")");
        }
        answers.put(system, counts.clone());
        return this;
    }

    /** The systems recorded so far. */
    public List<String> systems() {
        return List.copyOf(answers.keySet());
    }

    /**
     * Fails with {@link CountMismatchException} unless every system recorded answered the same counts. The
     * message names the workload, the first differing count and what each system answered there, and how many
     * counts differ in all.
     */
    public void verify() {
        if (answers.size() < 2) {
            return;
        }
        Map.Entry<String, long[]> first = answers.entrySet().iterator().next();
        long[] expected = first.getValue();
        int firstDiff = -1;
        int differing = 0;
        for (int i = 0; i < expected.length; i++) {
            for (long[] other : answers.values()) {
                if (other[i] != expected[i]) {
                    differing++;
                    if (firstDiff < 0) {
                        firstDiff = i;
                    }
                    break;
                }
            }
        }
        if (firstDiff < 0) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, long[]> e : answers.entrySet()) {
            parts.add(e.getKey() + " " + e.getValue()[firstDiff]);
        }
        String where = labels.size() == 1 ? "" : " at " + labels.get(firstDiff);
        String more = differing > 1 ? " (" + differing + " of " + labels.size() + " counts differ)" : "";
        throw new CountMismatchException(workload + ": the systems disagree" + where + ": " + String.join(", ", parts)
                + more);
    }

    /** The counts of a workload differ between systems: the run fails. */
    public static final class CountMismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public CountMismatchException(String message) {
            super(message);
        }
    }
}

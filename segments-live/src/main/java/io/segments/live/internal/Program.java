package io.segments.live.internal;

import io.segments.model.FieldTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered segments by slot, and the index an event goes through: per event name, the distinct
 * filter lists of the steps that name it (each tested once per event) and the leaves that subscribe,
 * with the steps each filter list stands for. Immutable; rebuilt when a segment is added or removed.
 */
final class Program {
    final CompiledSegment[] segments;
    final Map<String, NameIndex> byName;
    /** By trait slot, the slots of the segments that read that trait. */
    final int[][] traitReaders;

    /** What an event with one name must be tested against, and who wants it. */
    static final class NameIndex {
        final Filter[][] matchers;
        final Subscription[] subscriptions;

        NameIndex(Filter[][] matchers, Subscription[] subscriptions) {
            this.matchers = matchers;
            this.subscriptions = subscriptions;
        }
    }

    /**
     * A leaf of segment {@code segment} (whose leaf states start at {@code base}): step bit {@code bits[i]}
     * holds when matcher {@code matchers[i]} passes.
     */
    static final class Subscription {
        final int segment;
        final int base;
        final EventLeaf leaf;
        final int[] matchers;
        final long[] bits;

        Subscription(int segment, int base, EventLeaf leaf, int[] matchers, long[] bits) {
            this.segment = segment;
            this.base = base;
            this.leaf = leaf;
            this.matchers = matchers;
            this.bits = bits;
        }
    }

    /** {@code traitSlots}: the slot of each trait name the segments read. */
    Program(CompiledSegment[] segments, Map<String, Integer> traitSlots) {
        this.segments = segments;
        Map<String, Map<List<FieldTest>, Integer>> matcherIds = new LinkedHashMap<>();
        Map<String, List<Subscription>> subscriptions = new HashMap<>();
        List<List<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < traitSlots.size(); i++) {
            readers.add(new ArrayList<>());
        }
        for (int s = 0; s < segments.length; s++) {
            CompiledSegment segment = segments[s];
            if (segment == null) {
                continue;
            }
            for (String trait : segment.traits) {
                readers.get(traitSlots.get(trait)).add(s);
            }
            for (EventLeaf leaf : segment.leaves) {
                Map<String, List<int[]>> perName = new LinkedHashMap<>();
                for (int step = 0; step < leaf.stepEvents.size(); step++) {
                    String name = leaf.stepEvents.get(step);
                    Map<List<FieldTest>, Integer> ids = matcherIds.computeIfAbsent(name, n -> new LinkedHashMap<>());
                    int id = ids.computeIfAbsent(leaf.stepWheres.get(step), w -> ids.size());
                    perName.computeIfAbsent(name, n -> new ArrayList<>()).add(new int[] {id, step});
                }
                for (Map.Entry<String, List<int[]>> e : perName.entrySet()) {
                    int[] matchers = new int[e.getValue().size()];
                    long[] bits = new long[matchers.length];
                    for (int i = 0; i < matchers.length; i++) {
                        matchers[i] = e.getValue().get(i)[0];
                        bits[i] = 1L << e.getValue().get(i)[1];
                    }
                    subscriptions.computeIfAbsent(e.getKey(), n -> new ArrayList<>())
                            .add(new Subscription(s, segment.base, leaf, matchers, bits));
                }
            }
        }
        Map<String, NameIndex> index = new HashMap<>();
        for (Map.Entry<String, Map<List<FieldTest>, Integer>> e : matcherIds.entrySet()) {
            Filter[][] matchers = new Filter[e.getValue().size()][];
            for (Map.Entry<List<FieldTest>, Integer> m : e.getValue().entrySet()) {
                matchers[m.getValue()] = Filter.all(m.getKey());
            }
            index.put(e.getKey(), new NameIndex(matchers,
                    subscriptions.get(e.getKey()).toArray(new Subscription[0])));
        }
        this.byName = index;
        this.traitReaders = new int[readers.size()][];
        for (int i = 0; i < traitReaders.length; i++) {
            traitReaders[i] = readers.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    int matcherCountMax() {
        int max = 0;
        for (NameIndex n : byName.values()) {
            max = Math.max(max, n.matchers.length);
        }
        return max;
    }
}

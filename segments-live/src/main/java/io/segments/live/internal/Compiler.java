package io.segments.live.internal;

import io.segments.live.LiveSegment;
import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Occurrence;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentValidator;
import io.segments.model.SegmentsException;
import io.segments.model.Span;
import io.segments.model.Step;
import io.segments.model.Window;
import io.segments.model.eval.SegmentLookup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Compiles a live segment's filter into {@link Node}s.
 *
 * <p>{@code inSegment} is resolved once, at compilation, through the lookup:
 * <ul>
 *   <li>a static segment: its member list;</li>
 *   <li>a live segment: its filter, inlined, seeing events from <em>its</em> {@code createdAt} (as the
 *       reference evaluator evaluates it);</li>
 *   <li>a dynamic segment: its filter, inlined, only if it reads no events, directly or through the
 *       segments it names: a dynamic segment's event conditions look at the user's whole history,
 *       which a live engine does not have. Otherwise the definition is rejected.</li>
 * </ul>
 */
final class Compiler {
    private static final String FILTER_PATH = "$.filter";
    private static final int MAX_STEPS = 63;

    private final SegmentLookup lookup;
    private final ToIntFunction<String> traitSlots;
    private final List<EventLeaf> leaves = new ArrayList<>();
    private final Set<String> traits = new LinkedHashSet<>();
    private final Map<String, Segment> references = new LinkedHashMap<>();
    private final List<String> expanding = new ArrayList<>();

    private Compiler(SegmentLookup lookup, ToIntFunction<String> traitSlots) {
        this.lookup = lookup;
        this.traitSlots = traitSlots;
    }

    /**
     * Compiles {@code segment}; {@code traitSlots} gives the slot of a top-level trait name in the
     * per-user trait array. Throws {@link SegmentsException} ({@code invalid_segment}) with the JSON
     * path of the first offending place.
     */
    static CompiledSegment compile(LiveSegment segment, SegmentLookup lookup, ToIntFunction<String> traitSlots) {
        SegmentValidator.validate(segment.filter(), FILTER_PATH);
        Compiler c = new Compiler(lookup, traitSlots);
        c.expanding.add(segment.id());
        Node root = segment.filter().accept(c.new Visit(FILTER_PATH, segment.createdAt().toEpochMilli(), null));
        return new CompiledSegment(segment, root, c.leaves, c.traits, new ArrayList<>(c.references.values()));
    }

    private int trait(String name) {
        traits.add(name);
        return traitSlots.applyAsInt(name);
    }

    /**
     * One node's compilation. {@code path}: where errors point (inside a named segment, the path of the
     * {@code inSegment} that named it); {@code visibleFrom}: the first visible event instant;
     * {@code dynamicId}: the dynamic segment being inlined, if any, where event conditions are refused.
     */
    private final class Visit implements Condition.Visitor<Node> {
        private final String path;
        private final long visibleFrom;
        private final String dynamicId;

        Visit(String path, long visibleFrom, String dynamicId) {
            this.path = path;
            this.visibleFrom = visibleFrom;
            this.dynamicId = dynamicId;
        }

        private Visit child(String key, int index) {
            if (dynamicId != null || expanding.size() > 1) {
                return this;
            }
            String p = path + "." + key + (index >= 0 ? "[" + index + "]" : "");
            return new Visit(p, visibleFrom, null);
        }

        private Node[] all(String key, List<Condition> conditions) {
            Node[] nodes = new Node[conditions.size()];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = conditions.get(i).accept(child(key, i));
            }
            return nodes;
        }

        @Override
        public Node visitAnd(Condition.And and) {
            return new Node.And(all("and", and.conditions()));
        }

        @Override
        public Node visitOr(Condition.Or or) {
            return new Node.Or(all("or", or.conditions()));
        }

        @Override
        public Node visitNot(Condition.Not not) {
            return new Node.Not(not.condition().accept(child("not", -1)));
        }

        @Override
        public Node visitAttribute(Condition.Attribute attribute) {
            return new Node.Attribute(attribute.test(), trait(new Filter(attribute.test()).topName()));
        }

        @Override
        public Node visitReachable(Condition.Reachable reachable) {
            String[] names = Node.Reachable.traits(reachable.channel());
            return new Node.Reachable(reachable.channel(), trait(names[0]), trait(names[1]));
        }

        @Override
        public Node visitDid(Condition.Did did) {
            refuseEventsInDynamic("did");
            DidLeaf leaf = new DidLeaf(leaves.size(), visibleFrom, did);
            leaves.add(leaf);
            return leaf;
        }

        @Override
        public Node visitDidNot(Condition.DidNot didNot) {
            refuseEventsInDynamic("didNot");
            DidLeaf leaf = new DidLeaf(leaves.size(), visibleFrom, didNot.asDid());
            leaves.add(leaf);
            return new Node.Not(leaf);
        }

        @Override
        public Node visitSequence(Condition.Sequence sequence) {
            refuseEventsInDynamic("sequence");
            List<Step> steps = sequence.steps();
            if (steps.size() > MAX_STEPS) {
                throw SegmentsException.invalidSegment("a live sequence has at most " + MAX_STEPS + " steps, this one "
                        + steps.size(), path + ".sequence");
            }
            List<String> events = new ArrayList<>();
            List<List<FieldTest>> wheres = new ArrayList<>();
            long[] within = new long[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                events.add(step.event());
                wheres.add(step.where());
                within[i] = step.within().map(Span::toMillis).orElse(EventLeaf.NO_WITHIN);
            }
            boolean lastNegated = steps.get(steps.size() - 1).negated();
            boolean occurrenceLast = sequence.occurrence() == Occurrence.LAST;
            Window w = sequence.when().orElse(null);
            EventLeaf leaf;
            int slot = leaves.size();
            if (w instanceof Window.Last last) {
                leaf = new WindowedSequenceLeaf(slot, visibleFrom, events, wheres, within, lastNegated, occurrenceLast,
                        last.span().toMillis(), 0);
            } else if (w instanceof Window.Relative relative) {
                leaf = new WindowedSequenceLeaf(slot, visibleFrom, events, wheres, within, lastNegated, occurrenceLast,
                        relative.from().toMillis(), relative.to().toMillis());
            } else if (w instanceof Window.Between between) {
                leaf = new ChainSequenceLeaf(slot, visibleFrom, events, wheres, within, lastNegated, occurrenceLast,
                        between.start().asStartMillis(), between.end().asEndMillis());
            } else if (w instanceof Window.Since since) {
                leaf = new ChainSequenceLeaf(slot, visibleFrom, events, wheres, within, lastNegated, occurrenceLast,
                        since.start().asStartMillis(), Long.MAX_VALUE);
            } else {
                leaf = new ChainSequenceLeaf(slot, visibleFrom, events, wheres, within, lastNegated, occurrenceLast,
                        Long.MIN_VALUE, Long.MAX_VALUE);
            }
            leaves.add(leaf);
            return leaf;
        }

        @Override
        public Node visitInSegment(Condition.InSegment inSegment) {
            String id = inSegment.segmentId();
            String at = expanding.size() > 1 || dynamicId != null ? path : path + ".inSegment";
            if (expanding.contains(id)) {
                throw SegmentsException.invalidSegment("inSegment " + id + " leads back to a segment that names it: "
                        + String.join(" -> ", expanding) + " -> " + id, at);
            }
            Segment target = lookup.find(id).orElseThrow(() -> SegmentsException.invalidSegment(
                    "unknown segment \"" + id + "\" in inSegment", at));
            references.putIfAbsent(id, target);
            if (target.type() == SegmentType.STATIC) {
                return new Node.MemberList(Set.copyOf(target.members()));
            }
            Condition filter = target.filter().orElseThrow(() -> SegmentsException.invalidSegment(
                    "segment \"" + id + "\" named by inSegment has no filter", at));
            Visit inner;
            if (target.type() == SegmentType.LIVE) {
                Optional<Instant> created = target.createdAt();
                if (created.isEmpty()) {
                    throw SegmentsException.invalidSegment("live segment \"" + id
                            + "\" named by inSegment has no createdAt", at);
                }
                inner = new Visit(at, created.get().toEpochMilli(), null);
            } else {
                inner = new Visit(at, Long.MIN_VALUE, id);
            }
            expanding.add(id);
            try {
                return filter.accept(inner);
            } finally {
                expanding.remove(expanding.size() - 1);
            }
        }

        private void refuseEventsInDynamic(String kind) {
            if (dynamicId != null) {
                throw SegmentsException.invalidSegment("a live segment can name a dynamic segment in inSegment only if "
                        + "that segment reads no events; \"" + dynamicId + "\" has a " + kind + " condition, which "
                        + "looks at the whole history that a live segment does not keep (chain: "
                        + String.join(" -> ", expanding) + ")", path);
            }
        }
    }
}

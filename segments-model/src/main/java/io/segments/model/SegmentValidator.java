package io.segments.model;

import io.segments.model.eval.SegmentLookup;
import io.segments.model.internal.JsonPaths;
import io.segments.model.internal.Rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks segment definitions against the language's rules, throwing {@link SegmentsException}
 * with code {@code invalid_segment} and the JSON path of the first offending place.
 *
 * <p>{@link io.segments.model.json.SegmentJson} already runs {@link #validate} while reading;
 * call it for definitions built in code. {@link #checkReferences} needs the other segments:
 * it rejects an {@code inSegment} that names no segment or that leads back to the segment
 * being saved.
 */
public final class SegmentValidator {
    private SegmentValidator() {
    }

    /** Every rule that needs no other segment, on a whole segment (paths from {@code $}). */
    public static void validate(Segment segment) {
        Rules.segment(segment);
    }

    /** Every rule that needs no other segment, on a bare condition whose path is {@code basePath}. */
    public static void validate(Condition filter, String basePath) {
        Rules.condition(filter, JsonPaths.checkBase(basePath));
    }

    /**
     * Unknown and cyclic {@code inSegment} of a segment about to be saved under its own
     * {@link Segment#id()} (empty for a new segment, which nothing can refer to yet). A cycle is reported
     * with the segments' names, the saving one by its new name: "“A” uses “B”, which uses “A”".
     */
    public static void checkReferences(Segment segment, SegmentLookup lookup) {
        segment.filter().ifPresent(f -> checkReferences(f, JsonPaths.key(JsonPaths.ROOT, "filter"), segment.id(),
                segment.name(), lookup));
    }

    /**
     * Unknown and cyclic {@code inSegment} of {@code filter} (at {@code basePath}) that is to be the
     * filter of segment {@code savingId}. The lookup gives the other segments as stored; the saving
     * segment's own stored version is ignored in favour of {@code filter}. The first offending
     * {@code inSegment}, in document order, is reported with the path of its key; a cycle's message names the
     * segments on it and its detail {@code "cycle"} lists them as {@code {"id", "name"}}, the saving segment
     * first and last.
     */
    public static void checkReferences(Condition filter, String basePath, Optional<String> savingId,
                                       SegmentLookup lookup) {
        String savingName = savingId.flatMap(lookup::find).map(Segment::name).orElse(savingId.orElse(""));
        checkReferences(filter, basePath, savingId, savingName, lookup);
    }

    private static void checkReferences(Condition filter, String basePath, Optional<String> savingId,
                                        String savingName, SegmentLookup lookup) {
        Rules.forEachInSegment(filter, JsonPaths.checkBase(basePath), (id, path) -> {
            if (savingId.isPresent() && id.equals(savingId.get())) {
                throw SegmentsException.invalidSegment(Segment.quoted(savingName) + " cannot use itself: remove"
                        + " this inSegment", path);
            }
            Segment target = lookup.find(id).orElseThrow(() -> SegmentsException.invalidSegment(
                    "no segment has the id \"" + id + "\" (inSegment): it may have been deleted", path));
            if (savingId.isPresent()) {
                List<String> chain = new ArrayList<>(List.of(id));
                if (leadsTo(target, savingId.get(), lookup, chain, new HashSet<>(chain))) {
                    throw cycle(savingId.get(), savingName, chain, lookup, path);
                }
            }
        });
    }

    /** "“A” uses “B”, which uses “A”", with the segments on the cycle as {@code {"id", "name"}} in {@code "cycle"}. */
    private static SegmentsException cycle(String savingId, String savingName, List<String> chain, SegmentLookup lookup,
                                           String path) {
        List<Map<String, String>> cycle = new ArrayList<>();
        cycle.add(Map.of("id", savingId, "name", savingName));
        StringBuilder message = new StringBuilder(Segment.quoted(savingName));
        for (int i = 0; i < chain.size(); i++) {
            String id = chain.get(i);
            String name = id.equals(savingId) ? savingName : lookup.find(id).map(Segment::name).orElse(id);
            message.append(i == 0 ? " uses " : ", which uses ").append(Segment.quoted(name));
            cycle.add(Map.of("id", id, "name", name));
        }
        message.append(": a segment cannot contain itself; remove one of these inSegment conditions");
        return new SegmentsException(SegmentsException.Code.INVALID_SEGMENT, message.toString(), path,
                Map.of("cycle", cycle));
    }

    /** Whether {@code segment}'s filter reaches {@code targetId} through inSegment; the path is left in chain. */
    private static boolean leadsTo(Segment segment, String targetId, SegmentLookup lookup, List<String> chain,
                                   Set<String> seen) {
        if (segment.filter().isEmpty()) {
            return false;
        }
        List<String> ids = new ArrayList<>();
        Rules.forEachInSegment(segment.filter().get(), JsonPaths.ROOT, (id, path) -> ids.add(id));
        for (String id : ids) {
            chain.add(id);
            if (id.equals(targetId)) {
                return true;
            }
            if (seen.add(id)) {
                Optional<Segment> next = lookup.find(id);
                if (next.isPresent() && leadsTo(next.get(), targetId, lookup, chain, seen)) {
                    return true;
                }
            }
            chain.remove(chain.size() - 1);
        }
        return false;
    }
}

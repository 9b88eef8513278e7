package io.segments.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.internal.JsonPaths;
import io.segments.model.internal.JsonReader;
import io.segments.model.internal.JsonWriter;

/**
 * The JSON form of the segment language ({@code shared/spec/segment-definition.md}).
 *
 * <p>Reading accepts exactly the contract's form and rejects anything else with a
 * {@link io.segments.model.SegmentsException} of code {@code invalid_segment} whose path names
 * the first offending place, relative to the segment resource ({@code $.filter.and[1].when.last}).
 * Every rule that needs no other segment is checked while reading; references between segments
 * are checked by {@link io.segments.model.SegmentValidator#checkReferences}.
 *
 * <p>Writing gives the canonical form: keys in the order of the contract's tables, absent parts
 * left out, {@code firstTime} written only when true, {@code occurrence} always written, numbers
 * with the digits they were read with ({@code 500} stays {@code 500}, {@code 500.0} stays
 * {@code 500.0}) and dates and instants of windows exactly as written. Writing then reading gives
 * an equal AST; reading canonical JSON then writing gives the same text.
 */
public final class SegmentJson {
    private SegmentJson() {
    }

    /** Parses JSON text into a tree with exact numbers, rejecting malformed text and duplicate keys. */
    public static JsonNode readTree(String json) {
        return JsonReader.tree(json);
    }

    /** Parses UTF-8 JSON bytes like {@link #readTree(String)}. */
    public static JsonNode readTree(byte[] json) {
        return JsonReader.tree(json);
    }

    /** Reads a whole segment resource (paths start at {@code $}). */
    public static Segment readSegment(String json) {
        return JsonReader.segment(JsonReader.tree(json));
    }

    public static Segment readSegment(byte[] json) {
        return JsonReader.segment(JsonReader.tree(json));
    }

    public static Segment readSegment(JsonNode json) {
        return JsonReader.segment(json);
    }

    /**
     * Reads a bare condition; error paths start at {@code basePath}, e.g. {@code $.filter} for the
     * {@code filter} of a preview request.
     */
    public static Condition readCondition(String json, String basePath) {
        JsonPaths.checkBase(basePath);
        return JsonReader.condition(JsonReader.tree(json, basePath), basePath);
    }

    public static Condition readCondition(JsonNode json, String basePath) {
        return JsonReader.condition(json, JsonPaths.checkBase(basePath));
    }

    /** The canonical JSON tree of a segment. */
    public static ObjectNode toJson(Segment segment) {
        return JsonWriter.segment(segment);
    }

    /** The canonical JSON tree of a condition. */
    public static ObjectNode toJson(Condition condition) {
        return JsonWriter.condition(condition);
    }

    /** The canonical JSON text of a segment, without whitespace. */
    public static String write(Segment segment) {
        return JsonWriter.text(JsonWriter.segment(segment));
    }

    /** The canonical JSON text of a condition, without whitespace. */
    public static String write(Condition condition) {
        return JsonWriter.text(JsonWriter.condition(condition));
    }
}

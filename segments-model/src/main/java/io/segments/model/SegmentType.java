package io.segments.model;

import java.util.Optional;

/** How a segment's membership is defined and kept. */
public enum SegmentType {
    /** The filter evaluated over all history at the evaluation time. */
    DYNAMIC("dynamic"),
    /** Event conditions see only events at or after the segment's creation; maintained in real time. */
    LIVE("live"),
    /** A fixed member list; no filter. */
    STATIC("static");

    private final String json;

    SegmentType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<SegmentType> fromJson(String name) {
        for (SegmentType t : values()) {
            if (t.json.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

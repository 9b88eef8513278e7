package io.segments.jmh;

import io.segments.model.Segment;
import io.segments.model.json.SegmentJson;
import io.segments.testing.ExampleSegments;

/**
 * The eight example segments of the segment language contract ({@link ExampleSegments}), as constants a
 * benchmark can take as a {@code @Param}.
 */
public enum Example {
    ABANDONED_CART(ExampleSegments.ABANDONED_CART),
    FREQUENT_BUYERS(ExampleSegments.FREQUENT_BUYERS),
    HIGH_SPENDERS(ExampleSegments.HIGH_SPENDERS),
    LAPSED_VISITORS(ExampleSegments.LAPSED_VISITORS),
    TV_BUYERS(ExampleSegments.TV_BUYERS),
    VISITED_LAST_MONTH(ExampleSegments.VISITED_LAST_MONTH),
    CART_NO_PURCHASE(ExampleSegments.CART_NO_PURCHASE),
    FIRST_TIME_BIG_BUYERS(ExampleSegments.FIRST_TIME_BIG_BUYERS);

    private final ExampleSegments.Example example;

    Example(ExampleSegments.Example example) {
        this.example = example;
    }

    /** The segment resource's JSON text. */
    public String json() {
        return example.json();
    }

    /** The segment resource, read from {@link #json()}. */
    public Segment segment() {
        return SegmentJson.readSegment(example.json());
    }
}

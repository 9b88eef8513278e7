package io.segments.jmh.internal;

import io.segments.live.LiveSegment;
import io.segments.model.json.SegmentJson;
import io.segments.testing.BenchmarkSegments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The twenty live segments of {@link BenchmarkSegments} as the live engine registers them. */
public final class LiveSegments {
    private LiveSegments() {
    }

    /** The segments, ids {@code live_0} to {@code live_19}, created at {@code createdAt}. */
    public static List<LiveSegment> created(Instant createdAt) {
        List<LiveSegment> segments = new ArrayList<>();
        for (int i = 0; i < BenchmarkSegments.FILTERS.size(); i++) {
            segments.add(new LiveSegment("live_" + i, SegmentJson.readCondition(BenchmarkSegments.FILTERS.get(i),
                    "$.filter"), createdAt));
        }
        return segments;
    }
}

package io.segments.testing;

import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.SegmentLookup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any evaluator under test (the reference evaluator, the SQL engine, the live engine):
 * given a data set, a filter and {@code now}, the external ids of the member users.
 * The shared suites in this module run against every implementation.
 */
public interface MembershipEvaluator {
    Set<String> members(Dataset data, Condition filter, Instant now, SegmentLookup segments);

    /**
     * Members when the filter sees only events at or after {@code eventsVisibleFrom} (a live
     * segment's {@code createdAt}). The bound hides events from every condition of the filter, but
     * not from the segments its {@code inSegment} conditions name: each of those is evaluated by
     * its own type. So by default this is {@link #members(Dataset, Condition, Instant, SegmentLookup)}
     * on the data set without the earlier events, which is exact for filters without
     * {@code inSegment}; for those it fails, and an evaluator that bounds event time itself
     * overrides this method.
     */
    default Set<String> members(Dataset data, Condition filter, Instant now, Instant eventsVisibleFrom,
                                SegmentLookup segments) {
        if (!filter.referencedSegmentIds().isEmpty()) {
            throw new UnsupportedOperationException("a lower bound on event time with inSegment needs the evaluator "
                    + "to bound event time itself: override members(data, filter, now, eventsVisibleFrom, segments)");
        }
        long from = eventsVisibleFrom.toEpochMilli();
        Map<String, List<Event>> visible = new HashMap<>();
        data.events().forEach((user, events) -> {
            List<Event> kept = new ArrayList<>();
            for (Event e : events) {
                if (e.timestamp() >= from) {
                    kept.add(e);
                }
            }
            visible.put(user, kept);
        });
        return members(new Dataset(data.profiles(), visible), filter, now, segments);
    }
}

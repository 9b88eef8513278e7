package io.segments.engine;

import io.segments.model.Condition;
import io.segments.model.eval.SegmentLookup;
import io.segments.testing.Dataset;
import io.segments.testing.MembershipEvaluator;
import org.roaringbitmap.RoaringBitmap;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** The engine as a {@link MembershipEvaluator}: loads the data set into a store, maps uids back to ids. */
public final class EngineEvaluator implements MembershipEvaluator {
    private final StoreFixture store;

    public EngineEvaluator(StoreFixture store) {
        this.store = store;
    }

    @Override
    public Set<String> members(Dataset data, Condition filter, Instant now, SegmentLookup segments) {
        return members(data, filter, now, segments, Optional.empty());
    }

    @Override
    public Set<String> members(Dataset data, Condition filter, Instant now, Instant eventsVisibleFrom,
                               SegmentLookup segments) {
        return members(data, filter, now, segments, Optional.of(eventsVisibleFrom));
    }

    public Set<String> members(Dataset data, Condition filter, Instant now, SegmentLookup segments,
                               Optional<Instant> visibleFrom) {
        store.load(data);
        RoaringBitmap uids = store.engine().members(filter, now, segments, visibleFrom);
        Set<String> ids = new HashSet<>();
        uids.forEach((int uid) -> ids.add(store.userId(uid)));
        return ids;
    }
}

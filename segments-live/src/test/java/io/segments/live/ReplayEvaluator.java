package io.segments.live;

import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.testing.Dataset;
import io.segments.testing.MembershipEvaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live engine as a {@link MembershipEvaluator}, for the shared suites: a fresh engine with the filter
 * as its one live segment, the profiles, then every event in time order with the clock advanced to each
 * (events after {@code now} arrive when the clock is at {@code now} and stay invisible), then the clock
 * moved to {@code now}. Without a lower bound the segment is created before the first event, so it sees
 * all history.
 */
final class ReplayEvaluator implements MembershipEvaluator {
    private static final String ID = "under_test";

    @Override
    public Set<String> members(Dataset data, Condition filter, Instant now, SegmentLookup segments) {
        return replay(data, filter, now, null, segments);
    }

    @Override
    public Set<String> members(Dataset data, Condition filter, Instant now, Instant eventsVisibleFrom,
                               SegmentLookup segments) {
        return replay(data, filter, now, eventsVisibleFrom, segments);
    }

    private static Set<String> replay(Dataset data, Condition filter, Instant now, Instant visibleFrom,
                                      SegmentLookup segments) {
        record Entry(String user, Event event) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<Event>> e : data.events().entrySet()) {
            e.getValue().forEach(event -> entries.add(new Entry(e.getKey(), event)));
        }
        entries.sort(Comparator.comparingLong(e -> e.event().timestamp()));
        long first = now.toEpochMilli();
        for (Entry e : entries) {
            first = Math.min(first, e.event().timestamp());
        }
        Instant start = Instant.ofEpochMilli(visibleFrom == null ? first - 1 : Math.min(first - 1,
                visibleFrom.toEpochMilli()));
        LiveEngine engine = LiveEngine.create(start, segments, ChangeListener.none());
        engine.register(new LiveSegment(ID, filter, visibleFrom == null ? start : visibleFrom));
        for (Profile p : data.profiles()) {
            engine.profile(p);
        }
        for (Entry e : entries) {
            long t = Math.min(e.event().timestamp(), now.toEpochMilli());
            if (t > engine.now().toEpochMilli()) {
                engine.advanceTo(Instant.ofEpochMilli(t));
            }
            engine.event(e.user(), e.event());
        }
        engine.advanceTo(now);
        // the users are the profiles: an id with events but no profile is not a user
        Set<String> members = new TreeSet<>(engine.members(ID));
        members.retainAll(data.profiles().stream().map(Profile::userId).toList());
        return members;
    }
}

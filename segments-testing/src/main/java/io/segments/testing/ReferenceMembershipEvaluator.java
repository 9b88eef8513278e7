package io.segments.testing;

import io.segments.model.Condition;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.model.eval.SegmentLookup;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference evaluator as a {@link MembershipEvaluator}: the expected answer of differential
 * tests. Users are the data set's profiles; events of ids without a profile are not users.
 */
public final class ReferenceMembershipEvaluator implements MembershipEvaluator {
    @Override
    public Set<String> members(Dataset data, Condition filter, Instant now, SegmentLookup segments) {
        ReferenceEvaluator evaluator = new ReferenceEvaluator(segments);
        Set<String> members = new TreeSet<>();
        data.profiles().forEach(p -> {
            if (evaluator.matches(filter, p, data.events().getOrDefault(p.userId(), List.of()), now)) {
                members.add(p.userId());
            }
        });
        return members;
    }

    @Override
    public Set<String> members(Dataset data, Condition filter, Instant now, Instant eventsVisibleFrom,
                               SegmentLookup segments) {
        ReferenceEvaluator evaluator = new ReferenceEvaluator(segments);
        Set<String> members = new TreeSet<>();
        data.profiles().forEach(p -> {
            if (evaluator.matches(filter, p, data.events().getOrDefault(p.userId(), List.of()), now,
                    eventsVisibleFrom)) {
                members.add(p.userId());
            }
        });
        return members;
    }
}

package io.segments.testing;

import io.segments.model.Condition;
import io.segments.model.eval.SegmentLookup;

import java.time.Instant;
import java.util.Set;

/**
 * Any evaluator under test (the reference evaluator, the SQL engine, the live engine):
 * given a data set, a filter and {@code now}, the external ids of the member users.
 * The shared suites in this module run against every implementation.
 */
public interface MembershipEvaluator {
    Set<String> members(Dataset data, Condition filter, Instant now, SegmentLookup segments);
}

package io.segments.campaigns;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The send of a stored campaign: when it started, when its audience was frozen, when it finished,
 * and what the audience was made of. At {@code frozenAt} the segment had {@code members} members;
 * {@code audience} of them were reachable on the campaign's channel and were enrolled, the others were
 * left out as {@code notReachable} (no valid address or push token) or {@code optedOut}, so
 * {@code members = audience + notReachable + optedOut}.
 *
 * @param frozenAt   empty while the audience is being frozen (or the freeze was interrupted by a
 *                   stop; it is redone at the next start)
 * @param finishedAt set when every user of the audience has an outcome
 */
public record CampaignRun(
        Instant startedAt,
        Optional<Instant> frozenAt,
        Optional<Instant> finishedAt,
        long members,
        long audience,
        long notReachable,
        long optedOut) {

    public CampaignRun {
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(frozenAt, "frozenAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        if (members < 0 || audience < 0 || notReachable < 0 || optedOut < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
        if (members != audience + notReachable + optedOut) {
            throw new IllegalArgumentException("the " + members + " members are not the audience of " + audience
                    + " and the " + (notReachable + optedOut) + " left out");
        }
    }

    /** Members left out of the audience, for a reason; {@code 0} for reasons found only when sending. */
    public long excluded(SkipReason reason) {
        return switch (reason) {
            case NOT_REACHABLE -> notReachable;
            case OPTED_OUT -> optedOut;
            case MISSING_PLACEHOLDER -> 0;
        };
    }
}

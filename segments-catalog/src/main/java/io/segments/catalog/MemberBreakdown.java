package io.segments.catalog;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Why a static member list counts the users it does. Of the {@code listed} ids, the segment's members now are those
 * left after removing:
 * <ul>
 *   <li>{@code duplicates}: ids listed more than once (each counts once; a stored list never has any);</li>
 *   <li>{@code unknown}: ids never seen (no user has them; such an id becomes a member when its user is first
 *       seen);</li>
 *   <li>{@code merged}: ids seen once but now belonging to another user: an anonymous id merged into an identified
 *       user (or identified under a new id), which is that user's id no longer.</li>
 * </ul>
 * So {@code users == listed - duplicates - unknown - merged}. Each sample holds at most {@value #SAMPLE} ids in
 * ascending order.
 */
public record MemberBreakdown(long listed, long duplicates, long unknown, long merged, long users,
                              List<String> duplicateSample, List<String> unknownSample, List<Merged> mergedSample) {
    /** The most ids a sample holds. */
    public static final int SAMPLE = 10;

    /** A listed id that now belongs to the user {@code userId}. */
    public record Merged(String id, String userId) {
        public Merged {
            requireNonNull(id, "id is null");
            requireNonNull(userId, "userId is null");
        }
    }

    public MemberBreakdown {
        duplicateSample = List.copyOf(requireNonNull(duplicateSample, "duplicateSample is null"));
        unknownSample = List.copyOf(requireNonNull(unknownSample, "unknownSample is null"));
        mergedSample = List.copyOf(requireNonNull(mergedSample, "mergedSample is null"));
        if (users != listed - duplicates - unknown - merged || users < 0) {
            throw new IllegalArgumentException("a breakdown of " + listed + " listed ids, " + duplicates
                    + " duplicates, " + unknown + " unknown and " + merged + " merged cannot leave " + users + " users");
        }
    }
}

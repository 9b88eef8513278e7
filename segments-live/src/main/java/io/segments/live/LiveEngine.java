package io.segments.live;

import io.segments.live.internal.Processor;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the membership of live segments as events arrive and as time passes, and reports every entry
 * and exit to a {@link ChangeListener} with the exact instant it happens.
 *
 * <p>The engine runs on a clock that its owner drives with {@link #advanceTo}: a simulated clock in tests
 * and replays, the wall clock in a server (call {@code advanceTo} when {@link #nextTimer()} comes due and
 * before feeding each event). Feed it
 * <ul>
 *   <li>events, {@link #event}: an event with {@code timestamp <= now} is seen at once; a later one is held
 *       and becomes visible when the clock reaches its timestamp;</li>
 *   <li>profiles, {@link #profile} (the whole profile) or {@link #mergeTraits} (an identify's traits);</li>
 *   <li>the passage of time, {@link #advanceTo}: waits ending ({@code didNot ... within}), events entering
 *       or leaving a {@code last}/{@code from-to} window, counts and aggregates changing with them.</li>
 * </ul>
 *
 * <p>Meaning, as the segment language's reference evaluator defines it, with these live rules:
 * <ul>
 *   <li>Event conditions of a live segment see only events with {@code createdAt <= timestamp <= now}.</li>
 *   <li>{@code inSegment} is resolved when the segment is registered: a static segment by its member list
 *       at that time, a live segment by its own filter over events from its own {@code createdAt}, a
 *       dynamic segment by its filter only if that reads no events (else registration is refused with
 *       {@code invalid_segment}).</li>
 *   <li>The users are those the engine has been given an event or a profile for. A user is evaluated for
 *       every segment when first seen (a {@code didNot} segment gains them at once).</li>
 *   <li>Changes carry the instant the membership changes in event time ({@link Change#at()}): the event's
 *       instant, the profile update's, or the timer's (for example exactly {@code cart + 10m}, or
 *       {@code event + 7d + 1ms} for a {@code last 7d} exit), and the clock when the engine found it
 *       ({@link Change#observedAt()}); the two are equal for input that arrives by the time the clock reaches
 *       its timestamp, and for timers.</li>
 *   <li>An event that arrives later than that (its timestamp before the clock) is applied at the clock, and a
 *       change it causes is dated in event time: the first instant from its timestamp on (never before the
 *       user's previous change in that segment) from which the segment holds its new value until the clock,
 *       judged with what the engine keeps (sliding windows and sequences keep the events' times; running
 *       totals count every event they hold). An event so late that the membership it would have made was over
 *       before it arrived causes no change at all; state already dropped as out of every window is not
 *       recovered (a {@code didNot} wait that ended unbroken stays ended).</li>
 * </ul>
 *
 * <p>Everything kept is per user (traits the segments read, each segment's retained events or running
 * totals, a timer), except the segment definitions, so the engine can run keyed by user in a stream
 * processor. Not thread-safe: call it from one thread (the listener runs on that thread).
 */
public final class LiveEngine {
    private final Processor processor;

    private LiveEngine(Processor processor) {
        this.processor = processor;
    }

    /**
     * An engine with no segments and no users whose clock starts at {@code clock}; {@code lookup} finds
     * the segments that {@code inSegment} conditions name.
     */
    public static LiveEngine create(Instant clock, SegmentLookup lookup, ChangeListener listener) {
        requireNonNull(clock, "clock is null");
        return new LiveEngine(new Processor(clock.toEpochMilli(), lookup, listener));
    }

    /**
     * Starts maintaining {@code segment}. Users already known are evaluated at once at the current
     * clock, with what the engine keeps about them: the segment's event conditions see only events fed
     * from now on (feed the stored events since {@code createdAt} to rebuild a segment created before
     * the clock), and the engine keeps only the traits that registered segments read, so a trait that
     * no earlier segment read is missing until the user's profile is fed again (feed the profiles of
     * the known users after registering a segment that reads new traits).
     *
     * @throws SegmentsException {@code invalid_segment} with the JSON path of the offending place for a
     *     definition the engine cannot run; {@code conflict} if the id is already registered
     */
    public void register(LiveSegment segment) {
        processor.register(segment);
    }

    /** Stops maintaining a segment and forgets its state; no exits are reported. False if it was not registered. */
    public boolean unregister(String segmentId) {
        return processor.unregister(segmentId);
    }

    /** The registered segments. */
    public List<LiveSegment> segments() {
        return processor.segments();
    }

    /** An event of a user. */
    public void event(String userId, Event event) {
        processor.event(userId, event);
    }

    /** A user's whole profile, replacing the traits and push tokens the engine had for them. */
    public void profile(Profile profile) {
        processor.profile(profile);
    }

    /** Sets some top-level traits of a user (as an identify message does) and adds push tokens. */
    public void mergeTraits(String userId, Map<String, ?> traits, Collection<String> pushTokens) {
        processor.mergeTraits(userId, traits, pushTokens);
    }

    /**
     * Moves the clock forward to {@code now}, firing every timer due until then in time order, each
     * evaluated at its own instant.
     *
     * @throws IllegalArgumentException if {@code now} is before the clock
     */
    public void advanceTo(Instant now) {
        processor.advanceTo(now.toEpochMilli());
    }

    public Instant now() {
        return Instant.ofEpochMilli(processor.clock());
    }

    /** When {@link #advanceTo} next has something to do (perhaps nothing, then it reschedules), or empty. */
    public Optional<Instant> nextTimer() {
        return processor.nextTimer().map(Instant::ofEpochMilli);
    }

    /** Whether the user is a member of the registered segment now. */
    public boolean isMember(String segmentId, String userId) {
        return processor.isMember(segmentId, userId);
    }

    /** The members of a registered segment now, sorted (a scan over all users). */
    public Set<String> members(String segmentId) {
        return processor.members(segmentId);
    }

    /** Counters and sizes, for monitoring and benchmarks. */
    public Stats stats() {
        long[] s = processor.statistics();
        return new Stats(s[0], s[1], s[2], s[3], s[4], s[5]);
    }

    /**
     * Counters and sizes.
     *
     * @param users         users with state
     * @param events        events fed since the engine was created or restored
     * @param timersFired   timers that fired (a user looked at when time passed)
     * @param changes       changes reported
     * @param retained      instants kept in per-user state: retained events, chain ends, totals, held events
     * @param queuedTimers  entries in the timer queue
     */
    public record Stats(long users, long events, long timersFired, long changes, long retained, long queuedTimers) {
    }

    /**
     * Writes the whole state, a compact binary form: the clock, the segments and the segments they name
     * (as resolved at registration), and every user's state. Flushes but does not close {@code out}.
     */
    public void snapshot(OutputStream out) throws IOException {
        processor.snapshot(requireNonNull(out, "out is null"));
    }

    /**
     * An engine as it was when {@link #snapshot} wrote {@code in}, with its clock and segments; no change
     * is reported for the restored memberships. {@code lookup} serves later registrations.
     */
    public static LiveEngine restore(InputStream in, SegmentLookup lookup, ChangeListener listener)
            throws IOException {
        return new LiveEngine(Processor.restore(requireNonNull(in, "in is null"), lookup, listener));
    }
}

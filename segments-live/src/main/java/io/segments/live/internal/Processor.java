package io.segments.live.internal;

import io.segments.live.Change;
import io.segments.live.ChangeListener;
import io.segments.live.LiveSegment;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The live engine's machinery behind {@code io.segments.live.LiveEngine}: the registered segments
 * (the only state shared between users), the per-user states keyed by user id, and the timer service
 * keyed by user. Not thread-safe.
 */
public final class Processor {
    /** The most evaluations that date one late change (see {@link #eventTime}). */
    private static final int MAX_DATING_STEPS = 256;

    private final SegmentLookup lookup;
    private final ChangeListener listener;
    private long clock;

    final List<CompiledSegment> slots = new ArrayList<>();
    /** The end of the leaf ranges given out so far: a new segment's leaves start here. */
    int leafEnd;
    final Map<String, Integer> slotById = new HashMap<>();
    private final Map<String, Integer> traitSlots = new LinkedHashMap<>();
    final List<String> traitNames = new ArrayList<>();
    private Program program = new Program(new CompiledSegment[0], Map.of());

    final Map<String, UserState> users = new HashMap<>(1 << 12);
    private final TimerQueue timers = new TimerQueue();
    private final Eval eval = new Eval();
    private boolean[] matched = new boolean[8];
    private boolean[] dirty = new boolean[8];
    private boolean busy;

    private long eventCount;
    private long timerCount;
    private long changeCount;

    public Processor(long clock, SegmentLookup lookup, ChangeListener listener) {
        this.clock = clock;
        this.lookup = requireNonNull(lookup, "lookup is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    // ---- segments

    public void register(LiveSegment segment) {
        requireNonNull(segment, "segment is null");
        enter();
        try {
            if (slotById.containsKey(segment.id())) {
                throw new SegmentsException(SegmentsException.Code.CONFLICT, "live segment \"" + segment.id()
                        + "\" is already registered");
            }
            CompiledSegment compiled = Compiler.compile(segment, lookup, this::traitSlot);
            compiled.base = leafEnd;
            leafEnd += compiled.leaves.size();
            int slot = slots.indexOf(null);
            if (slot < 0) {
                slot = slots.size();
                slots.add(compiled);
            } else {
                slots.set(slot, compiled);
            }
            slotById.put(segment.id(), slot);
            rebuildProgram();
            for (UserState user : users.values()) {
                evaluate(user, slot, clock, clock);
                reschedule(user);
            }
        } finally {
            busy = false;
        }
    }

    public boolean unregister(String segmentId) {
        enter();
        try {
            Integer slot = slotById.remove(requireNonNull(segmentId, "segmentId is null"));
            if (slot == null) {
                return false;
            }
            CompiledSegment removed = slots.set(slot, null);
            rebuildProgram();
            for (UserState user : users.values()) {
                user.dropSegment(slot, removed.base, removed.leaves.size());
            }
            return true;
        } finally {
            busy = false;
        }
    }

    public List<LiveSegment> segments() {
        List<LiveSegment> result = new ArrayList<>();
        for (CompiledSegment s : slots) {
            if (s != null) {
                result.add(s.segment);
            }
        }
        return result;
    }

    int traitSlot(String name) {
        Integer slot = traitSlots.get(name);
        if (slot == null) {
            slot = traitNames.size();
            traitSlots.put(name, slot);
            traitNames.add(name);
        }
        return slot;
    }

    void rebuildProgram() {
        program = new Program(slots.toArray(new CompiledSegment[0]), traitSlots);
        matched = new boolean[Math.max(8, program.matcherCountMax())];
        dirty = new boolean[Math.max(8, slots.size())];
    }

    // ---- input

    public void event(String userId, Event event) {
        requireNonNull(userId, "userId is null");
        requireNonNull(event, "event is null");
        enter();
        try {
            eventCount++;
            UserState user = users.get(userId);
            boolean fresh = user == null;
            if (fresh) {
                user = new UserState(userId);
                users.put(userId, user);
            }
            long since = clock;
            if (event.timestamp() > clock) {
                user.addPending(event);
            } else {
                take(user, event);
                since = event.timestamp(); // a late event: what it changes may have changed before now
            }
            evaluateDirty(user, clock, since, fresh);
            reschedule(user);
        } finally {
            busy = false;
        }
    }

    public void profile(Profile profile) {
        requireNonNull(profile, "profile is null");
        enter();
        try {
            UserState user = users.get(profile.userId());
            boolean fresh = user == null;
            if (fresh) {
                user = new UserState(profile.userId());
                users.put(profile.userId(), user);
            }
            for (int slot = 0; slot < traitNames.size(); slot++) {
                setTrait(user, slot, profile.traits().get(traitNames.get(slot)));
            }
            setPushToken(user, profile.pushTokens().stream().anyMatch(t -> !t.isEmpty()));
            evaluateDirty(user, clock, clock, fresh);
            reschedule(user);
        } finally {
            busy = false;
        }
    }

    public void mergeTraits(String userId, Map<String, ?> traits, Collection<String> pushTokens) {
        requireNonNull(userId, "userId is null");
        requireNonNull(traits, "traits is null");
        requireNonNull(pushTokens, "pushTokens is null");
        enter();
        try {
            UserState user = users.get(userId);
            boolean fresh = user == null;
            if (fresh) {
                user = new UserState(userId);
                users.put(userId, user);
            }
            for (Map.Entry<String, ?> e : traits.entrySet()) {
                Integer slot = traitSlots.get(e.getKey());
                if (slot != null) {
                    setTrait(user, slot, e.getValue());
                }
            }
            for (String token : pushTokens) {
                if (!token.isEmpty()) {
                    setPushToken(user, true);
                }
            }
            evaluateDirty(user, clock, clock, fresh);
            reschedule(user);
        } finally {
            busy = false;
        }
    }

    /** Moves the clock to {@code to}, firing every timer due at or before it, each at its own instant. */
    public void advanceTo(long to) {
        enter();
        try {
            if (to < clock) {
                throw new IllegalArgumentException("the clock only moves forward: it is at "
                        + Instant.ofEpochMilli(clock) + ", asked to move to " + Instant.ofEpochMilli(to));
            }
            while (timers.peekTime() <= to) {
                long at = timers.peekTime();
                UserState user = timers.poll();
                if (user == null) {
                    continue;
                }
                clock = Math.max(clock, at);
                timerCount++;
                fire(user, at);
            }
            clock = to;
        } finally {
            busy = false;
        }
    }

    public long clock() {
        return clock;
    }

    /** The earliest queued timer instant (possibly one that will turn out to have nothing to do), or empty. */
    public Optional<Long> nextTimer() {
        long t = timers.peekTime();
        return t == Long.MAX_VALUE ? Optional.empty() : Optional.of(t);
    }

    private void enter() {
        if (busy) {
            throw new IllegalStateException("the live engine was called back from its own change listener");
        }
        busy = true;
    }

    // ---- the work

    /** Hands a visible event to the leaves that subscribe to its name and pass their filters. */
    private void take(UserState user, Event event) {
        Program.NameIndex index = program.byName.get(event.name());
        if (index == null) {
            return;
        }
        Map<String, Object> properties = event.properties();
        for (int i = 0; i < index.matchers.length; i++) {
            matched[i] = Filter.allMatch(index.matchers[i], properties);
        }
        for (Program.Subscription sub : index.subscriptions) {
            long mask = 0;
            for (int i = 0; i < sub.matchers.length; i++) {
                if (matched[sub.matchers[i]]) {
                    mask |= sub.bits[i];
                }
            }
            if (mask == 0 || event.timestamp() < sub.leaf.visibleFrom) {
                continue;
            }
            int i = sub.base + sub.leaf.slot;
            Object[] leaves = user.leaves(i + 1);
            leaves[i] = sub.leaf.onEvent(leaves[i], event.timestamp(), mask, properties);
            dirty[sub.segment] = true;
        }
    }

    /** Sets a trait and marks the segments that read it if its value changed. */
    private void setTrait(UserState user, int slot, Object value) {
        if (!Objects.equals(user.trait(slot), value)) {
            user.setTrait(slot, value);
            markReaders(slot);
        }
    }

    private void setPushToken(UserState user, boolean pushToken) {
        if (user.pushToken != pushToken) {
            user.pushToken = pushToken;
            Integer slot = traitSlots.get("pushToken");
            if (slot != null) {
                markReaders(slot);
            }
        }
    }

    private void markReaders(int traitSlot) {
        if (traitSlot < program.traitReaders.length) {
            for (int segment : program.traitReaders[traitSlot]) {
                dirty[segment] = true;
            }
        }
    }

    /**
     * Evaluates the marked segments (all of them for a user seen for the first time) at {@code now} and clears the
     * marks; a change may have happened in event time from {@code since} on (before {@code now} for a late event).
     */
    private void evaluateDirty(UserState user, long now, long since, boolean all) {
        CompiledSegment[] segments = program.segments;
        for (int slot = 0; slot < segments.length; slot++) {
            if ((dirty[slot] || all) && segments[slot] != null) {
                evaluate(user, slot, now, since);
            }
            dirty[slot] = false;
        }
    }

    private void fire(UserState user, long now) {
        if (user.pending != null) {
            while (!user.pending.isEmpty() && user.pending.get(0).timestamp() <= now) {
                take(user, user.pending.remove(0));
            }
            if (user.pending.isEmpty()) {
                user.pending = null;
            }
        }
        long[] checks = user.nextChecks;
        for (int slot = 0; slot < checks.length; slot++) {
            if (checks[slot] <= now) {
                dirty[slot] = true;
            }
        }
        evaluateDirty(user, now, now, false);
        reschedule(user);
    }

    /**
     * Evaluates a segment for a user at {@code now} and reports a change of membership, observed at {@code now} and
     * dated in event time: {@code now} itself when nothing before it was new ({@code since == now}), else
     * {@link #eventTime}.
     */
    private void evaluate(UserState user, int slot, long now, long since) {
        CompiledSegment segment = program.segments[slot];
        eval.reset(user, segment.base, now);
        boolean member = segment.root.eval(eval);
        long next = eval.next;
        if (member != user.isMember(slot)) {
            long at = since < now ? eventTime(user, slot, member, since, now) : now;
            user.setMember(slot, member);
            user.setChangedAt(slot, at);
            changeCount++;
            listener.onChange(new Change(segment.id(), user.id, Change.Kind.of(member), Instant.ofEpochMilli(at),
                    Instant.ofEpochMilli(now)));
        }
        user.setNextCheck(slot, next);
    }

    /**
     * The instant in event time at which a segment's membership became {@code member}, found when a late event
     * (stamped {@code since}) arrived at {@code now}: the first instant from which the segment, evaluated with what
     * the engine keeps about the user, holds {@code member} until {@code now}, looking from the latest of
     * {@code since}, the user's previous change in the segment (the membership as reported until now stays as it
     * was) and the segment's creation. The instants looked at are the ones where the value may change (windows
     * and waits passing the kept events), so the answer is exact for sliding windows and sequences; running
     * totals count every event they hold at any instant. Evaluating at an earlier instant only drops what the
     * evaluation at {@code now} already dropped, so the state is left as it was.
     */
    private long eventTime(UserState user, int slot, boolean member, long since, long now) {
        CompiledSegment segment = program.segments[slot];
        long t = Math.max(Math.max(since, user.changedAt(slot)), segment.segment.createdAt().toEpochMilli());
        long from = now;
        boolean holding = false;
        for (int i = 0; i < MAX_DATING_STEPS && t < now; i++) {
            eval.reset(user, segment.base, t);
            boolean value = segment.root.eval(eval);
            if (value != member) {
                holding = false;
            } else if (!holding) {
                holding = true;
                from = t;
            }
            if (eval.next <= t) {
                break;
            }
            t = eval.next;
        }
        if (t < now) {
            return now; // too many turns to follow: the instant it was observed
        }
        return holding ? from : now;
    }

    void reschedule(UserState user) {
        timers.schedule(user, user.nextWake());
    }

    // ---- queries

    public boolean isMember(String segmentId, String userId) {
        Integer slot = slotById.get(segmentId);
        if (slot == null) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND, "live segment \"" + segmentId
                    + "\" is not registered");
        }
        UserState user = users.get(userId);
        return user != null && user.isMember(slot);
    }

    public Set<String> members(String segmentId) {
        Integer slot = slotById.get(segmentId);
        if (slot == null) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND, "live segment \"" + segmentId
                    + "\" is not registered");
        }
        Set<String> members = new TreeSet<>();
        for (UserState user : users.values()) {
            if (user.isMember(slot)) {
                members.add(user.id);
            }
        }
        return members;
    }

    /** Counters and sizes: users, events taken, timers fired, changes, retained instants, queued timers. */
    public long[] statistics() {
        long retained = 0;
        for (UserState user : users.values()) {
            for (CompiledSegment segment : program.segments) {
                if (segment == null) {
                    continue;
                }
                for (EventLeaf leaf : segment.leaves) {
                    int i = segment.base + leaf.slot;
                    if (i < user.leaves.length) {
                        retained += leaf.retained(user.leaves[i]);
                    }
                }
            }
            if (user.pending != null) {
                retained += user.pending.size();
            }
        }
        return new long[] {users.size(), eventCount, timerCount, changeCount, retained, timers.size()};
    }

    // ---- snapshots

    /**
     * Writes the clock, the segments (with the segments they name, as resolved at registration) and
     * every user's state ({@link Snapshots}). Buffers internally; flushes but does not close {@code out}.
     */
    public void snapshot(OutputStream stream) throws IOException {
        enter();
        try {
            Snapshots.write(this, stream);
        } finally {
            busy = false;
        }
    }

    /**
     * Reads a snapshot written by {@link #snapshot}. Its segments are compiled again from the stored
     * definitions and the stored named segments, so the restored engine is the one that was saved,
     * whatever the lookup holds now; {@code lookup} serves later registrations.
     */
    public static Processor restore(InputStream stream, SegmentLookup lookup, ChangeListener listener)
            throws IOException {
        return Snapshots.read(stream, lookup, listener);
    }
}

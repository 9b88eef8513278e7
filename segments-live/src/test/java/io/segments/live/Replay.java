package io.segments.live;

import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.model.eval.SegmentLookup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay of users' events, profile changes and checkpoints, in time order, through a {@link LiveEngine}
 * driven by a simulated clock (advanced to each input's instant before it is fed), checked against the
 * {@link ReferenceEvaluator} at every checkpoint and at every reported change:
 * <ul>
 *   <li>at a checkpoint, the engine's membership and the membership replayed from its change records
 *       both equal the reference's at that instant, with events visible from the segment's createdAt;</li>
 *   <li>for every instant with changes, the membership after them equals the reference's at that instant
 *       and the membership before them equals the reference's one millisecond earlier (so a change is
 *       reported at exactly the instant the membership changes), except at the first instant, when the
 *       users become known.</li>
 * </ul>
 */
final class Replay {
    /** One segment of the replay. */
    record Segment(String id, Condition filter, Instant createdAt) {
    }

    /** A profile that takes effect at {@code at}. */
    record ProfileChange(long at, Profile profile) {
    }

    private final List<Segment> segments;
    private final List<Profile> profiles;
    private final Map<String, List<Event>> events;
    private final List<ProfileChange> profileChanges;
    private final List<Long> checkpoints;
    private final SegmentLookup lookup;
    private final ReferenceEvaluator reference;
    private final long start;

    Replay(List<Segment> segments, List<Profile> profiles, Map<String, List<Event>> events,
           List<ProfileChange> profileChanges, List<Long> checkpoints, SegmentLookup lookup) {
        this.segments = List.copyOf(segments);
        this.profiles = List.copyOf(profiles);
        this.events = Map.copyOf(events);
        this.profileChanges = List.copyOf(profileChanges);
        this.checkpoints = List.copyOf(checkpoints);
        this.lookup = requireNonNull(lookup);
        this.reference = new ReferenceEvaluator(lookup);
        long first = Long.MAX_VALUE;
        for (List<Event> list : events.values()) {
            for (Event e : list) {
                first = Math.min(first, e.timestamp());
            }
        }
        for (Segment s : segments) {
            first = Math.min(first, s.createdAt().toEpochMilli());
        }
        for (ProfileChange c : profileChanges) {
            first = Math.min(first, c.at());
        }
        for (long c : checkpoints) {
            first = Math.min(first, c);
        }
        this.start = first == Long.MAX_VALUE ? 0 : first - 1;
    }

    /** What a run produced: every change in the order reported, and the engine's statistics. */
    record Outcome(List<Change> changes, LiveEngine.Stats stats) {
    }

    private record Input(long at, int order, String user, Event event, Profile profile) {
        static final int EVENT = 0;
        static final int PROFILE = 1;
        static final int CHECKPOINT = 2;
    }

    private List<Input> timeline() {
        List<Input> inputs = new ArrayList<>();
        events.forEach((user, list) -> list.forEach(e -> inputs.add(new Input(e.timestamp(), Input.EVENT, user, e,
                null))));
        profileChanges.forEach(c -> inputs.add(new Input(c.at(), Input.PROFILE, c.profile().userId(), null,
                c.profile())));
        checkpoints.forEach(c -> inputs.add(new Input(c, Input.CHECKPOINT, null, null, null)));
        inputs.sort(Comparator.comparingLong(Input::at).thenComparingInt(Input::order));
        return inputs;
    }

    /** Runs the replay and checks it; with {@code restartAt >= 0}, restarts from a snapshot before that input. */
    Outcome run(int restartAt) {
        List<Change> changes = new ArrayList<>();
        Map<String, Boolean> recorded = new HashMap<>();
        ChangeListener listener = change -> {
            changes.add(change);
            recorded.put(change.segmentId() + "/" + change.userId(), change.kind() == Change.Kind.ENTERED);
        };
        LiveEngine engine = LiveEngine.create(Instant.ofEpochMilli(start), lookup, listener);
        for (Segment s : segments) {
            engine.register(new LiveSegment(s.id(), s.filter(), s.createdAt()));
        }
        profiles.forEach(engine::profile);
        List<Input> inputs = timeline();
        for (int i = 0; i < inputs.size(); i++) {
            if (i == restartAt) {
                engine = restart(engine, listener);
            }
            Input input = inputs.get(i);
            if (input.at() > engine.now().toEpochMilli()) {
                engine.advanceTo(Instant.ofEpochMilli(input.at()));
            }
            switch (input.order()) {
                case Input.EVENT:
                    engine.event(input.user(), input.event());
                    break;
                case Input.PROFILE:
                    engine.profile(input.profile());
                    break;
                default:
                    checkpoint(engine, recorded, input.at());
            }
        }
        checkChanges(changes);
        return new Outcome(changes, engine.stats());
    }

    private LiveEngine restart(LiveEngine engine, ChangeListener listener) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            engine.snapshot(out);
            LiveEngine restored = LiveEngine.restore(new ByteArrayInputStream(out.toByteArray()), lookup, listener);
            assertThat(restored.now()).isEqualTo(engine.now());
            assertThat(restored.segments()).isEqualTo(engine.segments());
            for (Segment s : segments) {
                assertThat(restored.members(s.id())).as("members of %s after restore", s.id())
                        .isEqualTo(engine.members(s.id()));
            }
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkpoint(LiveEngine engine, Map<String, Boolean> recorded, long now) {
        for (Segment s : segments) {
            for (Profile p : profiles) {
                boolean expected = referenceMember(s, p.userId(), now);
                assertThat(engine.isMember(s.id(), p.userId()))
                        .as("%s member of %s at %s", p.userId(), s.id(), Instant.ofEpochMilli(now))
                        .isEqualTo(expected);
                assertThat(recorded.getOrDefault(s.id() + "/" + p.userId(), false))
                        .as("%s member of %s at %s by the change records", p.userId(), s.id(),
                                Instant.ofEpochMilli(now))
                        .isEqualTo(expected);
            }
        }
    }

    /** Every instant with changes: before them, the reference's membership 1 ms earlier; after them, at the instant. */
    private void checkChanges(List<Change> changes) {
        Map<String, List<Change>> byKey = new LinkedHashMap<>();
        for (Change c : changes) {
            byKey.computeIfAbsent(c.segmentId() + "/" + c.userId(), k -> new ArrayList<>()).add(c);
        }
        Map<String, Segment> byId = new HashMap<>();
        segments.forEach(s -> byId.put(s.id(), s));
        for (List<Change> list : byKey.values()) {
            boolean member = false;
            int i = 0;
            while (i < list.size()) {
                Change first = list.get(i);
                long at = first.at().toEpochMilli();
                boolean before = member;
                while (i < list.size() && list.get(i).at().toEpochMilli() == at) {
                    Change c = list.get(i);
                    assertThat(c.kind()).as("%s alternates entries and exits", c)
                            .isEqualTo(Change.Kind.of(!member));
                    member = !member;
                    i++;
                }
                assertThat(i == list.size() || list.get(i).at().toEpochMilli() > at)
                        .as("changes of %s/%s in time order", first.segmentId(), first.userId()).isTrue();
                Segment s = byId.get(first.segmentId());
                assertThat(member).as("%s: membership at the change instant", first)
                        .isEqualTo(referenceMember(s, first.userId(), at));
                if (at != start) {
                    assertThat(before).as("%s: membership just before the change instant", first)
                            .isEqualTo(referenceMember(s, first.userId(), at - 1));
                }
            }
        }
    }

    boolean referenceMember(Segment s, String userId, long now) {
        return reference.matches(s.filter(), profileAt(userId, now), events.getOrDefault(userId, List.of()),
                Instant.ofEpochMilli(now), s.createdAt());
    }

    private Profile profileAt(String userId, long now) {
        Optional<Profile> latest = Optional.empty();
        long latestAt = Long.MIN_VALUE;
        for (ProfileChange c : profileChanges) {
            if (c.profile().userId().equals(userId) && c.at() <= now && c.at() >= latestAt) {
                latest = Optional.of(c.profile());
                latestAt = c.at();
            }
        }
        return latest.orElseGet(() -> profiles.stream().filter(p -> p.userId().equals(userId)).findFirst()
                .orElseThrow());
    }

    long start() {
        return start;
    }
}

package io.segments.live;

import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.segments.live.Change.Kind.ENTERED;
import static io.segments.live.Change.Kind.EXITED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events that arrive after the clock has passed their time: a change they cause is dated in event time
 * ({@code at}, the instant the membership changed by the events' times and the windows) and carries the instant
 * the engine saw it ({@code observedAt}, the arrival). On-time events and timers have both equal. An event so late
 * that the membership it would have made was over before it arrived changes nothing, so nothing is reported.
 */
class LateEventsTest {
    private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T = Instant.parse("2026-11-10T09:00:00Z");

    private final List<Change> changes = new ArrayList<>();
    private final LiveEngine engine = LiveEngine.create(CREATED, SegmentLookup.none(), changes::add);

    private void register(String id, String json) {
        engine.register(new LiveSegment(id, SegmentJson.readCondition(json, "$.filter"), CREATED));
    }

    /** The event {@code name} stamped {@code stamped}, arriving when the clock reads {@code arrives}. */
    private void late(String user, String name, Instant stamped, Instant arrives) {
        engine.advanceTo(arrives);
        engine.event(user, new Event(name, stamped.toEpochMilli(), Map.of()));
    }

    private static Change change(String user, Change.Kind kind, Instant at, Instant observedAt) {
        return new Change("s", user, kind, at, observedAt);
    }

    @Test
    void an_event_ten_seconds_late_enters_a_last_30s_segment_at_its_own_time_and_exits_30s_after_it() {
        register("s", "{\"did\": \"A\", \"when\": {\"last\": \"30s\"}}");

        late("ann", "A", T.minusSeconds(10), T);
        engine.advanceTo(T.plusSeconds(60));

        Instant exit = T.plusSeconds(20).plusMillis(1);
        assertThat(changes).containsExactly(change("ann", ENTERED, T.minusSeconds(10), T),
                change("ann", EXITED, exit, exit));
    }

    @Test
    void an_event_so_late_that_its_membership_was_over_when_it_arrived_changes_nothing() {
        register("s", "{\"did\": \"A\", \"when\": {\"last\": \"30s\"}}");

        late("ann", "A", T.minusSeconds(40), T);
        engine.advanceTo(T.plusSeconds(60));

        assertThat(changes).isEmpty();
        assertThat(engine.isMember("s", "ann")).isFalse();
    }

    @Test
    void a_late_event_enters_a_from_to_window_when_it_would_have_entered_it() {
        register("s", "{\"did\": \"A\", \"when\": {\"from\": \"30s\", \"to\": \"10s\"}}");

        late("ann", "A", T.minusSeconds(15), T);

        assertThat(changes).containsExactly(change("ann", ENTERED, T.minusSeconds(5), T));
    }

    @Test
    void a_late_event_that_makes_a_count_enters_when_the_count_was_reached() {
        register("s", "{\"did\": \"A\", \"when\": {\"last\": \"1m\"}, \"count\": {\"op\": \"gte\", \"value\": 2}}");
        engine.advanceTo(T);
        engine.event("ann", new Event("A", T.toEpochMilli(), Map.of()));

        late("ann", "A", T.plusSeconds(20), T.plusSeconds(30));

        assertThat(changes).containsExactly(change("ann", ENTERED, T.plusSeconds(20), T.plusSeconds(30)));
    }

    @Test
    void a_late_event_ends_a_did_not_membership_at_its_own_time() {
        register("s", "{\"didNot\": \"Ping\", \"when\": {\"last\": \"1m\"}}");
        engine.advanceTo(T);
        engine.profile(new Profile("ann", Map.of(), Set.of()));

        late("ann", "Ping", T.plus(Duration.ofMinutes(4)), T.plus(Duration.ofMinutes(5)));

        assertThat(changes).containsExactly(change("ann", ENTERED, T, T),
                change("ann", EXITED, T.plus(Duration.ofMinutes(4)), T.plus(Duration.ofMinutes(5))));
    }

    @Test
    void a_late_change_is_never_dated_before_the_users_previous_change_in_that_segment() {
        register("s", "{\"did\": \"A\", \"when\": {\"last\": \"30s\"}}");
        engine.advanceTo(T);
        engine.event("ann", new Event("A", T.toEpochMilli(), Map.of()));
        engine.advanceTo(T.plusSeconds(31)); // the exit at T + 30 s + 1 ms is reported

        // in event time ann never left (an A at T + 20 s); as observed she left and comes back: at the exit's instant
        late("ann", "A", T.plusSeconds(20), T.plusSeconds(31));

        Instant exit = T.plusSeconds(30).plusMillis(1);
        assertThat(changes).containsExactly(change("ann", ENTERED, T, T), change("ann", EXITED, exit, exit),
                change("ann", ENTERED, exit, T.plusSeconds(31)));
    }

    @Test
    void on_time_events_and_timers_are_observed_when_they_happen() {
        register("s", "{\"sequence\": [{\"did\": \"Added To Cart\"}, {\"didNot\": \"Charged\", \"within\": \"10m\"}]}");
        engine.advanceTo(T);
        engine.event("ann", new Event("Added To Cart", T.toEpochMilli(), Map.of()));

        engine.advanceTo(T.plus(Duration.ofHours(1)));

        Instant entry = T.plus(Duration.ofMinutes(10));
        assertThat(changes).containsExactly(change("ann", ENTERED, entry, entry));
    }

    @Test
    void a_restored_engine_keeps_the_previous_changes_instants() throws IOException {
        register("s", "{\"did\": \"A\", \"when\": {\"last\": \"30s\"}}");
        engine.advanceTo(T);
        engine.event("ann", new Event("A", T.toEpochMilli(), Map.of()));
        engine.advanceTo(T.plusSeconds(31));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        engine.snapshot(out);
        List<Change> restoredChanges = new ArrayList<>();
        LiveEngine restored = LiveEngine.restore(new ByteArrayInputStream(out.toByteArray()), SegmentLookup.none(),
                restoredChanges::add);

        restored.event("ann", new Event("A", T.plusSeconds(20).toEpochMilli(), Map.of()));

        assertThat(restoredChanges).containsExactly(change("ann", ENTERED, T.plusSeconds(30).plusMillis(1),
                T.plusSeconds(31)));
    }
}

package io.segments.live;

import io.segments.model.Condition;
import io.segments.model.SegmentsException;
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
import java.util.Optional;
import java.util.Set;

import static io.segments.live.Change.Kind.ENTERED;
import static io.segments.live.Change.Kind.EXITED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live engine's behaviours, one scenario each, with the instants written out. */
class LiveEngineTest {
    private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T = Instant.parse("2026-11-10T09:00:00Z");

    private final List<Change> changes = new ArrayList<>();
    private final LiveEngine engine = LiveEngine.create(CREATED, SegmentLookup.none(), changes::add);

    private static Condition filter(String json) {
        return SegmentJson.readCondition(json, "$.filter");
    }

    private void register(String id, String json) {
        engine.register(new LiveSegment(id, filter(json), CREATED));
    }

    private void feed(String user, String event, Instant at, Object... properties) {
        engine.advanceTo(at);
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put((String) properties[i], properties[i + 1]);
        }
        engine.event(user, new Event(event, at.toEpochMilli(), map));
    }

    private static Change change(String segment, String user, Change.Kind kind, Instant at) {
        return new Change(segment, user, kind, at);
    }

    private static final String CART_NO_PURCHASE = """
            {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "10m"}]}""";

    @Test
    void cartWithoutPurchaseEntersAtExactlyMinuteTen() {
        register("cart", CART_NO_PURCHASE);
        feed("ann", "Added To Cart", T);
        engine.advanceTo(T.plus(Duration.ofMinutes(10)).minusMillis(1));
        assertThat(changes).isEmpty();
        assertThat(engine.nextTimer()).contains(T.plus(Duration.ofMinutes(10)));

        engine.advanceTo(T.plus(Duration.ofDays(2)));
        assertThat(changes).containsExactly(change("cart", "ann", ENTERED, T.plus(Duration.ofMinutes(10))));
        assertThat(engine.isMember("cart", "ann")).isTrue();
    }

    @Test
    void aPurchaseAtMinuteNineMeansNeverEntering() {
        register("cart", CART_NO_PURCHASE);
        feed("ann", "Added To Cart", T);
        feed("ann", "Charged", T.plus(Duration.ofMinutes(9)));
        engine.advanceTo(T.plus(Duration.ofDays(30)));
        assertThat(changes).isEmpty();
        assertThat(engine.isMember("cart", "ann")).isFalse();
    }

    @Test
    void aPurchaseAtExactlyMinuteTenStillCountsAsBuyingInTime() {
        register("cart", CART_NO_PURCHASE);
        feed("ann", "Added To Cart", T);
        // the wait ends at minute 10 (entry), then the purchase at that same instant cancels it
        feed("ann", "Charged", T.plus(Duration.ofMinutes(10)));
        engine.advanceTo(T.plus(Duration.ofDays(1)));
        assertThat(changes).containsExactly(
                change("cart", "ann", ENTERED, T.plus(Duration.ofMinutes(10))),
                change("cart", "ann", EXITED, T.plus(Duration.ofMinutes(10))));
        assertThat(engine.isMember("cart", "ann")).isFalse();
    }

    @Test
    void aLastSevenDaysMemberExitsSevenDaysAndOneMillisecondAfterTheEvent() {
        register("recent", """
                {"did": "App Launched", "when": {"last": "7d"}}""");
        feed("ann", "App Launched", T);
        engine.advanceTo(T.plus(Duration.ofDays(7)));
        assertThat(engine.isMember("recent", "ann")).isTrue();
        engine.advanceTo(T.plus(Duration.ofDays(60)));
        assertThat(changes).containsExactly(
                change("recent", "ann", ENTERED, T),
                change("recent", "ann", EXITED, T.plus(Duration.ofDays(7)).plusMillis(1)));
        assertThat(engine.stats().retained()).as("nothing kept once the window has passed").isZero();
    }

    @Test
    void aNewerEventPushesTheExitBack() {
        register("recent", """
                {"did": "App Launched", "when": {"last": "7d"}}""");
        feed("ann", "App Launched", T);
        feed("ann", "App Launched", T.plus(Duration.ofDays(3)));
        engine.advanceTo(T.plus(Duration.ofDays(60)));
        assertThat(changes).containsExactly(
                change("recent", "ann", ENTERED, T),
                change("recent", "ann", EXITED, T.plus(Duration.ofDays(10)).plusMillis(1)));
    }

    @Test
    void aCountFallingBelowItsThresholdExitsWhenTheOldestEventLeaves() {
        register("frequent", """
                {"did": "Charged", "when": {"last": "1d"}, "count": {"op": "gte", "value": 3}}""");
        feed("ann", "Charged", T);
        feed("ann", "Charged", T.plus(Duration.ofHours(1)));
        assertThat(changes).isEmpty();
        feed("ann", "Charged", T.plus(Duration.ofHours(2)));
        engine.advanceTo(T.plus(Duration.ofDays(5)));
        assertThat(changes).containsExactly(
                change("frequent", "ann", ENTERED, T.plus(Duration.ofHours(2))),
                change("frequent", "ann", EXITED, T.plus(Duration.ofDays(1)).plusMillis(1)));
    }

    @Test
    void aSumAboveItsThresholdExitsWhenTheBigPurchaseLeaves() {
        register("spenders", """
                {"did": "Charged", "when": {"last": "7d"},
                 "aggregate": {"fn": "sum", "property": "amount", "op": "gt", "value": 700}}""");
        feed("ann", "Charged", T, "amount", 600);
        feed("ann", "Charged", T.plus(Duration.ofDays(2)), "amount", 150.5);
        engine.advanceTo(T.plus(Duration.ofDays(30)));
        assertThat(changes).containsExactly(
                change("spenders", "ann", ENTERED, T.plus(Duration.ofDays(2))),
                change("spenders", "ann", EXITED, T.plus(Duration.ofDays(7)).plusMillis(1)));
    }

    @Test
    void aFromToWindowAdmitsAnEventLaterAndLetsItGo() {
        register("lapsed", """
                {"did": "App Launched", "when": {"from": "30d", "to": "7d"}}""");
        feed("ann", "App Launched", T);
        assertThat(changes).isEmpty();
        engine.advanceTo(T.plus(Duration.ofDays(90)));
        assertThat(changes).containsExactly(
                change("lapsed", "ann", ENTERED, T.plus(Duration.ofDays(7))),
                change("lapsed", "ann", EXITED, T.plus(Duration.ofDays(30)).plusMillis(1)));
    }

    @Test
    void didNotHoldsForAUserFromTheFirstMomentTheEngineKnowsThem() {
        register("silent", """
                {"didNot": "App Launched", "when": {"last": "1d"}}""");
        engine.advanceTo(T);
        engine.profile(Profile.of("ann", Map.of()));
        feed("bob", "App Launched", T.plus(Duration.ofHours(1)));
        engine.advanceTo(T.plus(Duration.ofDays(3)));
        assertThat(changes).containsExactly(
                change("silent", "ann", ENTERED, T),
                change("silent", "bob", ENTERED, T.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)).plusMillis(1)));
    }

    @Test
    void eventsBeforeCreatedAtAreInvisible() {
        engine.advanceTo(T);
        engine.register(new LiveSegment("late", filter("{\"did\": \"A\"}"), T.plusSeconds(60)));
        feed("ann", "A", T.plusSeconds(59));
        feed("bob", "A", T.plusSeconds(60));
        assertThat(changes).containsExactly(change("late", "bob", ENTERED, T.plusSeconds(60)));
    }

    @Test
    void anEventAheadOfTheClockWaitsUntilTheClockReachesIt() {
        register("did", "{\"did\": \"A\"}");
        engine.advanceTo(T);
        engine.event("ann", new Event("A", T.plusSeconds(30).toEpochMilli(), Map.of()));
        assertThat(engine.isMember("did", "ann")).isFalse();
        engine.advanceTo(T.plusSeconds(60));
        assertThat(changes).containsExactly(change("did", "ann", ENTERED, T.plusSeconds(30)));
    }

    @Test
    void aLateEventIsDatedAtItsTimeAndObservedAtTheClock() {
        register("did", "{\"did\": \"A\"}");
        engine.advanceTo(T);
        engine.event("ann", new Event("A", T.minusSeconds(30).toEpochMilli(), Map.of()));
        assertThat(changes).containsExactly(new Change("did", "ann", ENTERED, T.minusSeconds(30), T));
    }

    @Test
    void aTraitChangeEntersAndExitsAtTheUpdate() {
        register("indians", """
                {"and": [{"attribute": "country", "op": "eq", "value": "IN"}, {"reachable": "email"}]}""");
        engine.advanceTo(T);
        engine.profile(Profile.of("ann", Map.of("country", "IN", "email", "ann@example.com")));
        engine.advanceTo(T.plusSeconds(10));
        engine.mergeTraits("ann", Map.of("emailOptOut", true), List.of());
        engine.advanceTo(T.plusSeconds(20));
        engine.mergeTraits("ann", Map.of("emailOptOut", false), List.of());
        assertThat(changes).containsExactly(
                change("indians", "ann", ENTERED, T),
                change("indians", "ann", EXITED, T.plusSeconds(10)),
                change("indians", "ann", ENTERED, T.plusSeconds(20)));
    }

    @Test
    void firstTimeKeepsOnlyTheEarliestMatchingEvent() {
        register("first", """
                {"did": "Charged", "firstTime": true, "when": {"last": "1d"}}""");
        feed("ann", "Charged", T);
        feed("ann", "Charged", T.plus(Duration.ofDays(3)));
        engine.advanceTo(T.plus(Duration.ofDays(10)));
        assertThat(changes).containsExactly(
                change("first", "ann", ENTERED, T),
                change("first", "ann", EXITED, T.plus(Duration.ofDays(1)).plusMillis(1)));
    }

    @Test
    void theLatestCartDecidesWithOccurrenceLast() {
        register("abandoned", """
                {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "1h"}],
                 "when": {"last": "7d"}, "occurrence": "last"}""");
        feed("ann", "Added To Cart", T);
        engine.advanceTo(T.plus(Duration.ofHours(2)));
        feed("ann", "Added To Cart", T.plus(Duration.ofHours(3)));
        feed("ann", "Charged", T.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(30)));
        engine.advanceTo(T.plus(Duration.ofDays(20)));
        assertThat(changes).containsExactly(
                change("abandoned", "ann", ENTERED, T.plus(Duration.ofHours(1))),
                change("abandoned", "ann", EXITED, T.plus(Duration.ofHours(3))));
    }

    @Test
    void eventsNoSegmentNamesAreNotKept() {
        register("recent", """
                {"did": "Charged", "when": {"last": "7d"}, "count": {"op": "gte", "value": 2}}""");
        for (int i = 0; i < 100; i++) {
            feed("ann", "Product Viewed", T.plusSeconds(i));
        }
        assertThat(engine.stats().retained()).isZero();
        feed("ann", "Charged", T.plusSeconds(200));
        assertThat(engine.stats().retained()).isEqualTo(1);
    }

    @Test
    void aSegmentRegisteredLaterEvaluatesTheKnownUsersAtOnceWithTheTraitsTheEngineKeeps() {
        register("silent", "{\"didNot\": \"A\"}");
        engine.advanceTo(T);
        engine.profile(Profile.of("ann", Map.of("country", "IN")));
        engine.profile(Profile.of("bob", Map.of("country", "US")));
        engine.advanceTo(T.plusSeconds(5));
        engine.register(new LiveSegment("indians", filter("{\"attribute\": \"country\", \"op\": \"eq\", "
                + "\"value\": \"IN\"}"), T.plusSeconds(5)));
        // no segment read country before, so the engine did not keep it: the profiles must be fed again
        assertThat(engine.members("indians")).isEmpty();
        engine.advanceTo(T.plusSeconds(6));
        engine.profile(Profile.of("ann", Map.of("country", "IN")));
        engine.profile(Profile.of("bob", Map.of("country", "US")));
        assertThat(changes).containsExactly(
                change("silent", "ann", ENTERED, T),
                change("silent", "bob", ENTERED, T),
                change("indians", "ann", ENTERED, T.plusSeconds(6)));
        assertThat(engine.unregister("indians")).isTrue();
        assertThatThrownBy(() -> engine.isMember("indians", "ann")).isInstanceOf(SegmentsException.class)
                .extracting(e -> ((SegmentsException) e).code()).isEqualTo(SegmentsException.Code.NOT_FOUND);
    }

    @Test
    void aSegmentRegisteredAfterAnotherIsRemovedStartsFromNothing() {
        register("recent", """
                {"did": "A", "when": {"last": "1h"}}""");
        feed("ann", "A", T);
        assertThat(engine.unregister("recent")).isTrue();
        // the new segment may take the removed one's place; it must not inherit its state, member or timer
        register("other", """
                {"did": "B", "when": {"last": "1h"}}""");
        engine.advanceTo(T.plus(Duration.ofHours(3)));
        assertThat(changes).containsExactly(change("recent", "ann", ENTERED, T));
        assertThat(engine.members("other")).isEmpty();
        assertThat(engine.segments()).extracting(LiveSegment::id).containsExactly("other");
        assertThat(engine.stats().retained()).isZero();
    }

    @Test
    void inSegmentOfALiveSegmentSeesEventsFromItsOwnCreatedAt() {
        io.segments.model.Segment inner = SegmentJson.readSegment("""
                {"id": "sgm_b", "name": "B", "type": "live", "filter": {"did": "B"},
                 "createdAt": "2026-11-10T10:00:00Z"}""");
        LiveEngine e = LiveEngine.create(CREATED, id -> Optional.of(inner).filter(s -> id.equals("sgm_b")),
                changes::add);
        e.register(new LiveSegment("outer", filter("{\"inSegment\": \"sgm_b\"}"), CREATED));
        e.advanceTo(T);
        e.event("ann", new Event("B", T.toEpochMilli(), Map.of()));
        e.advanceTo(Instant.parse("2026-11-10T10:00:00Z"));
        e.event("bob", new Event("B", Instant.parse("2026-11-10T10:00:00Z").toEpochMilli(), Map.of()));
        assertThat(changes).containsExactly(change("outer", "bob", ENTERED, Instant.parse("2026-11-10T10:00:00Z")));
    }

    @Test
    void inSegmentOfADynamicSegmentThatReadsEventsIsRefusedWithItsPath() {
        io.segments.model.Segment frequent = SegmentJson.readSegment("""
                {"id": "sgm_frequent", "name": "Frequent", "type": "dynamic",
                 "filter": {"did": "Charged", "count": {"op": "gte", "value": 3}}}""");
        LiveEngine e = LiveEngine.create(CREATED, id -> Optional.of(frequent).filter(s -> id.equals("sgm_frequent")),
                changes::add);
        assertThatThrownBy(() -> e.register(new LiveSegment("x", filter("""
                {"and": [{"attribute": "country", "op": "eq", "value": "IN"}, {"inSegment": "sgm_frequent"}]}"""),
                CREATED)))
                .isInstanceOfSatisfying(SegmentsException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
                    assertThat(ex.path()).contains("$.filter.and[1].inSegment");
                    assertThat(ex.getMessage()).contains("sgm_frequent");
                });
        assertThatThrownBy(() -> e.register(new LiveSegment("y", filter("{\"inSegment\": \"nope\"}"), CREATED)))
                .isInstanceOfSatisfying(SegmentsException.class,
                        ex -> assertThat(ex.path()).contains("$.filter.inSegment"));
        assertThat(e.segments()).isEmpty();
    }

    @Test
    void misuseFailsLoudly() {
        register("did", "{\"did\": \"A\"}");
        assertThatThrownBy(() -> register("did", "{\"did\": \"B\"}")).isInstanceOfSatisfying(SegmentsException.class,
                e -> assertThat(e.code()).isEqualTo(SegmentsException.Code.CONFLICT));
        engine.advanceTo(T);
        assertThatThrownBy(() -> engine.advanceTo(T.minusMillis(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
        LiveEngine[] self = new LiveEngine[1];
        self[0] = LiveEngine.create(T, SegmentLookup.none(), c -> self[0].advanceTo(T.plusSeconds(1)));
        self[0].register(new LiveSegment("did", filter("{\"did\": \"A\"}"), T));
        assertThatThrownBy(() -> self[0].event("ann", new Event("A", T.toEpochMilli(), Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("change listener");
    }

    @Test
    void aRestoredEngineHasTheSameMembersAndFurtherChangesAsAnUninterruptedOne() throws IOException {
        List<Change> uninterrupted = new ArrayList<>();
        List<Change> restarted = new ArrayList<>();
        LiveEngine a = LiveEngine.create(CREATED, SegmentLookup.none(), uninterrupted::add);
        LiveEngine b = LiveEngine.create(CREATED, SegmentLookup.none(), restarted::add);
        for (LiveEngine e : List.of(a, b)) {
            e.register(new LiveSegment("cart", filter(CART_NO_PURCHASE), CREATED));
            e.register(new LiveSegment("frequent", filter("""
                    {"did": "Charged", "when": {"last": "1d"}, "count": {"op": "gte", "value": 2},
                     "aggregate": {"fn": "avg", "property": "amount", "op": "gt", "value": 10}}"""), CREATED));
            e.register(new LiveSegment("indians", filter("""
                    {"and": [{"attribute": "country", "op": "eq", "value": "IN"}, {"reachable": "push"}]}"""),
                    CREATED));
            e.advanceTo(T);
            e.profile(new Profile("ann", Map.of("country", "IN"), Set.of("tok")));
            e.event("ann", new Event("Added To Cart", T.toEpochMilli(), Map.of()));
            e.event("bob", new Event("Charged", T.toEpochMilli(), Map.of("amount", 12.5)));
            e.event("bob", new Event("Charged", T.plusSeconds(300).toEpochMilli(), Map.of("amount", 20)));
            e.advanceTo(T.plusSeconds(301));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.snapshot(out);
        b = LiveEngine.restore(new ByteArrayInputStream(out.toByteArray()), SegmentLookup.none(), restarted::add);
        assertThat(b.now()).isEqualTo(a.now());
        for (LiveEngine e : List.of(a, b)) {
            assertThat(e.members("frequent")).containsExactly("bob");
            e.advanceTo(T.plus(Duration.ofDays(2)));
            e.mergeTraits("ann", Map.of("pushOptOut", true), List.of());
        }
        assertThat(restarted).isEqualTo(uninterrupted);
        assertThat(uninterrupted).containsExactly(
                change("indians", "ann", ENTERED, T),
                change("frequent", "bob", ENTERED, T.plusSeconds(300)),
                change("cart", "ann", ENTERED, T.plus(Duration.ofMinutes(10))),
                change("frequent", "bob", EXITED, T.plus(Duration.ofDays(1)).plusMillis(1)),
                change("indians", "ann", EXITED, T.plus(Duration.ofDays(2))));
    }
}

package io.segments.testing;

import io.segments.model.Span;
import io.segments.model.TimePoint;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Random users and event timelines (jqwik arbitraries) around a random {@code now}, drawn from
 * the vocabularies of {@link Definitions} so that random definitions match them often. Event
 * times favour the edges that evaluators get wrong: exactly {@code now - span} for the
 * definitions' durations and one millisecond either side, the first and last millisecond of
 * the definitions' dates, the definitions' instants, the same instant as the previous event or
 * exactly {@code within} after it, and times after {@code now}. User ids are {@code u1},
 * {@code u2}, ... (some of them members of the static segment of {@link Definitions#SEGMENTS}).
 */
public final class Histories {
    /** Earliest and latest random {@code now}. */
    public static final Instant FIRST_NOW = Instant.parse("2026-11-20T00:00:00Z");
    public static final Instant LAST_NOW = Instant.parse("2026-12-05T00:00:00Z");

    private static final List<Long> SPAN_MILLIS = Definitions.SPANS.stream()
            .map(s -> Span.parse(s).orElseThrow().toMillis()).toList();
    private static final long DAY = 86_400_000L;

    private Histories() {
    }

    /** A data set with the time to evaluate it at. */
    public static Arbitrary<History> histories() {
        return nows().flatMap(now -> datasets(now).map(d -> new History(d, now))).withoutEdgeCases();
    }

    /** Times for {@code now}: random ones, and some on the definitions' day and instant boundaries. */
    public static Arbitrary<Instant> nows() {
        Arbitrary<Instant> random = Arbitraries.longs().between(FIRST_NOW.toEpochMilli(), LAST_NOW.toEpochMilli())
                .map(Instant::ofEpochMilli);
        Arbitrary<Instant> edges = Arbitraries.of(
                Timeline.NOW,
                Instant.parse("2026-11-28T00:00:00Z"),
                Instant.parse("2026-11-28T23:59:59.999Z"),
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-11-25T00:00:00Z"));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(1, edges)).withoutEdgeCases();
    }

    /** Up to eight users (rarely none) with up to twelve events each, around {@code now}. */
    public static Arbitrary<Dataset> datasets(Instant now) {
        Arbitrary<List<UserDraft>> lists = Arbitraries.<List<UserDraft>>frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<UserDraft>of())),
                Tuple.of(20, users(now).list().ofMinSize(1).ofMaxSize(8)))
                // the edges that matter are in the times; jqwik's own edge cases would mostly be empty lists
                .withoutEdgeCases();
        return lists.map(users -> {
            List<Profile> profiles = new ArrayList<>();
            Map<String, List<Event>> events = new LinkedHashMap<>();
            for (int i = 0; i < users.size(); i++) {
                String id = "u" + (i + 1);
                UserDraft u = users.get(i);
                profiles.add(new Profile(id, u.traits, u.pushTokens));
                events.put(id, u.events);
            }
            return new Dataset(profiles, events);
        });
    }

    private record UserDraft(Map<String, Object> traits, Set<String> pushTokens, List<Event> events) {
    }

    private static Arbitrary<UserDraft> users(Instant now) {
        Arbitrary<Set<String>> tokens = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Set.<String>of())),
                Tuple.of(1, Arbitraries.just(Set.of("tok-1"))));
        return Combinators.combine(traits(), tokens, timelines(now)).as(UserDraft::new);
    }

    // ---- traits

    /** A random subset of the trait vocabulary, with values of the right type and of wrong ones. */
    public static Arbitrary<Map<String, Object>> traits() {
        return Combinators.combine(List.of(
                        trait("country", Arbitraries.of("IN", "US", "in", "DE")),
                        trait("age", Arbitraries.of(17, 18, 30L, 65.0, new BigDecimal("18.0"), "30")),
                        trait("os", Arbitraries.of("Android", "iOS", "android")),
                        trait("email", Arbitraries.of("ann@example.com", "bob@mail.example.co.uk", "ann@example",
                                "not an email", "")),
                        trait("phone", Arbitraries.of("+919876543210", "+1234567", "+0123456789", "919876543210",
                                "+91 98765 43210")),
                        trait("emailOptOut", Arbitraries.of(true, false, "true")),
                        trait("smsOptOut", Arbitraries.of(true, false)),
                        trait("pushOptOut", Arbitraries.of(true, false)),
                        trait("pushToken", Arbitraries.of("tok-2", "")),
                        trait("address", Arbitraries.of(Map.of("city", "Pune"), Map.of("city", "Berlin"), "Pune"))))
                .as(entries -> {
                    Map<String, Object> traits = new LinkedHashMap<>();
                    for (Optional<Map.Entry<String, Object>> e : entries) {
                        e.ifPresent(entry -> traits.put(entry.getKey(), entry.getValue()));
                    }
                    return traits;
                });
    }

    /** The trait with a value (sometimes null), or absent. */
    private static Arbitrary<Optional<Map.Entry<String, Object>>> trait(String name, Arbitrary<?> values) {
        Arbitrary<Object> withNull = values.map(v -> (Object) v).injectNull(0.1);
        return withNull.map(v -> entry(name, v)).optional(0.5);
    }

    /** A map entry that may hold null. */
    private static Map.Entry<String, Object> entry(String name, Object value) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    // ---- events

    private record EventDraft(String name, long anchor, long offset, boolean chained, long gap,
                              Map<String, Object> properties) {
    }

    /** Up to twelve events, in generation order (not sorted by time). */
    public static Arbitrary<List<Event>> timelines(Instant now) {
        return eventDrafts(now).list().ofMaxSize(12).map(drafts -> {
            List<Event> events = new ArrayList<>();
            long previous = now.toEpochMilli();
            for (EventDraft d : drafts) {
                long t = d.chained && !events.isEmpty() ? previous + d.gap : d.anchor + d.offset;
                events.add(new Event(d.name, t, d.properties));
                previous = t;
            }
            return events;
        });
    }

    private static Arbitrary<EventDraft> eventDrafts(Instant now) {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of(Definitions.EVENTS)),
                Tuple.of(1, Arbitraries.just("a")));
        Arbitrary<Long> offsets = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.just(-1L)),
                Tuple.of(1, Arbitraries.just(1L)));
        Arbitrary<Long> gaps = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(SPAN_MILLIS)),
                Tuple.of(1, Arbitraries.of(SPAN_MILLIS).map(g -> g + 1)),
                Tuple.of(1, Arbitraries.of(SPAN_MILLIS).map(g -> g - 1)),
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.longs().between(1, 2 * DAY)));
        return Combinators.combine(names, anchors(now), offsets, Arbitraries.of(false, false, true), gaps,
                properties()).as(EventDraft::new);
    }

    /** Event times before the offset: on the edges of the definitions' windows, or anywhere near now. */
    private static Arbitrary<Long> anchors(Instant now) {
        long n = now.toEpochMilli();
        List<Long> edges = new ArrayList<>();
        edges.add(n);
        for (long span : SPAN_MILLIS) {
            edges.add(n - span);
        }
        for (String point : Definitions.TIME_POINTS) {
            TimePoint p = TimePoint.parse(point).orElseThrow();
            edges.add(p.asStartMillis());
            edges.add(p.asEndMillis());
        }
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(edges)),
                Tuple.of(3, Arbitraries.longs().between(n - 45 * DAY, n)),
                Tuple.of(1, Arbitraries.longs().between(n - 2 * DAY, n)),
                Tuple.of(1, Arbitraries.longs().between(n + 1, n + DAY)));
    }

    /** A random subset of the property vocabulary, with values of several types, nested and null. */
    public static Arbitrary<Map<String, Object>> properties() {
        return Combinators.combine(List.of(
                        trait("amount", Arbitraries.of(0, 5, 100, 500, 500L, 500.0, new BigDecimal("500.00"), 500.5,
                                700, 1000, -1, "500")),
                        trait("category", Arbitraries.of("TV", "tv", "Phones", "Books", "", 7)),
                        trait("color", Arbitraries.of("red", "blue", "Green", List.of("red", "blue"), List.of())),
                        trait("product", Arbitraries.of(Map.of("category", "TV"), Map.of("category", "Phones"),
                                Map.of("name", "x"), "TV"))))
                .as(entries -> {
                    Map<String, Object> properties = new LinkedHashMap<>();
                    for (Optional<Map.Entry<String, Object>> e : entries) {
                        e.ifPresent(entry -> properties.put(entry.getKey(), entry.getValue()));
                    }
                    return properties;
                });
    }
}

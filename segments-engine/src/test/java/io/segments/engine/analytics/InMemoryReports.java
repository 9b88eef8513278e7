package io.segments.engine.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.FieldTest;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.Values;
import io.segments.testing.Dataset;
import org.roaringbitmap.RoaringBitmap;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Funnel and event reports computed the plain way, user by user and event by event, straight
 * from their definitions in {@link SegmentAnalytics}: the expected answers of the report tests.
 * Users are the data set's profiles, the i-th with uid i (as the store fixture loads them).
 */
final class InMemoryReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InMemoryReports() {
    }

    static boolean matches(EventMatch match, Event event) {
        if (!event.name().equals(match.event())) {
            return false;
        }
        for (FieldTest test : match.where()) {
            if (!Values.test(test, event.properties())) {
                return false;
            }
        }
        return true;
    }

    /** A value's name in reports: its JSON text, integral numbers without a fraction; empty when missing or null. */
    static Optional<String> key(Optional<Object> value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Object v = value.get();
        if (v instanceof Number) {
            BigDecimal n = Values.number(v).orElseThrow();
            if (n.signum() == 0 || n.stripTrailingZeros().scale() <= 0) {
                return Optional.of(n.toBigInteger().toString());
            }
            return Optional.of(n.toPlainString());
        }
        try {
            return Optional.of(JSON.writeValueAsString(v));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean included(int uid, Optional<RoaringBitmap> members) {
        return members.map(m -> m.contains(uid)).orElse(true);
    }

    private static List<Event> sorted(Dataset data, Profile profile) {
        List<Event> events = new ArrayList<>(data.events().getOrDefault(profile.userId(), List.of()));
        events.sort(Comparator.comparingLong(Event::timestamp));
        return events;
    }

    // ---- funnel

    /** Per user who entered: the times they reached each step (null: not reached) and their breakdown value. */
    private record Journey(long[] times, Optional<String> value) {
    }

    static FunnelReport funnel(Dataset data, FunnelQuery query) {
        long window = query.window().toMillis();
        long from = query.from().toEpochMilli();
        // nothing after asOf happened yet
        long until = query.asOf().map(java.time.Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        long to = Math.min(query.to().toEpochMilli(), until);
        List<Journey> journeys = new ArrayList<>();
        for (int uid = 0; uid < data.profiles().size(); uid++) {
            Profile profile = data.profiles().get(uid);
            if (!included(uid, query.members())) {
                continue;
            }
            List<Event> events = sorted(data, profile);
            // entering: the first step-1 event in [from, to]; at a tie, the smallest value
            Event entry = null;
            Optional<String> entryValue = Optional.empty();
            for (Event e : events) {
                if (!matches(query.steps().get(0), e) || e.timestamp() < from || e.timestamp() > to) {
                    continue;
                }
                Optional<String> value = query.breakdown().flatMap(b -> key(b instanceof Breakdown.Trait
                        ? Values.lookup(profile.traits(), b.name()) : Values.lookup(e.properties(), b.name())));
                if (entry == null) {
                    entry = e;
                    entryValue = value;
                } else if (e.timestamp() == entry.timestamp() && smaller(value, entryValue)) {
                    entryValue = value;
                }
            }
            if (entry == null) {
                continue;
            }
            long[] times = new long[query.steps().size()];
            java.util.Arrays.fill(times, Long.MIN_VALUE);
            times[0] = entry.timestamp();
            for (int j = 1; j < times.length; j++) {
                for (Event e : events) {
                    if (matches(query.steps().get(j), e) && e.timestamp() > times[j - 1]
                            && e.timestamp() <= times[0] + window && e.timestamp() <= until) {
                        times[j] = e.timestamp();
                        break;
                    }
                }
                if (times[j] == Long.MIN_VALUE) {
                    break;
                }
            }
            journeys.add(new Journey(times, entryValue));
        }
        List<FunnelReport.Group> groups = new ArrayList<>();
        if (query.breakdown().isPresent()) {
            Map<Optional<String>, List<Journey>> byValue = new LinkedHashMap<>();
            journeys.forEach(j -> byValue.computeIfAbsent(j.value(), v -> new ArrayList<>()).add(j));
            byValue.forEach((value, js) -> groups.add(new FunnelReport.Group(value, steps(query, js))));
            groups.sort(Comparator.comparingLong((FunnelReport.Group g) -> -g.steps().get(0).users())
                    .thenComparing(FunnelReport.Group::value, InMemoryReports::compareValues));
        }
        return new FunnelReport(steps(query, journeys), groups);
    }

    private static boolean smaller(Optional<String> a, Optional<String> b) {
        return compareValues(a, b) < 0;
    }

    static int compareValues(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        return Values.compareStrings(a.get(), b.get());
    }

    private static List<FunnelReport.Step> steps(FunnelQuery query, List<Journey> journeys) {
        List<FunnelReport.Step> steps = new ArrayList<>();
        long first = journeys.size();
        long previous = first;
        for (int j = 0; j < query.steps().size(); j++) {
            int step = j;
            List<Long> gaps = new ArrayList<>();
            long users = 0;
            for (Journey journey : journeys) {
                if (journey.times()[step] != Long.MIN_VALUE) {
                    users++;
                    if (step > 0) {
                        gaps.add(journey.times()[step] - journey.times()[step - 1]);
                    }
                }
            }
            gaps.sort(Long::compare);
            Optional<Duration> median = gaps.isEmpty() ? Optional.empty()
                    : Optional.of(Duration.ofMillis(gaps.get((gaps.size() + 1) / 2 - 1)));
            double fromPrevious = j == 0 ? (users > 0 ? 1.0 : 0.0) : previous == 0 ? 0.0 : (double) users / previous;
            double fromFirst = j == 0 ? (users > 0 ? 1.0 : 0.0) : first == 0 ? 0.0 : (double) users / first;
            steps.add(new FunnelReport.Step(query.steps().get(j), users, fromPrevious, fromFirst, median));
            previous = users;
        }
        return steps;
    }

    // ---- event report

    static EventReport events(Dataset data, EventQuery query) {
        Granularity granularity = query.granularity();
        long until = query.asOf().map(java.time.Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        LocalDate lastDay = query.asOf().map(a -> LocalDate.ofInstant(a, java.time.ZoneOffset.UTC))
                .filter(d -> d.isBefore(query.to())).orElse(query.to());
        List<EventReport.Bucket> buckets = new ArrayList<>();
        for (LocalDate s = granularity.start(query.from()); !s.isAfter(lastDay); s = granularity.next(s)) {
            LocalDate last = granularity.next(s).minusDays(1);
            buckets.add(new EventReport.Bucket(s.isBefore(query.from()) ? query.from() : s,
                    last.isAfter(lastDay) ? lastDay : last));
        }
        List<LocalDate> starts = buckets.stream().map(EventReport.Bucket::first).toList();
        long alignedStart = granularity.startInstant(granularity.start(query.from())).toEpochMilli();
        // only the days asked for: the first and last intervals are cut to them
        long start = Granularity.DAY.startInstant(query.from()).toEpochMilli();
        long end = Math.min(Granularity.DAY.endInstant(lastDay).toEpochMilli(), until);
        List<EventReport.Series> series = new ArrayList<>();
        for (EventMatch match : query.events()) {
            // every counted event: (uid, interval, value)
            List<Object[]> counted = new ArrayList<>();
            for (int uid = 0; uid < data.profiles().size(); uid++) {
                if (!included(uid, query.members())) {
                    continue;
                }
                for (Event e : data.events().getOrDefault(data.profiles().get(uid).userId(), List.of())) {
                    if (matches(match, e) && e.timestamp() >= start && e.timestamp() <= end) {
                        int interval = (int) ((e.timestamp() - alignedStart) / granularity.millis());
                        Optional<String> value = query.breakdown()
                                .flatMap(name -> key(Values.lookup(e.properties(), name)));
                        counted.add(new Object[] {uid, interval, value});
                    }
                }
            }
            List<EventReport.Group> groups = new ArrayList<>();
            if (query.breakdown().isPresent()) {
                Map<Optional<String>, Long> totals = new HashMap<>();
                counted.forEach(c -> totals.merge(value(c), 1L, Long::sum));
                List<Optional<String>> ranked = new ArrayList<>(totals.keySet());
                ranked.sort(Comparator.comparingLong((Optional<String> v) -> -totals.get(v))
                        .thenComparing(InMemoryReports::compareValues));
                List<Optional<String>> top = ranked.subList(0, Math.min(query.top(), ranked.size()));
                for (Optional<String> value : top) {
                    List<Object[]> of = counted.stream().filter(c -> value(c).equals(value)).toList();
                    groups.add(new EventReport.Group(value, false, counts(of), intervals(of, starts.size())));
                }
                List<Object[]> rest = counted.stream().filter(c -> !top.contains(value(c))).toList();
                if (!rest.isEmpty()) {
                    groups.add(new EventReport.Group(Optional.empty(), true, counts(rest),
                            intervals(rest, starts.size())));
                }
            }
            series.add(new EventReport.Series(match, counts(counted), intervals(counted, starts.size()), groups));
        }
        return new EventReport(granularity, buckets, series);
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> value(Object[] counted) {
        return (Optional<String>) counted[2];
    }

    private static EventReport.Counts counts(List<Object[]> counted) {
        Set<Object> users = new HashSet<>();
        counted.forEach(c -> users.add(c[0]));
        return new EventReport.Counts(counted.size(), users.size());
    }

    private static List<EventReport.Counts> intervals(List<Object[]> counted, int intervals) {
        List<EventReport.Counts> result = new ArrayList<>();
        for (int i = 0; i < intervals; i++) {
            int interval = i;
            result.add(counts(counted.stream().filter(c -> (int) c[1] == interval).toList()));
        }
        return result;
    }
}

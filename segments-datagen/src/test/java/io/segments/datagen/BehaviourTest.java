package io.segments.datagen;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data set looks like a shop: the example segments of the segment language all have members, in
 * believable proportions, and sessions, seasonality and reachability behave as real ones do.
 */
class BehaviourTest {
    private static final long DAY = 86_400_000L;
    private static final long MINUTE = 60_000L;
    private static final int USERS = 4000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private static Generated data;
    private static long now;
    /** Per person (anonymous ids resolved to the user they merge into): their events in time order. */
    private static Map<String, List<Map<String, Object>>> events;
    /** Per identified user: traits merged, last write wins. */
    private static Map<String, Map<String, Object>> traits;
    private static Map<String, String> pushTokens;

    @BeforeAll
    static void generate() {
        data = Generated.of(Generator.builder().users(USERS).days(120).seed(2024).build());
        now = data.generator.end().toEpochMilli();
        Map<String, String> mergedInto = new HashMap<>();
        for (Map<String, Object> m : data.lines) {
            if (m.get("anonymousId") != null && m.get("userId") != null) {
                mergedInto.put((String) m.get("anonymousId"), (String) m.get("userId"));
            }
        }
        events = new HashMap<>();
        traits = new HashMap<>();
        pushTokens = new HashMap<>();
        for (Map<String, Object> m : data.lines) {
            String id = m.get("userId") != null ? (String) m.get("userId") : (String) m.get("anonymousId");
            String person = mergedInto.getOrDefault(id, id);
            if ("identify".equals(m.get("type"))) {
                traits.computeIfAbsent(person, k -> new HashMap<>()).putAll(Generated.object(m, "traits"));
            } else {
                events.computeIfAbsent(person, k -> new ArrayList<>()).add(m);
                if (m.containsKey("context")) {
                    pushTokens.put(person, "yes");
                }
            }
        }
    }

    private static List<Map<String, Object>> of(String person, String event) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : events.getOrDefault(person, List.of())) {
            if (event.equals(m.get("event"))) {
                out.add(m);
            }
        }
        return out;
    }

    private static double share(Predicate<String> person) {
        long n = events.keySet().stream().filter(person).count();
        return n / (double) USERS;
    }

    private static double amount(Map<String, Object> charged) {
        return (Double) Generated.object(charged, "properties").get("amount");
    }

    @Test
    void totalEventsMeetTheTarget() {
        double perUser = data.summary.tracks() / (double) USERS;
        assertThat(perUser).isBetween(Generator.DEFAULT_EVENTS_PER_USER * 0.94, Generator.DEFAULT_EVENTS_PER_USER * 1.06);
    }

    @Test
    void theTargetScalesTheVolume() {
        Generator g = Generator.builder().users(800).days(90).seed(7).eventsPerUser(100).build();
        GenerationSummary s = g.forEachMessage(m -> { });
        assertThat(s.tracks() / 800.0).isBetween(94.0, 106.0);
        GenerationSummary total = Generator.builder().users(800).days(90).seed(7).totalEvents(20_000).build()
                .forEachMessage(m -> { });
        assertThat(total.tracks()).isBetween(18_800L, 21_200L);
    }

    @Test
    void someFrequentBuyersChargedAtLeastThreeTimesInTheLast30Days() {
        double share = share(p -> of(p, "Charged").stream().filter(m -> Generated.millis(m) >= now - 30 * DAY).count() >= 3);
        assertThat(share).isBetween(0.01, 0.20);
    }

    @Test
    void someHighSpendersChargedMoreThan700InTotal() {
        double share = share(p -> of(p, "Charged").stream().mapToDouble(BehaviourTest::amount).sum() > 700);
        assertThat(share).isBetween(0.03, 0.40);
    }

    @Test
    void someBoughtATvInTheLast10Days() {
        double share = share(p -> of(p, "Charged").stream().anyMatch(m -> Generated.millis(m) >= now - 10 * DAY
                && "TV".equals(Generated.object(m, "properties").get("category"))));
        assertThat(share).isBetween(0.002, 0.10);
    }

    /** Latest cart of the last 7 days with no charge within {@code wait} after it (and the wait over). */
    private static boolean abandoned(String person, long wait) {
        long latest = of(person, "Added To Cart").stream().mapToLong(Generated::millis)
                .filter(t -> t >= now - 7 * DAY).max().orElse(-1);
        if (latest < 0 || latest + wait > now) {
            return false;
        }
        return of(person, "Charged").stream().mapToLong(Generated::millis).noneMatch(t -> t > latest && t <= latest + wait);
    }

    @Test
    void someAbandonedTheirCartAndMoreWithinTenMinutesThanWithinAnHour() {
        double hour = share(p -> abandoned(p, 60 * MINUTE));
        double tenMinutes = share(p -> abandoned(p, 10 * MINUTE));
        assertThat(hour).isBetween(0.01, 0.30);
        assertThat(tenMinutes).isGreaterThan(hour);
    }

    @Test
    void someLapsedActiveBetween90And30DaysAgoButNotSince() {
        double share = share(p -> {
            List<Long> launches = of(p, "App Launched").stream().map(Generated::millis).toList();
            return launches.stream().filter(t -> t >= now - 90 * DAY && t <= now - 30 * DAY).count() >= 5
                    && launches.stream().noneMatch(t -> t >= now - 30 * DAY);
        });
        assertThat(share).isBetween(0.02, 0.30);
    }

    @Test
    void someSignedUpDuringThePeriod() {
        LocalDate first = LocalDate.ofInstant(data.generator.start(), ZoneOffset.UTC);
        long newUsers = traits.values().stream()
                .filter(t -> !LocalDate.parse((String) t.get("signupDate")).isBefore(first)).count();
        assertThat(newUsers / (double) USERS).isBetween(0.05, 0.30);
    }

    @Test
    void aFewVisitorsStayAnonymousAndSomeAreIdentifiedLater() {
        assertThat(data.summary.anonymousVisitors() / (double) USERS).isBetween(0.02, 0.12);
        assertThat(data.summary.identifiedLater()).isPositive().isLessThan(data.summary.anonymousVisitors());
    }

    @Test
    void cartsFollowAViewOfTheSameProductAndChargesFollowACart() {
        long carts = 0;
        long charges = 0;
        for (List<Map<String, Object>> list : events.values()) {
            for (int i = 0; i < list.size(); i++) {
                Map<String, Object> m = list.get(i);
                long t = Generated.millis(m);
                if (Generated.isTrack(m, "Added To Cart")) {
                    carts++;
                    Object product = Generated.object(m, "properties").get("productId");
                    assertThat(list.subList(0, i).stream().anyMatch(v -> Generated.isTrack(v, "Product Viewed")
                            && product.equals(Generated.object(v, "properties").get("productId"))
                            && Generated.millis(v) >= t - MINUTE))
                            .as("a view just before %s", m).isTrue();
                }
                if (Generated.isTrack(m, "Charged")) {
                    charges++;
                    assertThat(list.subList(0, i).stream().anyMatch(v -> Generated.isTrack(v, "Added To Cart")
                            && Generated.millis(v) >= t - 6 * 60 * MINUTE))
                            .as("a cart in the hours before %s", m).isTrue();
                }
            }
        }
        assertThat(carts).isGreaterThan(charges).isGreaterThan(0);
    }

    @Test
    void activityFollowsTheLocalClockAndTheWeek() {
        long evening = 0;
        long night = 0;
        long[] byWeekday = new long[7];
        for (Map.Entry<String, List<Map<String, Object>>> e : events.entrySet()) {
            Map<String, Object> t = traits.get(e.getKey());
            for (Map<String, Object> m : e.getValue()) {
                Instant at = Generated.instant(m);
                byWeekday[at.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1]++;
                if (t != null && "IN".equals(t.get("country"))) {
                    int hour = at.atOffset(ZoneOffset.ofHoursMinutes(5, 30)).getHour();
                    if (hour >= 19 && hour <= 21) {
                        evening++;
                    } else if (hour >= 2 && hour <= 4) {
                        night++;
                    }
                }
            }
        }
        assertThat(evening).isGreaterThan(night * 5);
        int saturday = DayOfWeek.SATURDAY.getValue() - 1;
        int monday = DayOfWeek.MONDAY.getValue() - 1;
        assertThat(byWeekday[saturday]).isGreaterThan(byWeekday[monday]);
    }

    @Test
    void reachabilityIsMixed() {
        long valid = 0;
        long invalid = 0;
        long emailOptedOut = 0;
        long e164 = 0;
        long badPhone = 0;
        long smsOptedOut = 0;
        long pushOptedOut = 0;
        for (Map<String, Object> t : traits.values()) {
            if (t.get("email") instanceof String email) {
                if (EMAIL.matcher(email).matches()) {
                    valid++;
                } else {
                    invalid++;
                }
            }
            if (Boolean.TRUE.equals(t.get("emailOptOut"))) {
                emailOptedOut++;
            }
            if (t.get("phone") instanceof String phone) {
                if (E164.matcher(phone).matches()) {
                    e164++;
                } else {
                    badPhone++;
                }
            }
            if (Boolean.TRUE.equals(t.get("smsOptOut"))) {
                smsOptedOut++;
            }
            if (Boolean.TRUE.equals(t.get("pushOptOut"))) {
                pushOptedOut++;
            }
        }
        double n = traits.size();
        assertThat(valid / n).isBetween(0.70, 0.98);
        assertThat(invalid / n).isBetween(0.01, 0.15);
        assertThat(emailOptedOut / n).isBetween(0.02, 0.25);
        assertThat(e164 / n).isBetween(0.60, 0.95);
        assertThat(badPhone / n).isBetween(0.01, 0.15);
        assertThat(smsOptedOut / n).isBetween(0.02, 0.25);
        assertThat(pushOptedOut / n).isBetween(0.02, 0.25);
        assertThat(pushTokens.size() / (double) USERS).isBetween(0.2, 0.8);
    }

    @Test
    void someUsersOptOutOfEmailInALaterIdentify() {
        long laterOptOuts = data.lines.stream().filter(m -> "identify".equals(m.get("type")))
                .map(m -> Generated.object(m, "traits"))
                .filter(t -> t.size() == 1 && Boolean.TRUE.equals(t.get("emailOptOut")))
                .count();
        assertThat(laterOptOuts).isPositive();
    }

    @Test
    void profilesLookLikePeople() {
        Map<String, Long> countries = new HashMap<>();
        Map<String, String> countryOfCity = new HashMap<>();
        for (Map<String, Object> t : traits.values()) {
            assertThat(t).containsKeys("name", "country", "city", "age", "os", "browser", "deviceType", "signupDate");
            String country = (String) t.get("country");
            countries.merge(country, 1L, Long::sum);
            String previous = countryOfCity.putIfAbsent((String) t.get("city"), country);
            assertThat(previous == null || previous.equals(country)).as("city %s in two countries", t.get("city")).isTrue();
            assertThat((Integer) t.get("age")).isBetween(13, 100);
            assertThat(List.of("Android", "iOS", "Windows", "macOS", "Linux")).contains((String) t.get("os"));
            assertThat(List.of("mobile", "desktop", "tablet")).contains((String) t.get("deviceType"));
            if (t.get("deviceType").equals("desktop")) {
                assertThat(List.of("Windows", "macOS", "Linux")).contains((String) t.get("os"));
            } else {
                assertThat(List.of("Android", "iOS")).contains((String) t.get("os"));
            }
        }
        List<String> byShare = countries.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        assertThat(byShare.subList(0, 2)).containsExactlyInAnyOrder("IN", "US");
        assertThat(byShare).contains("GB", "DE", "BR").hasSizeGreaterThanOrEqualTo(10);
    }
}

package io.segments.datagen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.segments.datagen.Generated.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** What every generated data set must satisfy, whatever its settings; used by example and property tests. */
final class Invariants {
    private static final Set<String> IDENTIFY_KEYS = Set.of("type", "userId", "anonymousId", "traits", "timestamp", "messageId");
    private static final Set<String> TRACK_KEYS =
            Set.of("type", "userId", "anonymousId", "event", "properties", "context", "timestamp", "messageId");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PRODUCT_ID = Pattern.compile("P\\d{5}");

    private Invariants() {
    }

    static void check(Generated g) {
        long start = g.generator.start().toEpochMilli();
        long end = g.generator.end().toEpochMilli();
        Set<String> messageIds = new HashSet<>();
        Map<String, Long> events = new LinkedHashMap<>();
        long identifies = 0;
        for (int n = 0; n < g.lines.size(); n++) {
            Map<String, Object> m = g.lines.get(n);
            String where = "line " + (n + 1) + ": " + g.raw.get(n);
            Object type = m.get("type");
            assertThat(m.get("messageId")).as(where).isInstanceOf(String.class);
            assertThat(messageIds.add((String) m.get("messageId"))).as("duplicate messageId, " + where).isTrue();
            assertThat(m.get("userId") != null || m.get("anonymousId") != null).as(where).isTrue();
            assertThat((String) m.get("timestamp")).as(where).matches(TIMESTAMP);
            long ts = Generated.millis(m);
            assertThat(ts).as(where).isBetween(start, end);
            if ("identify".equals(type)) {
                identifies++;
                assertThat(IDENTIFY_KEYS).as(where).containsAll(m.keySet());
                assertThat(m.get("userId")).as(where).isInstanceOf(String.class);
                assertThat(object(m, "traits")).as(where).isNotEmpty();
            } else if ("track".equals(type)) {
                assertThat(TRACK_KEYS).as(where).containsAll(m.keySet());
                String event = (String) m.get("event");
                events.merge(event, 1L, Long::sum);
                checkProperties(event, object(m, "properties"), where);
                if (m.containsKey("context")) {
                    Map<String, Object> context = object(m, "context");
                    assertThat(context.keySet()).as(where).containsExactly("device");
                    Map<String, Object> device = object(context, "device");
                    assertThat(device.keySet()).as(where).containsExactly("token");
                    assertThat((String) device.get("token")).as(where).matches(TOKEN);
                }
            } else {
                fail("unknown type, " + where);
            }
        }
        assertThat(g.summary.messages()).isEqualTo(g.lines.size());
        assertThat(g.summary.identifies()).isEqualTo(identifies);
        for (String name : Generator.EVENT_NAMES) {
            assertThat(g.summary.events().get(name)).as(name).isEqualTo(events.getOrDefault(name, 0L));
        }
        assertThat(Generator.EVENT_NAMES).containsAll(events.keySet());
        checkIdentities(g);
        if (g.generator.order() == Order.TIME) {
            for (int n = 1; n < g.lines.size(); n++) {
                assertThat(Generated.millis(g.lines.get(n))).as("line " + (n + 1) + " is earlier than the line before")
                        .isGreaterThanOrEqualTo(Generated.millis(g.lines.get(n - 1)));
            }
        }
    }

    private static void checkProperties(String event, Map<String, Object> p, String where) {
        switch (event) {
            case "App Launched" -> assertThat(p).as(where).isEmpty();
            case "Searched" -> {
                assertThat(p.keySet()).as(where).containsExactly("query");
                assertThat((String) p.get("query")).as(where).isNotBlank();
            }
            case "Product Viewed", "Added To Cart" -> {
                assertThat((String) p.get("productId")).as(where).matches(PRODUCT_ID);
                assertThat((String) p.get("category")).as(where).isNotBlank();
                assertThat((String) p.get("color")).as(where).isNotBlank();
                assertThat(p.get("price")).as(where).isInstanceOf(Double.class);
                assertThat((Double) p.get("price")).as(where).isPositive();
                if (event.equals("Added To Cart")) {
                    assertThat(p.keySet()).as(where).containsExactly("productId", "category", "price", "quantity", "color");
                    assertThat((Integer) p.get("quantity")).as(where).isPositive();
                } else {
                    assertThat(p.keySet()).as(where).containsExactly("productId", "category", "price", "color");
                }
            }
            case "Charged" -> {
                assertThat(p.keySet()).as(where).containsExactly("amount", "currency", "items", "category", "color", "product");
                assertThat(p.get("amount")).as(where).isInstanceOf(Double.class);
                assertThat((Double) p.get("amount")).as(where).isPositive();
                assertThat(p.get("currency")).as(where).isEqualTo("USD");
                assertThat((Integer) p.get("items")).as(where).isPositive();
                Map<String, Object> product = object(p, "product");
                assertThat(product.keySet()).as(where).containsExactly("id", "name", "category", "price");
                assertThat((String) product.get("id")).as(where).matches(PRODUCT_ID);
                assertThat(product.get("category")).as(where).isEqualTo(p.get("category"));
            }
            default -> fail("unknown event, " + where);
        }
    }

    /**
     * In timestamp order: a user's first message is an identify; an anonymous visitor is merged by a message
     * carrying both ids, after its own first event and before the user's, and never appears alone again; the
     * distinct people are exactly the configured number of users.
     */
    private static void checkIdentities(Generated g) {
        Integer[] order = new Integer[g.lines.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long[] ts = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            ts[i] = Generated.millis(g.lines.get(i));
        }
        java.util.Arrays.sort(order, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Integer.compare(a, b));
        Set<String> identified = new HashSet<>();
        Map<String, String> mergedInto = new HashMap<>();
        Set<String> anonymous = new HashSet<>();
        long merges = 0;
        for (int i : order) {
            Map<String, Object> m = g.lines.get(i);
            String where = "line " + (i + 1) + ": " + g.raw.get(i);
            String user = (String) m.get("userId");
            String anon = (String) m.get("anonymousId");
            if ("identify".equals(m.get("type"))) {
                if (anon != null) {
                    merges++;
                    assertThat(anonymous).as("merge of an anonymous id never seen, " + where).contains(anon);
                    assertThat(identified).as("merge into a user already known, " + where).doesNotContain(user);
                    assertThat(mergedInto.put(anon, user)).as("second merge, " + where).isNull();
                }
                identified.add(user);
            } else if (user != null) {
                assertThat(anon).as(where).isNull();
                assertThat(identified).as("event before the user's identify, " + where).contains(user);
            } else {
                assertThat(mergedInto).as("anonymous event after the merge, " + where).doesNotContainKey(anon);
                anonymous.add(anon);
            }
        }
        Set<String> people = new HashSet<>(identified);
        for (String anon : anonymous) {
            if (!mergedInto.containsKey(anon)) {
                people.add(anon);
            }
        }
        assertThat(people).hasSize(g.generator.users());
        assertThat(g.summary.users()).isEqualTo(g.generator.users());
        assertThat(g.summary.anonymousVisitors()).isEqualTo(anonymous.size());
        assertThat(g.summary.identifiedLater()).isEqualTo(merges);
    }
}

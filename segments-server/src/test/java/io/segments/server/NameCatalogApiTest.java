package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/catalog/events} and {@code /api/catalog/traits}: the names ingested so far with their
 * counts, types and sample values, nested objects under dotted names, for the segment builder.
 */
class NameCatalogApiTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @BeforeAll
    static void load() {
        StringBuilder batch = new StringBuilder("{\"batch\": [");
        String[] categories = {"TV", "Phone", "TV", "Laptop", "Camera", "Watch", "Tablet"};
        for (int i = 0; i < categories.length; i++) {
            batch.append(String.format("{\"type\": \"track\", \"userId\": \"c%d\", \"event\": \"Charged\","
                    + " \"timestamp\": \"2026-01-%02dT10:00:00Z\", \"properties\": {\"amount\": %d, \"category\": \"%s\","
                    + " \"product\": {\"sku\": \"sku-%d\", \"tags\": [\"a\"]}, \"gift\": %s, \"note\": null}},",
                    i, i + 1, 100 * (i + 1), categories[i], i, i % 2 == 0));
        }
        batch.append("""
                {"type": "track", "userId": "c1", "event": "Charged", "timestamp": "2026-02-01T00:00:00Z",
                 "properties": {"amount": "a lot"}},
                {"type": "track", "userId": "c1", "event": "App Launched", "timestamp": "2026-02-01T00:00:00Z"},
                {"type": "identify", "userId": "c1", "traits": {"country": "IN", "age": 31,
                  "address": {"city": "Pune"}, "vip": true}},
                {"type": "identify", "userId": "c2", "traits": {"country": "US", "plans": ["pro"]}}
                ]}""");
        assertThat(server.ingest("/v1/batch", batch.toString()).status()).isEqualTo(200);
    }

    @Test
    void events_are_listed_most_frequent_first_with_exact_counts() {
        JsonNode events = server.apiGet("/api/catalog/events").json().get("events");

        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("name").asText()).isEqualTo("Charged");
        assertThat(events.get(0).get("count").asLong()).isEqualTo(8);
        assertThat(events.get(1).get("name").asText()).isEqualTo("App Launched");
        assertThat(events.get(1).get("count").asLong()).isEqualTo(1);
        assertThat(events.get(1).get("properties")).isEmpty();
    }

    @Test
    void properties_have_their_most_frequent_type_and_up_to_five_distinct_recent_samples() {
        JsonNode charged = server.apiGet("/api/catalog/events").json().get("events").get(0);
        List<String> names = new ArrayList<>();
        charged.get("properties").forEach(p -> names.add(p.get("name").asText()));

        assertThat(names).containsExactly("amount", "category", "gift", "product", "product.sku", "product.tags");
        JsonNode amount = property(charged, "amount");
        assertThat(amount.get("type").asText()).as("7 numbers, 1 string").isEqualTo("number");
        assertThat(texts(amount.get("samples"))).containsExactly("700", "600", "500", "400", "300");
        JsonNode category = property(charged, "category");
        assertThat(category.get("type").asText()).isEqualTo("string");
        assertThat(texts(category.get("samples"))).as("distinct, most recent first")
                .containsExactly("Tablet", "Watch", "Camera", "Laptop", "TV");
        assertThat(property(charged, "gift").get("type").asText()).isEqualTo("boolean");
        assertThat(texts(property(charged, "gift").get("samples"))).containsExactly("true", "false");
        assertThat(property(charged, "product").get("type").asText()).isEqualTo("object");
        assertThat(property(charged, "product.sku").get("samples")).hasSize(5);
        assertThat(property(charged, "product.tags").get("type").asText()).isEqualTo("array");
        assertThat(property(charged, "product.tags").get("samples").get(0).isArray()).isTrue();
    }

    @Test
    void traits_are_listed_by_name_with_nested_objects_dotted() {
        JsonNode traits = server.apiGet("/api/catalog/traits").json().get("traits");
        List<String> names = new ArrayList<>();
        traits.forEach(t -> names.add(t.get("name").asText()));

        assertThat(names).containsExactly("address", "address.city", "age", "country", "plans", "vip");
        JsonNode country = property(traits, "country");
        assertThat(country.get("type").asText()).isEqualTo("string");
        assertThat(texts(country.get("samples"))).containsExactlyInAnyOrder("IN", "US");
        assertThat(property(traits, "age").get("type").asText()).isEqualTo("number");
        assertThat(property(traits, "address.city").get("samples").get(0).asText()).isEqualTo("Pune");
        assertThat(property(traits, "plans").get("type").asText()).isEqualTo("array");
    }

    private static JsonNode property(JsonNode eventOrList, String name) {
        JsonNode list = eventOrList.isArray() ? eventOrList : eventOrList.get("properties");
        for (JsonNode p : list) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}

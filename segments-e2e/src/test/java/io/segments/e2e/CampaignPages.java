package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;

/**
 * What the campaign tests share: users of their own (sent through the ingestion API with the write key, each with a
 * {@code city} no other user has, so that no trait is added to the data set's), a segment of exactly those users,
 * campaigns made through the API, and the rows the campaign pages show. The server is shared by every browser test,
 * so each name is unique.
 */
final class CampaignPages {
    private static final AtomicInteger COHORTS = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private final Api api;
    private final Api ingestion;
    private final Browser browser;

    CampaignPages(Product product, Browser browser) {
        this.api = product.api();
        this.ingestion = new Api(product.uri(), Product.WRITE_KEY);
        this.browser = browser;
    }

    Api api() {
        return api;
    }

    /** A name no other test uses: {@code base} and a suffix of this run. */
    static String unique(String base) {
        return base + " " + RUN + "-" + COHORTS.incrementAndGet();
    }

    /** A user of a cohort: an id and traits as alternating names and values. */
    static ObjectNode user(String id, Object... traits) {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        user.put("userId", id);
        ObjectNode t = user.putObject("traits");
        for (int i = 0; i < traits.length; i += 2) {
            String name = (String) traits[i];
            if (traits[i + 1] instanceof Boolean b) {
                t.put(name, b);
            } else {
                t.put(name, (String) traits[i + 1]);
            }
        }
        return user;
    }

    /**
     * Ingests {@code users} (given a city of their own) and creates a dynamic segment named {@code name} of
     * exactly them; answers the segment's id.
     */
    String cohort(String name, List<ObjectNode> users) {
        String cohort = "Testville " + RUN + "-" + COHORTS.incrementAndGet();
        ObjectNode batch = JsonNodeFactory.instance.objectNode();
        ArrayNode messages = batch.putArray("batch");
        for (ObjectNode u : users) {
            ObjectNode m = messages.addObject();
            m.put("type", "identify");
            m.put("userId", u.get("userId").asText());
            ObjectNode traits = u.get("traits").deepCopy();
            traits.put("city", cohort);
            m.set("traits", traits);
        }
        ingestion.post("/v1/batch", batch.toString());
        return api.post("/api/segments", "{\"name\": " + Api.quote(name) + ", \"filter\": {\"attribute\": "
                + "\"city\", \"op\": \"eq\", \"value\": " + Api.quote(cohort) + "}}").get("id").asText();
    }

    /** Creates a draft campaign from its JSON body; answers it as the API does. */
    JsonNode draft(String body) {
        return api.post("/api/campaigns", body);
    }

    /** Sends campaign {@code id} through the API and waits, through the API, until it is no longer sending. */
    JsonNode sendAndAwait(String id) {
        api.post("/api/campaigns/" + id + "/send", "{}");
        return browser.await("campaign " + id + " to finish sending", d -> {
            JsonNode c = api.get("/api/campaigns/" + id);
            return c.get("state").asText().equals("sending") ? null : c;
        });
    }

    /** The ids of the campaigns the API lists for {@code query} ({@code ""} or {@code ?state=...}), in its order. */
    List<String> listed(String query) {
        List<String> ids = new ArrayList<>();
        api.get("/api/campaigns" + query).get("campaigns").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    /** The row of campaign {@code id} in a list of campaigns. */
    static By row(String id) {
        return css("[data-testid=\"campaign-row\"][data-id=\"" + id + "\"]");
    }

    /** The ids of the campaign rows the page shows, top to bottom, once {@code expected} rows are shown. */
    List<String> rowIds(int expected) {
        return browser.await(expected + " campaign rows", d -> {
            List<String> ids = new ArrayList<>();
            for (WebElement r : d.findElements(testId("campaign-row"))) {
                ids.add(r.getAttribute("data-id"));
            }
            return ids.size() == expected ? ids : null;
        });
    }

    /** The user ids of the delivery rows shown, once the first one is {@code first}. */
    List<String> deliveryUsers(String first) {
        return browser.await("delivery rows starting with " + first, d -> {
            List<String> users = new ArrayList<>();
            for (WebElement r : d.findElements(testId("delivery-row"))) {
                users.add(r.getAttribute("data-user"));
            }
            return !users.isEmpty() && users.get(0).equals(first) ? users : null;
        });
    }

    /** The user ids of a page of delivery records as the API answers it. */
    List<String> deliveryUsers(JsonNode page) {
        List<String> users = new ArrayList<>();
        page.get("deliveries").forEach(d -> users.add(d.get("userId").asText()));
        return users;
    }
}

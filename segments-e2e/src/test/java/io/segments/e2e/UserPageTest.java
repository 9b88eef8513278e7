package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/** A user's page ({@code #/users/{id}}), reached from a segment's members: its traits and segments are the API's. */
@ExtendWith(E2eExtension.class)
class UserPageTest {

    @Test
    void theUserPageShowsTheTraitsAndEverySegmentTheApiSaysTheUserIsIn(Product product, Browser browser) {
        Api api = product.api();
        String n = Nonce.next();
        JsonNode buyers = api.post("/api/segments", "{\"name\": \"Bought this month " + n + "\","
                + " \"filter\": {\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}}}");
        String userId = null;
        for (JsonNode m : api.get("/api/segments/" + buyers.get("id").asText() + "/members?limit=100").get("members")) {
            if (userId == null && !api.get("/api/users/" + Api.encode(m.asText())).get("traits").isEmpty()) {
                userId = m.asText();
            }
        }
        assertThat(userId).as("a buyer with traits").isNotNull();
        JsonNode listed = api.post("/api/segments", "{\"name\": \"Hand-picked " + n + "\", \"type\": \"static\","
                + " \"members\": [" + Api.quote(userId) + "]}");
        JsonNode user = api.get("/api/users/" + Api.encode(userId));
        List<String> segmentIds = Api.texts(user.get("segmentIds"));
        assertThat(segmentIds).contains(buyers.get("id").asText(), listed.get("id").asText());

        browser.signIn(Product.ADMIN_KEY);
        browser.open("/segments/" + listed.get("id").asText());
        browser.click(css("[data-testid=\"member\"] a"));
        browser.awaitRoute("/users/.+");
        browser.awaitText(testId("user-title"), userId);

        List<WebElement> rows = browser.await("the user's segments", d -> {
            List<WebElement> found = d.findElements(css("[data-testid=\"user-segments\"] [data-testid=\"user-segment\"]"));
            return found.size() == segmentIds.size() ? found : null;
        });
        assertThat(rows.stream().map(r -> r.getAttribute("data-id")).toList()).isEqualTo(segmentIds);
        JsonNode all = api.get("/api/segments").get("segments");
        for (WebElement row : rows) {
            String name = null;
            for (JsonNode s : all) {
                if (s.get("id").asText().equals(row.getAttribute("data-id"))) {
                    name = s.get("name").asText();
                }
            }
            String expected = name;
            browser.await("the name of segment " + row.getAttribute("data-id"),
                    d -> row.findElement(css("a")).getText().equals(expected));
        }

        List<List<String>> expectedTraits = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> traits = user.get("traits").fields();
        while (traits.hasNext()) {
            Map.Entry<String, JsonNode> t = traits.next();
            expectedTraits.add(List.of(t.getKey(), t.getValue().isTextual() ? t.getValue().asText()
                    : t.getValue().isNull() ? "null" : t.getValue().toString()));
        }
        assertThat(expectedTraits).as("the generated user has traits").isNotEmpty();
        @SuppressWarnings("unchecked")
        List<List<String>> shownTraits = (List<List<String>>) browser.js("return [...document.querySelectorAll("
                + "'[data-testid=\"user-traits\"] tr')].map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]);");
        assertThat(shownTraits).isEqualTo(expectedTraits);
        browser.screenshot("user-page");
    }
}

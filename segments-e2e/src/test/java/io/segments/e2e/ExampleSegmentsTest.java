package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance walk of the web UI over the contract's eight example segments: each is built in the builder by
 * clicking and typing, saved, found by search, its filters read in plain words, cloned, and its page opened; every
 * definition and number the browser shows (live count, list count, total, reachability, trend) is compared with what
 * the API answers.
 */
@ExtendWith(E2eExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleSegmentsTest {

    static List<SpecExample> examples() {
        return SpecExample.all();
    }

    @BeforeAll
    static void signIn(Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void eachExampleIsBuiltByClickingSavedFoundClonedAndCountedAsTheApiCountsIt(SpecExample example, Product product,
                                                                                Browser browser) {
        Api api = product.api();
        JsonNode expected = canonical(Api.parse(example.filter()));
        long expectedCount = api.post("/api/segments/preview", "{\"filter\": " + example.filter() + "}")
                .get("count").asLong();

        // build it
        BuilderPage builder = BuilderPage.openFromList(browser);
        builder.name(example.name());
        example.build().accept(builder);
        browser.awaitText(testId("segment-summary"), "Users who " + example.sentence() + ".");
        browser.awaitAttribute(testId("preview-count"), "data-count", Long.toString(expectedCount));
        if (example.name().startsWith("First-time")) {
            browser.screenshot("builder");
        }

        // save it: the stored definition is the contract's
        String id = builder.create();
        JsonNode saved = api.get("/api/segments/" + id);
        assertThat(saved.get("name").asText()).isEqualTo(example.name());
        assertThat(saved.get("type").asText()).isEqualTo("dynamic");
        assertThat(canonical(saved.get("filter")))
                .as("the saved filter of %s", example.name()).isEqualTo(expected);
        long count = api.get("/api/segments/" + id + "/count").get("count").asLong();
        JsonNode reach = api.get("/api/segments/" + id + "/reachability");
        assertThat(count).as("the count of the saved segment and the preview of the contract's filter")
                .isEqualTo(expectedCount);

        // find it by search and read its filters
        browser.open("/segments");
        browser.type(testId("segment-search"), example.name());
        browser.await("the search for " + example.name() + " to run", d -> example.name().equals(browser.js(
                "return new URLSearchParams(location.hash.split('?')[1] || '').get('q');")));
        By row = css("tr[data-testid=\"segment-row\"][data-id=\"" + id + "\"]");
        browser.await("the list to show only segments named like " + example.name(), d -> {
            List<WebElement> names = d.findElements(testId("segment-name-link"));
            return !names.isEmpty() && names.stream().allMatch(n -> n.getText().contains(example.name()))
                    && !d.findElements(row).isEmpty();
        });
        assertThat(browser.awaitAttribute(inRow(id, "[data-testid=\"segment-count\"]"), "data-count"))
                .isEqualTo(Long.toString(count));
        browser.click(inRow(id, "[data-testid=\"expand-filters\"]"));
        By filters = By.xpath("//tr[@data-id='" + id + "']/following-sibling::tr[1][@data-testid='segment-filters']");
        browser.find(filters);
        assertThat(browser.find(inRow(id, "[data-testid=\"expand-filters\"]")).getAttribute("aria-expanded"))
                .isEqualTo("true");
        assertThat(outlineLines(browser, filters)).isEqualTo(example.outline());

        // clone it: a copy with the same definition
        browser.click(inRow(id, "[data-testid=\"clone-segment\"]"));
        String copyName = "Copy of " + example.name();
        String copyId = browser.await("the list to show " + copyName, d -> d.findElements(testId("segment-row")).stream()
                .filter(r -> r.findElement(testId("segment-name-link")).getText().equals(copyName))
                .map(r -> r.getAttribute("data-id")).findFirst().orElse(null));
        JsonNode copy = api.get("/api/segments/" + copyId);
        assertThat(copyId).isNotEqualTo(id);
        assertThat(copy.get("filter")).isEqualTo(saved.get("filter"));

        // open its page: the counts shown are the API's
        browser.click(inRow(id, "[data-testid=\"segment-name-link\"]"));
        browser.awaitRoute("/segments/" + id);
        browser.awaitText(testId("segment-title"), example.name());
        browser.awaitText(testId("segment-definition"), "Users who " + example.sentence() + ".");
        assertThat(browser.awaitAttribute(testId("segment-total"), "data-count")).isEqualTo(Long.toString(count));
        for (String channel : List.of("email", "sms", "push")) {
            long reachable = reach.get(channel).asLong();
            assertThat(browser.awaitAttribute(testId("reach-" + channel), "data-count"))
                    .as("%s reachable by %s", example.name(), channel).isEqualTo(Long.toString(reachable));
        }
        assertThat(reach.get("total").asLong()).isEqualTo(count);
        browser.awaitText(testId("reach-email-text"),
                "Out of " + count + ", " + reach.get("email").asLong() + " can be reached by email");
        assertTrendIsTheApis(browser, api, id);
        if (example.name().startsWith("Frequent")) {
            browser.screenshot("segment-page");
        }
    }

    /**
     * The trend card's numbers (day by day) and direction are the API's trend over the same days, with the
     * recorded snapshot of each day where there is one ("–" where there is none).
     */
    @SuppressWarnings("unchecked")
    private static void assertTrendIsTheApis(Browser browser, Api api, String id) {
        List<List<String>> shown = browser.await("the trend's numbers", d -> {
            List<List<String>> rows = (List<List<String>>) browser.js("return [...document.querySelectorAll("
                    + "'[data-testid=\"trend-table\"] tbody tr')].map(tr => [...tr.cells].map(td => td.textContent));");
            return rows.isEmpty() ? null : rows;
        });
        String from = shown.get(0).get(0);
        String to = shown.get(shown.size() - 1).get(0);
        JsonNode trend = api.get("/api/segments/" + id + "/trend?interval=day&from=" + from + "&to=" + to);
        JsonNode snapshots = api.get("/api/segments/" + id + "/snapshots?from=" + from + "&to=" + to);
        Map<String, String> recorded = new HashMap<>();
        snapshots.get("snapshots").forEach(s -> recorded.put(s.get("at").asText(), s.get("count").asText()));
        List<List<String>> expected = new ArrayList<>();
        trend.get("points").forEach(p -> expected.add(List.of(p.get("t").asText(), p.get("count").asText(),
                recorded.getOrDefault(p.get("at").asText(), "–"))));
        assertThat(shown).as("the trend of %s by day", id).isEqualTo(expected);
        assertThat(browser.find(testId("trend-direction")).getAttribute("data-direction"))
                .isEqualTo(trend.get("direction").asText());
    }

    @Order(2)
    @Test
    void theListShowsEverySegmentNewestFirstWithTheApiCounts(Product product, Browser browser) {
        Api api = product.api();
        JsonNode segments = api.get("/api/segments").get("segments");
        assertThat(segments.size()).as("the examples and their copies").isGreaterThanOrEqualTo(16);
        List<String> ids = new ArrayList<>();
        segments.forEach(s -> ids.add(s.get("id").asText()));

        browser.open("/segments");
        browser.await("every segment listed with its count", d -> {
            List<WebElement> rows = d.findElements(testId("segment-row"));
            return rows.size() == ids.size() && rows.stream().allMatch(r ->
                    r.findElement(testId("segment-count")).getAttribute("data-count") != null);
        });
        List<WebElement> rows = browser.all(testId("segment-row"));
        assertThat(rows.stream().map(r -> r.getAttribute("data-id")).toList()).isEqualTo(ids);
        for (WebElement row : rows) {
            String id = row.getAttribute("data-id");
            assertThat(row.findElement(testId("segment-count")).getAttribute("data-count"))
                    .as("the count of %s", id).isEqualTo(api.get("/api/segments/" + id + "/count").get("count").asText());
        }
        String firstTimeId = null;
        for (JsonNode s : segments) {
            if (s.get("name").asText().startsWith("First-time")) {
                firstTimeId = s.get("id").asText();
            }
        }
        assertThat(firstTimeId).as("the example built before").isNotNull();
        browser.click(inRow(firstTimeId, "[data-testid=\"expand-filters\"]"));
        browser.find(By.xpath("//tr[@data-id='" + firstTimeId + "']/following-sibling::tr[1][@data-testid='segment-filters']"));
        browser.screenshot("segment-list");
    }

    private static By inRow(String id, String selector) {
        return css("tr[data-testid=\"segment-row\"][data-id=\"" + id + "\"] " + selector);
    }

    /** The lines of an outline: each item's own text, without the items nested in it. */
    @SuppressWarnings("unchecked")
    private static List<String> outlineLines(Browser browser, By filters) {
        return (List<String>) browser.js("return [...arguments[0].querySelectorAll('li')]"
                + ".map(li => li.firstChild.textContent.trim());", browser.find(filters));
    }

    /** The language's canonical JSON of a condition. */
    private static JsonNode canonical(JsonNode condition) {
        return SegmentJson.toJson(SegmentJson.readCondition(condition, "$.filter"));
    }
}

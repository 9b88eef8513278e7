package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.path;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The funnel report page: what it offers to build a funnel from, and a funnel restricted to a segment's members,
 * whose numbers must be the API's.
 */
@ExtendWith(E2eExtension.class)
class FunnelReportTest {

    @Test
    void theFunnelPageOffersEverySegmentAndEveryIngestedEventToBuildFrom(Product product, Browser browser) {
        Api api = product.api();
        api.post("/api/segments", """
                {"name": "Launched the app this month", "filter": {"did": "App Launched", "when": {"last": "30d"}}}""");
        List<String> segments = new ArrayList<>();
        api.get("/api/segments").get("segments").forEach(s -> segments.add(s.get("name").asText()));
        List<String> events = new ArrayList<>();
        api.get("/api/catalog/events").get("events").forEach(e -> events.add(e.get("name").asText()));
        assertThat(events).contains("App Launched", "Product Viewed", "Added To Cart", "Charged");

        browser.signIn(Product.ADMIN_KEY);
        browser.click(testId("nav-funnel"));
        browser.awaitRoute("/reports/funnel");
        browser.awaitText(testId("page-title"), "Funnel");
        assertThat(browser.find(testId("nav-funnel")).getAttribute("aria-current")).isEqualTo("page");

        List<String> offered = browser.await("every segment offered", d -> {
            List<String> names = new Select(d.findElement(testId("report-segment"))).getOptions().stream()
                    .map(WebElement::getText).toList();
            return names.size() == segments.size() + 1 ? names : null;
        });
        assertThat(offered.get(0)).isEqualTo("All users");
        assertThat(offered.subList(1, offered.size())).isEqualTo(segments);
        assertThat(browser.all(testId("funnel-step"))).as("a funnel starts with two steps").hasSize(2);
        String list = browser.find(testId("funnel-step-event")).getAttribute("list");
        List<String> suggested = browser.await("the events suggested", d -> {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) browser.js("return [...document.getElementById(arguments[0]).options]"
                    + ".map(o => o.value);", list);
            return values.size() == events.size() ? values : null;
        });
        assertThat(suggested).containsExactlyInAnyOrderElementsOf(events);

        browser.type(testId("funnel-step-event"), "Product Viewed");
        browser.click(testId("funnel-step-add"));
        assertThat(browser.all(testId("funnel-step"))).hasSize(3);
        JsonNode chosen = api.get("/api/segments?q=" + Api.encode("Launched the app this month")).get("segments").get(0);
        browser.choose(testId("report-segment"), chosen.get("id").asText());
        browser.screenshot("reports-funnel");
    }

    @Test
    void aFunnelRestrictedToASegmentShowsTheNumbersTheApiAnswers(Product product, Browser browser) {
        Api api = product.api();
        String segmentId = api.post("/api/segments", """
                {"name": "Put something in the cart this month",
                 "filter": {"did": "Added To Cart", "when": {"last": "30d"}}}""").get("id").asText();

        browser.signIn(Product.ADMIN_KEY);
        browser.open("/reports/funnel");
        browser.awaitText(testId("page-title"), "Funnel");
        List<String> steps = List.of("Product Viewed", "Added To Cart", "Charged");
        browser.type(path("input", "$.steps[0].event"), steps.get(0));
        browser.type(path("input", "$.steps[1].event"), steps.get(1));
        browser.click(testId("funnel-step-add"));
        browser.type(path("input", "$.steps[2].event"), steps.get(2));
        browser.type(testId("funnel-window-amount"), "2");
        browser.choose(testId("funnel-window-unit"), "d");
        browser.await("the segment to be offered", d -> !d.findElements(
                css("[data-testid=\"report-segment\"] option[value=\"" + segmentId + "\"]")).isEmpty());
        browser.choose(testId("report-segment"), segmentId);
        String from = browser.find(testId("report-from")).getAttribute("value");
        String to = browser.find(testId("report-to")).getAttribute("value");
        browser.click(testId("run-report"));
        List<WebElement> rows = browser.await("the funnel's three steps", d -> {
            List<WebElement> found = d.findElements(testId("funnel-step-row"));
            return found.size() == 3 ? found : null;
        });

        StringBuilder body = new StringBuilder("{\"steps\": [");
        for (int i = 0; i < steps.size(); i++) {
            body.append(i == 0 ? "" : ", ").append("{\"event\": ").append(Api.quote(steps.get(i))).append('}');
        }
        body.append("], \"conversionWindow\": \"2d\", \"from\": \"").append(from).append("\", \"to\": \"").append(to)
                .append('"');
        JsonNode all = api.post("/api/reports/funnel", body + "}");
        JsonNode members = api.post("/api/reports/funnel", body + ", \"segmentId\": \"" + segmentId + "\"}");
        long first = members.get("steps").get(0).get("count").asLong();
        long last = members.get("steps").get(2).get("count").asLong();
        assertThat(first).as("people who viewed a product and then added to cart").isPositive();
        assertThat(first).as("the segment restricts the funnel")
                .isLessThanOrEqualTo(all.get("steps").get(0).get("count").asLong());
        for (int i = 0; i < steps.size(); i++) {
            List<WebElement> cells = rows.get(i).findElements(css("td"));
            assertThat(cells.get(0).getText()).isEqualTo((i + 1) + ". " + steps.get(i));
            assertThat(cells.get(1).getText()).as("users at step %s", i + 1)
                    .isEqualTo(members.get("steps").get(i).get("count").asText());
        }
        browser.awaitText(testId("funnel-conversion"), String.format(Locale.ROOT, "%.1f%%",
                Math.round(last * 1000.0 / first) / 10.0));
        browser.screenshot("reports-funnel-result");
    }
}

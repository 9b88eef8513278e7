package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    @Test
    void aBreakdownDrawsTheLargestGroupsWithAnOtherGroupAndTablesEveryGroup(Product product, Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
        browser.open("/reports/funnel");
        browser.awaitText(testId("page-title"), "Funnel");
        browser.type(path("input", "$.steps[0].event"), "Product Viewed");
        browser.type(path("input", "$.steps[1].event"), "Added To Cart");
        browser.type(testId("report-breakdown"), "category");
        String from = browser.find(testId("report-from")).getAttribute("value");
        String to = browser.find(testId("report-to")).getAttribute("value");
        JsonNode answer = product.api().post("/api/reports/funnel", "{\"steps\": [{\"event\": \"Product Viewed\"},"
                + " {\"event\": \"Added To Cart\"}], \"conversionWindow\": \"7d\", \"from\": \"" + from
                + "\", \"to\": \"" + to + "\", \"breakdown\": \"category\"}");
        JsonNode groups = answer.get("breakdown");
        assertThat(groups.size()).as("every category of the data set").isGreaterThan(8);

        browser.click(testId("run-report"));
        List<WebElement> rows = browser.await("a row per group", d -> {
            List<WebElement> found = d.findElements(testId("funnel-group-row"));
            return found.size() == groups.size() ? found : null;
        });
        for (int i = 0; i < groups.size(); i++) {
            JsonNode g = groups.get(i);
            List<String> cells = rows.get(i).findElements(css("td")).stream().map(WebElement::getText).toList();
            long first = g.get("steps").get(0).get("count").asLong();
            long last = g.get("steps").get(1).get("count").asLong();
            assertThat(cells).as("group %s", g.get("value")).isEqualTo(List.of(label(g.get("value")),
                    g.get("steps").get(0).get("count").asText(), g.get("steps").get(1).get("count").asText(),
                    first == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", Math.round(last * 1000.0 / first) / 10.0)));
        }

        List<Map<String, Object>> drawn = browser.chartDatasets(testId("funnel-chart"));
        assertThat(drawn).hasSize(8);
        long[] other = new long[2];
        for (int i = 0; i < groups.size(); i++) {
            JsonNode steps = groups.get(i).get("steps");
            if (i < 7) {
                assertThat(drawn.get(i).get("label")).isEqualTo(label(groups.get(i).get("value")));
                assertThat(numbers(drawn.get(i))).containsExactly(steps.get(0).get("count").asLong(),
                        steps.get(1).get("count").asLong());
            } else {
                other[0] += steps.get(0).get("count").asLong();
                other[1] += steps.get(1).get("count").asLong();
            }
        }
        assertThat(drawn.get(7).get("label")).isEqualTo("Other (" + (groups.size() - 7) + " values)");
        assertThat(numbers(drawn.get(7))).containsExactly(other[0], other[1]);
        browser.screenshot("reports-funnel-breakdown");
    }

    @Test
    void eachStepShowsTheMedianTimeFromTheStepBeforeAndAOneStepFunnelReadsAsACount(Product product, Browser browser) {
        Api api = product.api();
        browser.signIn(Product.ADMIN_KEY);
        browser.open("/reports/funnel");
        browser.awaitText(testId("page-title"), "Funnel");
        browser.type(path("input", "$.steps[0].event"), "Added To Cart");
        browser.type(path("input", "$.steps[1].event"), "Charged");
        browser.type(testId("funnel-window-amount"), "1");
        String from = browser.find(testId("report-from")).getAttribute("value");
        String to = browser.find(testId("report-to")).getAttribute("value");
        browser.click(testId("run-report"));
        List<WebElement> rows = browser.await("the funnel's two steps", d -> {
            List<WebElement> found = d.findElements(testId("funnel-step-row"));
            return found.size() == 2 ? found : null;
        });
        String range = "\"from\": \"" + from + "\", \"to\": \"" + to + "\"";
        JsonNode two = api.post("/api/reports/funnel", "{\"steps\": [{\"event\": \"Added To Cart\"}, {\"event\": \"Charged\"}],"
                + " \"conversionWindow\": \"1d\", " + range + "}").get("steps");
        String median = two.get(1).get("medianFromPrevious").asText();
        assertThat(two.get(1).get("count").asLong()).as("buyers within a day of their cart").isPositive();
        WebElement medianCell = rows.get(1).findElement(testId("funnel-median"));
        assertThat(medianCell.getAttribute("data-median")).isEqualTo(median);
        assertThat(medianCell.getText()).isEqualTo(human(Duration.parse(median)));
        assertThat(rows.get(0).findElement(testId("funnel-median")).getText()).isEqualTo("—");

        browser.click(css("[data-testid=\"funnel-step\"][data-path=\"$.steps[1]\"] [data-testid=\"funnel-step-remove\"]"));
        browser.click(testId("run-report"));
        browser.await("one step", d -> d.findElements(testId("funnel-step-row")).size() == 1);
        long users = api.post("/api/reports/funnel", "{\"steps\": [{\"event\": \"Added To Cart\"}],"
                + " \"conversionWindow\": \"1d\", " + range + "}").get("steps").get(0).get("count").asLong();
        browser.awaitText(testId("funnel-headline"), String.format(Locale.US, "%,d users did Added To Cart from %s to %s",
                users, from, to));
        assertThat(browser.all(testId("funnel-conversion"))).isEmpty();
    }

    /** A breakdown value as the report names it: no value (events without the property) is "(none)". */
    private static String label(JsonNode value) {
        return value.isNull() ? "(none)" : value.isTextual() ? value.asText() : value.toString();
    }

    /** A duration as the report shows it: "45 s", "5 min 30 s", "2 h 5 min", "3 d 4 h". */
    private static String human(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        long m = s / 60;
        if (m < 60) {
            return m + " min" + (s % 60 > 0 ? " " + s % 60 + " s" : "");
        }
        long h = m / 60;
        if (h < 24) {
            return h + " h" + (m % 60 > 0 ? " " + m % 60 + " min" : "");
        }
        return h / 24 + " d" + (h % 24 > 0 ? " " + h % 24 + " h" : "");
    }

    private static List<Long> numbers(Map<String, Object> dataset) {
        return ((List<?>) dataset.get("data")).stream().map(v -> ((Number) v).longValue()).toList();
    }
}

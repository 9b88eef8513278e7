package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.segments.e2e.Browser.path;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events report ({@code #/reports/events}): events per day or week and unique users per event, each number the
 * one {@code POST /api/reports/events} answers for the same request, and each week labelled as the answer marks it
 * (a week cut short by the range reads "Week of D (partial, N days)", today "D (so far)").
 */
@ExtendWith(E2eExtension.class)
class EventsReportTest {

    @BeforeAll
    static void signIn(Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
    }

    @Test
    void eventsPerDayAndUniqueUsersAreTheApisNumbers(Product product, Browser browser) {
        browser.click(testId("nav-events"));
        browser.awaitRoute("/reports/events");
        browser.awaitText(testId("page-title"), "Events");
        assertThat(browser.find(testId("nav-events")).getAttribute("aria-current")).isEqualTo("page");
        JsonNode answer = run(browser, product.api(), "day");
        assertThat(answer.get("series").get(0).get("events").asLong()).as("apps launched in 30 days").isPositive();
        browser.screenshot("reports-events");
    }

    @Test
    void eventsPerWeekAreTheApisNumbersEachWeekLabelledAsTheApiMarksIt(Product product, Browser browser) {
        browser.open("/segments");
        browser.awaitText(testId("page-title"), "Segments");
        browser.open("/reports/events");
        browser.awaitText(testId("page-title"), "Events");
        browser.choose(testId("report-interval"), "week");
        run(browser, product.api(), "week");
    }

    /** Runs App Launched and Charged in the browser and compares both tables with the API's answer. */
    private static JsonNode run(Browser browser, Api api, String interval) {
        List<String> events = List.of("App Launched", "Charged");
        browser.type(path("input", "$.events[0].event"), events.get(0));
        browser.click(testId("event-series-add"));
        browser.type(path("input", "$.events[1].event"), events.get(1));
        String from = browser.find(testId("report-from")).getAttribute("value");
        String to = browser.find(testId("report-to")).getAttribute("value");
        assertThat(browser.all(testId("events-table"))).as("a report not run yet").isEmpty();
        browser.click(testId("run-report"));
        browser.find(testId("events-table"));

        JsonNode answer = api.post("/api/reports/events", "{\"events\": [{\"event\": \"App Launched\"},"
                + " {\"event\": \"Charged\"}], \"interval\": \"" + interval + "\", \"from\": \"" + from
                + "\", \"to\": \"" + to + "\"}");
        JsonNode series = answer.get("series");
        assertThat(series).hasSize(2);

        List<List<String>> totals = new ArrayList<>();
        for (JsonNode s : series) {
            totals.add(List.of(s.get("event").asText(), number(s.get("events")), number(s.get("users"))));
        }
        assertThat(rows(browser, "events-table")).isEqualTo(totals);

        List<List<String>> buckets = new ArrayList<>();
        JsonNode points = series.get(0).get("points");
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            List<String> row = new ArrayList<>();
            row.add(label(p, interval));
            for (JsonNode s : series) {
                JsonNode q = s.get("points").get(i);
                assertThat(q.get("t").asText()).isEqualTo(p.get("t").asText());
                row.add(number(q.get("count")));
                row.add(number(q.get("users")));
            }
            buckets.add(row);
        }
        assertThat(rows(browser, "events-buckets-table")).isEqualTo(buckets);
        return answer;
    }

    /**
     * "2026-12-01" for a day, "2026-12-07 (so far)" for today's; "Week of 2026-11-30", with "(partial, 2 days)" when
     * the range cuts the week or it is still going on.
     */
    private static String label(JsonNode point, String interval) {
        String t = point.get("t").asText();
        if (interval.equals("day")) {
            return point.path("partial").asBoolean(false) ? t + " (so far)" : t;
        }
        if (!point.path("partial").asBoolean(false)) {
            return "Week of " + t;
        }
        long days = point.path("days").asLong(0);
        return "Week of " + t + (days > 0 ? " (partial, " + days + (days == 1 ? " day)" : " days)") : " (partial)");
    }

    private static String number(JsonNode n) {
        return String.format(Locale.US, "%,d", n.asLong());
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> rows(Browser browser, String table) {
        return (List<List<String>>) browser.js("return [...document.querySelectorAll('[data-testid=\"" + table
                + "\"] tbody tr')].map(tr => [...tr.cells].map(c => c.textContent.trim()));");
    }
}

package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live segment's page while users enter it: each entry arrives on the page's change stream, and then every figure
 * of the page (users now, reachability, the trend's current point, members) is the one the API answers, not only
 * the total.
 */
@ExtendWith(E2eExtension.class)
class LiveSegmentPageTest {

    @Test
    void afterAnEntryTheTotalReachabilityAndMembersAllMatchTheApi(Product product, Browser browser) {
        Api api = product.api();
        String n = Nonce.next();
        String event = "Live ping " + n;
        String ann = "live-" + n + "-ann";
        String bob = "live-" + n + "-bob";
        api.ingest("/v1/identify", Product.WRITE_KEY, "{\"userId\": \"" + ann + "\", \"traits\": {\"email\": \"ann-" + n
                + "@example.com\"}}");
        api.ingest("/v1/identify", Product.WRITE_KEY, "{\"userId\": \"" + bob + "\"}");
        String id = api.post("/api/segments", "{\"name\": \"Pinged " + n + "\", \"type\": \"live\","
                + " \"filter\": {\"did\": \"" + event + "\"}}").get("id").asText();

        browser.signIn(Product.ADMIN_KEY);
        browser.open("/segments/" + id);
        browser.awaitAttribute(testId("segment-total"), "data-count", "0");
        browser.awaitAttribute(testId("reach-email"), "data-count", "0");
        browser.find(testId("members-empty"));
        browser.awaitAttribute(testId("live-status"), "data-state", "open");

        api.ingest("/v1/track", Product.WRITE_KEY, "{\"userId\": \"" + ann + "\", \"event\": \"" + event + "\"}");
        browser.find(css("[data-testid=\"live-change-row\"][data-user=\"" + ann + "\"]"));
        assertPageIsTheApis(browser, api, id, 1, List.of(ann));

        api.ingest("/v1/track", Product.WRITE_KEY, "{\"userId\": \"" + bob + "\", \"event\": \"" + event + "\"}");
        browser.find(css("[data-testid=\"live-change-row\"][data-user=\"" + bob + "\"]"));
        assertPageIsTheApis(browser, api, id, 2, List.of(ann, bob));
        browser.screenshot("live-segment");
    }

    private static void assertPageIsTheApis(Browser browser, Api api, String id, long expected, List<String> users) {
        JsonNode count = api.get("/api/segments/" + id + "/count");
        JsonNode reach = api.get("/api/segments/" + id + "/reachability");
        JsonNode members = api.get("/api/segments/" + id + "/members");
        assertThat(count.get("count").asLong()).isEqualTo(expected);
        assertThat(Api.texts(members.get("members"))).isEqualTo(users);
        browser.awaitAttribute(testId("segment-total"), "data-count", count.get("count").asText());
        for (String channel : List.of("email", "sms", "push")) {
            browser.awaitAttribute(testId("reach-" + channel), "data-count", reach.get(channel).asText());
        }
        browser.awaitText(testId("reach-email-text"), "Out of " + reach.get("total").asLong() + ", "
                + reach.get("email").asLong() + " can be reached by email");
        browser.await("the members " + users, d -> d.findElements(testId("member")).stream()
                .map(e -> e.getText()).toList().equals(users));
        List<String> today = browser.await("today's point of the trend at " + expected, d -> {
            @SuppressWarnings("unchecked")
            List<List<String>> rows = (List<List<String>>) browser.js("return [...document.querySelectorAll("
                    + "'[data-testid=\"trend-table\"] tbody tr')].map(tr => [...tr.cells].map(c => c.textContent));");
            List<String> last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            return last != null && last.get(1).equals(Long.toString(expected)) ? last : null;
        });
        JsonNode trend = api.get("/api/segments/" + id + "/trend?interval=day&from=" + today.get(0) + "&to=" + today.get(0));
        assertThat(trend.get("points").get(0).get("count").asLong()).isEqualTo(expected);
    }
}

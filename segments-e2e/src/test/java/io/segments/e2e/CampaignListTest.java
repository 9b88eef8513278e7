package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

import java.util.List;

import static io.segments.e2e.Browser.testId;
import static io.segments.e2e.CampaignPages.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign list, reached from the sidebar: every campaign, newest first, with its channel, state, segment (by
 * name, linked), delivery figures and last change, as {@code GET /api/campaigns} answers; filtered by state.
 */
@ExtendWith(E2eExtension.class)
class CampaignListTest {

    @Test
    void theSidebarOpensEveryCampaignWithItsSegmentStateAndFiguresAsTheApiListsThem(Product product, Browser browser) {
        CampaignPages pages = new CampaignPages(product, browser);
        String buyersName = CampaignPages.unique("List buyers");
        String buyers = pages.cohort(buyersName, List.of(
                user("list-a-" + buyersName.hashCode(), "email", "a@list.test", "phone", "+4915100000101"),
                user("list-b-" + buyersName.hashCode(), "email", "b@list.test")));
        String goneName = CampaignPages.unique("List leavers");
        String gone = pages.cohort(goneName, List.of(user("list-c-" + goneName.hashCode(), "phone", "+4915100000102")));
        String sent = pages.draft(email(buyers, "Welcome, buyers")).get("id").asText();
        pages.sendAndAwait(sent);
        String sms = pages.draft("{\"segmentId\": \"" + gone + "\", \"name\": \"Leavers text\", \"channel\": \"sms\", "
                + "\"message\": {\"text\": \"Come back {{firstName | \\\"soon\\\"}}\"}}").get("id").asText();
        String draft = pages.draft(email(buyers, "Buyers, part two")).get("id").asText();
        assertThat(pages.api().send("DELETE", "/api/segments/" + gone, null).status()).isEqualTo(204);

        browser.signIn(Product.ADMIN_KEY);
        browser.click(testId("nav-campaigns"));
        browser.awaitRoute("/campaigns");
        browser.awaitText(testId("page-title"), "Campaigns");
        assertThat(browser.find(testId("nav-campaigns")).getAttribute("aria-current")).isEqualTo("page");

        List<String> all = pages.listed("");
        assertThat(all).containsSubsequence(draft, sms, sent);
        assertThat(pages.rowIds(all.size())).as("newest first, as the API lists them").isEqualTo(all);
        JsonNode listed = pages.api().get("/api/campaigns");
        for (JsonNode c : listed.get("campaigns")) {
            if (!List.of(sent, sms, draft).contains(c.get("id").asText())) {
                continue;
            }
            WebElement row = browser.find(CampaignPages.row(c.get("id").asText()));
            assertThat(row.findElement(testId("campaign-link")).getText()).isEqualTo(c.get("name").asText());
            assertThat(row.findElement(testId("campaign-link")).getAttribute("href"))
                    .endsWith("#/campaigns/" + c.get("id").asText());
            assertThat(row.findElement(testId("campaign-state")).getText()).isEqualTo(c.get("state").asText());
            assertThat(row.findElement(testId("campaign-updated")).findElement(Browser.css("time"))
                    .getAttribute("datetime")).isEqualTo(c.get("updatedAt").asText());
        }
        WebElement sentRow = browser.find(CampaignPages.row(sent));
        JsonNode sentStats = pages.api().get("/api/campaigns/" + sent).get("stats");
        assertThat(sentRow.findElement(testId("campaign-channel")).getText()).isEqualTo("Email");
        assertThat(sentRow.findElement(testId("campaign-segment")).getText()).isEqualTo(buyersName);
        assertThat(sentRow.findElement(testId("campaign-segment")).getAttribute("href")).endsWith("#/segments/" + buyers);
        assertThat(sentRow.findElement(testId("campaign-stats-line")).getText()).isEqualTo(
                sentStats.get("sent").asText() + " sent · 0 failed · 0 skipped · 0 pending of "
                        + sentStats.get("audience").asText());
        WebElement smsRow = browser.find(CampaignPages.row(sms));
        assertThat(smsRow.findElement(testId("campaign-channel")).getText()).isEqualTo("SMS");
        assertThat(smsRow.findElement(testId("campaign-segment")).getText()).isEqualTo("deleted segment " + gone);
        assertThat(smsRow.findElement(testId("campaign-figures")).getText()).isEqualTo("not sent");
        browser.screenshot("campaign-list");

        browser.choose(testId("campaign-filter"), "draft");
        List<String> drafts = pages.listed("?state=draft");
        assertThat(drafts).contains(draft, sms).doesNotContain(sent);
        assertThat(pages.rowIds(drafts.size())).isEqualTo(drafts);
        browser.await("the state in the address", d -> browser.js("return location.hash;").toString()
                .equals("#/campaigns?state=draft"));

        browser.choose(testId("campaign-filter"), "");
        assertThat(pages.rowIds(all.size())).isEqualTo(all);
        browser.click(Browser.css("[data-testid=\"campaign-row\"][data-id=\"" + draft + "\"] [data-testid=\"campaign-link\"]"));
        browser.awaitRoute("/campaigns/" + draft);
        browser.awaitText(testId("campaign-title"), "Buyers, part two");
    }

    static String email(String segmentId, String name) {
        return "{\"segmentId\": \"" + segmentId + "\", \"name\": " + Api.quote(name) + ", \"channel\": \"email\", "
                + "\"message\": {\"subject\": \"Hello\", \"text\": \"Thanks for shopping.\"}}";
    }
}

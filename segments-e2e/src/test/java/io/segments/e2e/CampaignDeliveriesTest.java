package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;
import static io.segments.e2e.CampaignPages.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign sent from its draft page: the page shows when it was sent, who was left out of the audience and why
 * ({@code send.excluded}), and the delivery record of every user, paged and filtered by status, as the API answers.
 */
@ExtendWith(E2eExtension.class)
class CampaignDeliveriesTest {

    @Test
    void aSentCampaignShowsItsSendWhoWasLeftOutAndEveryDeliveryAsTheApiAnswers(Product product, Browser browser) {
        CampaignPages pages = new CampaignPages(product, browser);
        String prefix = "dlv-" + Integer.toHexString(CampaignPages.unique("").hashCode()) + "-";
        List<ObjectNode> users = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            String id = prefix + String.format("%02d", i);
            users.add(user(id, "email", id + "@deliveries.test", "firstName", "Reader" + i));
        }
        users.add(user(prefix + "52", "email", prefix + "52@deliveries.test"));
        users.add(user(prefix + "53", "email", prefix + "53@deliveries.test", "emailOptOut", true));
        users.add(user(prefix + "54", "email", prefix + "54@deliveries.test", "emailOptOut", true));
        users.add(user(prefix + "55", "phone", "+4915100000055"));
        String segmentName = CampaignPages.unique("Delivery readers");
        String segmentId = pages.cohort(segmentName, users);
        String id = pages.draft("{\"segmentId\": \"" + segmentId + "\", \"name\": \"Personal note\", \"channel\": "
                + "\"email\", \"message\": {\"subject\": \"For {{firstName}}\", \"text\": \"A note for you.\"}}")
                .get("id").asText();

        browser.signIn(Product.ADMIN_KEY);
        browser.open("/campaigns/" + id);
        browser.awaitText(testId("campaign-state"), "draft");
        browser.click(testId("send-now"));
        browser.click(testId("confirm-send-ok"));
        browser.awaitText(testId("campaign-state"), "sent");
        JsonNode campaign = pages.api().get("/api/campaigns/" + id);
        JsonNode send = campaign.get("send");
        assertThat(send.get("members").asLong()).isEqualTo(56);
        assertThat(send.get("excluded").get("optedOut").asLong()).isEqualTo(2);
        assertThat(send.get("excluded").get("notReachable").asLong()).isEqualTo(1);

        // the send: when, and who was left out and why
        browser.awaitAttribute(testId("send-members"), "data-value", send.get("members").asText());
        browser.awaitAttribute(testId("send-audience"), "data-value", send.get("audience").asText());
        browser.awaitAttribute(testId("excluded-optedOut"), "data-value", "2");
        browser.awaitAttribute(testId("excluded-notReachable"), "data-value", "1");
        browser.awaitText(testId("send-excluded"), "Left out: 1 not reachable (no valid address or token) · "
                + "2 opted out");
        browser.awaitAttribute(css("[data-testid=\"send-started\"] time"), "datetime", send.get("startedAt").asText());
        browser.awaitAttribute(css("[data-testid=\"send-finished\"] time"), "datetime",
                send.get("finishedAt").asText());
        JsonNode stats = campaign.get("stats");
        browser.awaitAttribute(testId("stat-sent"), "data-value", stats.get("sent").asText());
        browser.awaitAttribute(testId("stat-skipped"), "data-value", stats.get("skipped").get("total").asText());

        // every delivery record, 50 to a page, in user id order
        JsonNode first = pages.api().get("/api/campaigns/" + id + "/deliveries?limit=50");
        List<String> expected = pages.deliveryUsers(first);
        assertThat(expected).hasSize(50);
        assertThat(pages.deliveryUsers(expected.get(0))).isEqualTo(expected);
        WebElement annRow = browser.find(css("[data-testid=\"delivery-row\"][data-user=\"" + prefix + "00\"]"));
        assertThat(annRow.findElement(testId("delivery-status")).getText()).isEqualTo("sent");
        assertThat(annRow.findElement(testId("delivery-recipient")).getText())
                .isEqualTo(first.get("deliveries").get(0).get("recipient").asText());
        browser.awaitText(testId("deliveries-range"), "Records 1–50");
        browser.click(testId("deliveries-next"));
        JsonNode second = pages.api().get("/api/campaigns/" + id + "/deliveries?limit=50&after="
                + Api.encode(first.get("next").asText()));
        List<String> rest = pages.deliveryUsers(second);
        assertThat(rest).containsExactly(prefix + "50", prefix + "51", prefix + "52");
        assertThat(pages.deliveryUsers(rest.get(0))).isEqualTo(rest);
        browser.awaitText(testId("deliveries-range"), "Records 51–53");

        // filtered by status: the one user without a first name was skipped, with the reason
        browser.choose(testId("delivery-filter"), "skipped");
        JsonNode skipped = pages.api().get("/api/campaigns/" + id + "/deliveries?limit=50&status=skipped");
        assertThat(pages.deliveryUsers(skipped)).containsExactly(prefix + "52");
        assertThat(pages.deliveryUsers(prefix + "52")).containsExactly(prefix + "52");
        browser.awaitText(testId("delivery-detail"), skipped.get("deliveries").get(0).get("reason").asText());
        browser.choose(testId("delivery-filter"), "failed");
        browser.find(testId("deliveries-empty"));
    }
}

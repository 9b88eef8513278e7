package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;
import static io.segments.e2e.CampaignPages.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A draft campaign's page says that it is a draft, not sent, with the audience it would have now (the API's
 * reachability), and offers to edit it (the composer opened on the draft, saving it in place), send it or delete it.
 */
@ExtendWith(E2eExtension.class)
class CampaignDraftTest {
    @BeforeAll
    static void signIn(Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
    }

    /** Two users reachable by email, one opted out, one without an address. */
    static String readers(CampaignPages pages, String name) {
        return pages.cohort(name, List.of(
                user("draft-ann-" + name.hashCode(), "email", "ann@draft.test", "firstName", "Ann"),
                user("draft-ben-" + name.hashCode(), "email", "ben@draft.test"),
                user("draft-cid-" + name.hashCode(), "email", "cid@draft.test", "emailOptOut", true),
                user("draft-dee-" + name.hashCode(), "phone", "+4915100000009")));
    }

    @Test
    void aDraftShowsThatItIsNotSentWithItsAudienceNowAndIsEditedInTheComposer(Product product, Browser browser) {
        CampaignPages pages = new CampaignPages(product, browser);
        String segmentName = CampaignPages.unique("Draft readers");
        String segmentId = readers(pages, segmentName);
        JsonNode draft = pages.draft("{\"segmentId\": \"" + segmentId + "\", \"name\": \"Spring letter\", "
                + "\"channel\": \"email\", \"message\": {\"subject\": \"Hello {{firstName | \\\"reader\\\"}}\", "
                + "\"text\": \"Spring is here.\"}}");
        String id = draft.get("id").asText();
        JsonNode reach = pages.api().get("/api/segments/" + segmentId + "/reachability");
        assertThat(reach.get("email").asLong()).isEqualTo(2);

        browser.open("/campaigns/" + id);
        browser.awaitText(testId("campaign-title"), "Spring letter");
        browser.awaitText(testId("campaign-state"), "draft");
        browser.awaitText(testId("draft-status"), "Not sent yet");
        browser.awaitAttribute(testId("draft-audience"), "data-reachable", reach.get("email").asText());
        browser.awaitAttribute(testId("draft-audience"), "data-members", reach.get("total").asText());
        browser.awaitText(testId("draft-audience-text"), "If sent now, it goes to 2 of the 4 users in " + segmentName
                + " who can be reached by email.");
        assertThat(browser.all(testId("campaign-progress"))).as("no delivery progress for a draft").isEmpty();
        assertThat(browser.find(testId("campaign-page")).getText()).doesNotContain("users done");
        browser.find(testId("send-now"));
        browser.find(testId("delete-campaign"));
        browser.screenshot("campaign-draft");

        // edit: the composer opens on the draft and saves it in place
        browser.click(testId("edit-campaign"));
        browser.awaitRoute("/campaigns/" + id + "/edit");
        browser.awaitText(testId("page-title"), "Edit campaign");
        browser.awaitAttribute(testId("campaign-name"), "value", draft.get("name").asText());
        browser.awaitAttribute(testId("message-subject"), "value", draft.get("message").get("subject").asText());
        browser.awaitAttribute(testId("message-text"), "value", draft.get("message").get("text").asText());
        browser.type(testId("campaign-name"), "Spring letter, second take");
        browser.type(testId("message-subject"), "Hi {{firstName | \"friend\"}}");
        browser.click(testId("save-draft"));
        browser.awaitRoute("/campaigns/" + id);
        browser.awaitText(testId("campaign-title"), "Spring letter, second take");
        JsonNode saved = pages.api().get("/api/campaigns/" + id);
        assertThat(saved.get("state").asText()).isEqualTo("draft");
        assertThat(saved.get("name").asText()).isEqualTo("Spring letter, second take");
        assertThat(saved.get("message").get("subject").asText()).isEqualTo("Hi {{firstName | \"friend\"}}");
        assertThat(saved.get("message").get("text").asText()).isEqualTo("Spring is here.");
        assertThat(pages.listed("?segmentId=" + segmentId)).as("saved in place, no second draft").containsExactly(id);

        // the segment's page lists the draft as not sent, not as a finished send of nobody ("0 sent … of 0")
        browser.open("/segments/" + segmentId);
        String row = "tr[data-testid=\"campaign-row\"][data-id=\"" + id + "\"] ";
        browser.awaitText(css(row + "[data-testid=\"campaign-state\"]"), "draft");
        browser.awaitText(css(row + "[data-testid=\"campaign-stats\"]"), "not sent");

        // a name of 150 emoji is kept whole: the field counts code points as the server does (200 at most)
        String emoji = "\uD83C\uDF89".repeat(150);
        browser.open("/campaigns/" + id + "/edit");
        browser.awaitAttribute(testId("campaign-name"), "value", "Spring letter, second take");
        browser.type(testId("campaign-name"), "");
        browser.insertText(testId("campaign-name"), emoji);
        browser.awaitText(testId("campaign-name-length"), "150 / 200");
        browser.click(testId("save-draft"));
        browser.awaitRoute("/campaigns/" + id);
        assertThat(pages.api().get("/api/campaigns/" + id).get("name").asText()).isEqualTo(emoji);
    }

    @Test
    void aDraftIsDeletedFromItsPageAndACampaignThatWasSentOffersNoDeletion(Product product, Browser browser) {
        CampaignPages pages = new CampaignPages(product, browser);
        String segmentId = readers(pages, CampaignPages.unique("Deleted drafts"));
        String body = "{\"segmentId\": \"" + segmentId + "\", \"name\": \"Throwaway\", \"channel\": \"email\", "
                + "\"message\": {\"subject\": \"Hi\", \"text\": \"Soon gone.\"}}";
        String id = pages.draft(body).get("id").asText();
        String sent = pages.draft(body.replace("Throwaway", "Kept")).get("id").asText();
        pages.sendAndAwait(sent);

        browser.open("/campaigns/" + id);
        browser.awaitText(testId("campaign-state"), "draft");
        browser.click(testId("delete-campaign"));
        browser.click(testId("confirm-delete-ok"));
        browser.awaitRoute("/campaigns");
        assertThat(pages.api().send("GET", "/api/campaigns/" + id, null).status()).isEqualTo(404);
        assertThat(pages.listed("?segmentId=" + segmentId)).containsExactly(sent);
        browser.find(CampaignPages.row(sent));
        assertThat(browser.all(CampaignPages.row(id))).isEmpty();

        browser.open("/campaigns/" + sent);
        browser.awaitText(testId("campaign-state"), "sent");
        assertThat(browser.all(testId("delete-campaign"))).isEmpty();
        assertThat(browser.all(testId("edit-campaign"))).isEmpty();
        browser.open("/campaigns/" + sent + "/edit");
        String refusal = "“Kept” was sent: a campaign that started sending can no longer be changed.";
        browser.await("the composer to refuse a sent campaign", d -> d.findElement(testId("not-editable")).getText()
                .contains(refusal));
        assertThat(browser.all(testId("save-draft"))).isEmpty();
    }
}

package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.segments.e2e.Browser.testId;
import static io.segments.e2e.CampaignPages.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The composer of a new campaign: previews and test sends store nothing (a user who tries a message out and leaves
 * finds no draft), "Save draft" stores exactly one, and the SMS counter counts the message as the preview member
 * receives it, not the template.
 */
@ExtendWith(E2eExtension.class)
class CampaignComposerTest {
    private static final String TEXT = "Hi {{firstName | \"there\"}}, 20% off today only";

    @BeforeAll
    static void signIn(Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
    }

    @Test
    void previewsAndTestSendsLeaveNoDraftAndSaveDraftStoresOne(Product product, Browser browser) {
        CampaignPages pages = new CampaignPages(product, browser);
        String name = CampaignPages.unique("Texting fans");
        String ann = "composer-ann-" + name.hashCode();
        String segmentId = pages.cohort(name, List.of(user(ann, "phone", "+4915100000201", "firstName", "Ann"),
                user("composer-ben-" + name.hashCode(), "phone", "+4915100000202")));

        browser.open("/segments/" + segmentId + "/campaigns/new?channel=sms");
        browser.awaitText(testId("page-title"), "New campaign");
        browser.type(testId("message-text"), TEXT);
        browser.type(testId("preview-user"), ann);
        for (int i = 0; i < 3; i++) {
            browser.click(testId("preview-button")); // waits for the button, which is disabled while a preview runs
            browser.awaitText(testId("preview-sms"), "Hi Ann, 20% off today only");
        }
        browser.type(testId("test-to"), "+4915112345678");
        browser.click(testId("test-send"));
        browser.awaitText(testId("test-result"), "Test sent to +4915112345678.");
        browser.click(testId("cancel"));
        browser.awaitRoute("/segments/" + segmentId);
        assertThat(pages.listed("?segmentId=" + segmentId)).as("three previews and a test send stored nothing")
                .isEmpty();

        browser.open("/segments/" + segmentId + "/campaigns/new?channel=sms");
        browser.awaitText(testId("page-title"), "New campaign");
        browser.type(testId("campaign-name"), "Flash sale for fans");
        browser.type(testId("message-text"), TEXT);
        browser.click(testId("save-draft"));
        String route = browser.awaitRoute("/campaigns/cmp_[0-9a-z]+");
        List<String> stored = pages.listed("?segmentId=" + segmentId);
        assertThat(stored).containsExactly(route.substring("/campaigns/".length()));
        JsonNode draft = pages.api().get("/api/campaigns/" + stored.get(0));
        assertThat(draft.get("state").asText()).isEqualTo("draft");
        assertThat(draft.get("name").asText()).isEqualTo("Flash sale for fans");
        assertThat(draft.get("message").get("text").asText()).isEqualTo(TEXT);
        browser.awaitText(testId("draft-status"), "Not sent yet");
    }

    @Test
    void theSmsCounterCountsTheTextAsRenderedForThePreviewMember(Product product, Browser browser) {
        CampaignPages pages = new CampaignPages(product, browser);
        String name = CampaignPages.unique("Counted fans");
        String ann = "counter-ann-" + name.hashCode();
        String segmentId = pages.cohort(name, List.of(user(ann, "phone", "+4915100000301", "firstName", "Annabelle")));
        String rendered = pages.api().post("/api/campaigns/preview", "{\"segmentId\": \"" + segmentId + "\", "
                + "\"channel\": \"sms\", \"message\": {\"text\": " + Api.quote(TEXT) + "}, \"userId\": \"" + ann + "\"}")
                .get("message").get("text").asText();
        assertThat(rendered).isEqualTo("Hi Annabelle, 20% off today only");

        browser.open("/segments/" + segmentId + "/campaigns/new?channel=sms");
        browser.awaitText(testId("page-title"), "New campaign");
        browser.type(testId("preview-user"), ann);
        browser.type(testId("message-text"), TEXT);
        browser.awaitAttribute(testId("sms-counter"), "data-characters", Integer.toString(rendered.length()));
        browser.awaitText(testId("sms-counter"), rendered.length() + " characters for " + ann + " · 1 SMS");

        // without a member to render for, the count is the text with each placeholder's fallback
        browser.type(testId("preview-user"), "");
        String fallback = "Hi there, 20% off today only";
        browser.awaitText(testId("sms-counter"), "about " + fallback.length() + " characters · 1 SMS");

        // past one SMS: the parts of a long message as rendered
        String longText = TEXT + " " + "x".repeat(150);
        browser.type(testId("preview-user"), ann);
        browser.type(testId("message-text"), longText);
        int length = rendered.length() + 151;
        browser.awaitText(testId("sms-counter"), length + " characters for " + ann + " · 2 SMS");
        browser.screenshot("campaign-composer-sms");
    }
}

package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An email campaign from a segment's page: composed with placeholders, previewed for a member, sent once as a test,
 * then sent to the segment over SMTP (GreenMail) and followed to its delivery figures, which must be the API's and
 * match what the mail server received.
 */
@ExtendWith(E2eExtension.class)
class EmailCampaignTest {
    private static final String TEST_ADDRESS = "qa@segments.test";

    @Test
    void anEmailCampaignIsComposedPreviewedTestedAndSentFromTheSegmentPageAndItsStatsAreTheDeliveries(
            Product product, Browser browser) throws MessagingException {
        Api api = product.api();
        JsonNode segment = api.post("/api/segments", """
                {"name": "Thank the big spenders", "filter":
                  {"did": "Charged", "aggregate": {"fn": "sum", "property": "amount", "op": "gt", "value": 700}}}""");
        String segmentId = segment.get("id").asText();
        long members = api.get("/api/segments/" + segmentId + "/count").get("count").asLong();
        long reachable = api.get("/api/segments/" + segmentId + "/reachability").get("email").asLong();
        assertThat(reachable).as("members reachable by email in the data set").isPositive();
        int mailBefore = product.mail().getReceivedMessages().length;

        // from the segment page to the composer
        browser.signIn(Product.ADMIN_KEY);
        browser.open("/segments/" + segmentId);
        browser.awaitAttribute(testId("reach-email"), "data-count", Long.toString(reachable));
        browser.click(testId("campaign-email"));
        browser.awaitRoute("/segments/" + segmentId + "/campaigns/new");
        browser.awaitText(testId("page-title"), "New campaign");
        browser.awaitText(testId("composer-reach"),
                reachable + " of " + members + " users in Thank the big spenders can be reached by email.");
        String subjectTemplate = "A thank-you for {{name | \"you\"}}";
        String textTemplate = "Hello {{name | \"there\"}}, thank you for shopping with us.";
        browser.type(testId("campaign-name"), "Thank you, big spenders");
        browser.type(testId("message-subject"), subjectTemplate);
        browser.type(testId("message-text"), textTemplate);

        // preview for a member: the API renders the same
        String member = browser.await("a member to preview for",
                d -> emptyToNull(d.findElement(testId("preview-user")).getAttribute("value")));
        browser.click(testId("preview-button"));
        String subject = browser.await("the rendered subject",
                d -> emptyToNull(d.findElement(testId("preview-subject")).getText()));
        JsonNode rendered = api.post("/api/campaigns/preview", "{\"segmentId\": \"" + segmentId + "\", \"channel\": "
                + "\"email\", \"message\": {\"subject\": " + Api.quote(subjectTemplate) + ", \"text\": "
                + Api.quote(textTemplate) + "}, \"userId\": " + Api.quote(member) + "}").get("message");
        assertThat(subject).isEqualTo(rendered.get("subject").asText()).doesNotContain("{{");
        assertThat(browser.find(testId("preview-text")).getText()).isEqualTo(rendered.get("text").asText());
        browser.screenshot("campaign-composer");

        // a test send reaches the test address only
        browser.type(testId("test-to"), TEST_ADDRESS);
        browser.click(testId("test-send"));
        browser.awaitText(testId("test-result"), "Test sent to " + TEST_ADDRESS + ".");
        assertThat(product.mail().waitForIncomingEmail(10_000, mailBefore + 1)).isTrue();
        List<MimeMessage> tests = to(product.mail().getReceivedMessages(), TEST_ADDRESS);
        assertThat(tests).hasSize(1);
        assertThat(tests.get(0).getSubject()).isEqualTo(subject);
        assertThat(api.get("/api/segments/" + segmentId + "/campaigns").get("campaigns"))
                .as("the preview and the test send stored no campaign").isEmpty();

        // send now: the campaign page follows the delivery to its end
        browser.click(testId("send-now"));
        browser.click(testId("confirm-send-ok"));
        String campaignId = browser.awaitRoute("/campaigns/cmp_[0-9a-z]+").substring("/campaigns/".length());
        JsonNode campaigns = api.get("/api/segments/" + segmentId + "/campaigns").get("campaigns");
        assertThat(campaigns).as("send now stored the one campaign it sent").hasSize(1);
        assertThat(campaigns.get(0).get("id").asText()).isEqualTo(campaignId);
        browser.awaitText(testId("campaign-title"), "Thank you, big spenders");
        browser.awaitText(testId("campaign-state"), "sent");
        JsonNode sent = api.get("/api/campaigns/" + campaignId);
        JsonNode stats = sent.get("stats");
        assertThat(sent.get("state").asText()).isEqualTo("sent");
        assertThat(stats.get("audience").asLong()).as("the audience is the members reachable by email")
                .isEqualTo(reachable);
        assertThat(stats.get("sent").asLong()).isEqualTo(reachable);
        assertThat(stats.get("failed").asLong()).isZero();
        assertThat(stats.get("pending").asLong()).isZero();
        for (String figure : List.of("audience", "sent", "failed", "pending")) {
            browser.awaitAttribute(testId("stat-" + figure), "data-value", stats.get(figure).asText());
        }
        browser.awaitAttribute(testId("stat-skipped"), "data-value", stats.get("skipped").get("total").asText());
        browser.screenshot("campaign");

        // the mail server received one message per member sent to, each personalised
        assertThat(product.mail().waitForIncomingEmail(10_000, mailBefore + 1 + (int) reachable)).isTrue();
        List<MimeMessage> campaign = new ArrayList<>(Arrays.asList(product.mail().getReceivedMessages())
                .subList(mailBefore, product.mail().getReceivedMessages().length));
        campaign.removeAll(tests);
        assertThat(campaign).hasSize((int) reachable);
        Set<String> recipients = new HashSet<>();
        for (MimeMessage m : campaign) {
            recipients.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
            assertThat(m.getSubject()).startsWith("A thank-you for ").doesNotContain("{{");
            assertThat(m.getFrom()[0].toString()).contains("news@segments.test");
        }
        assertThat(recipients).as("one message per member").hasSize((int) reachable);

        // the segment page lists the campaign with its figures
        browser.open("/segments/" + segmentId);
        By row = css("tr[data-testid=\"campaign-row\"][data-id=\"" + campaignId + "\"]");
        browser.find(row);
        browser.await("the campaign's figures on the segment page", d -> d.findElement(row)
                .findElement(testId("campaign-stats-line")).getText().startsWith(reachable + " sent · 0 failed"));
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static List<MimeMessage> to(MimeMessage[] messages, String address) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : messages) {
            Address[] recipients = m.getRecipients(Message.RecipientType.TO);
            if (recipients != null && Arrays.stream(recipients).anyMatch(r -> r.toString().contains(address))) {
                found.add(m);
            }
        }
        return found;
    }
}

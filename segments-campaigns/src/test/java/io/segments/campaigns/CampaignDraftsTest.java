package io.segments.campaigns;

import io.segments.model.SegmentsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.segments.campaigns.CampaignServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drafts over a real store, delivering into the outbox: every campaign listed and filtered, a draft deleted (and a
 * campaign that started sending kept), and an unsaved message previewed and test-sent without storing anything.
 */
class CampaignDraftsTest {
    @TempDir
    Path dir;
    StoreFixture fx;
    CampaignService service;

    @BeforeEach
    void start() {
        fx = new StoreFixture(dir);
        service = fx.start(StoreFixture.config());
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    String proUsers() {
        fx.identify("ann", "plan", "pro", "phone", "+4915100000001", "firstName", "Ann")
                .identify("bob", "plan", "pro", "phone", "+4915100000002")
                .identify("cid", "plan", "pro", "phone", "+4915100000003", "smsOptOut", true)
                .identify("eve", "plan", "free", "phone", "+4915100000005", "firstName", "Eve")
                .ingest();
        return fx.segment(CampaignServiceTest.PRO);
    }

    static String sms(String segmentId, String name, String text) {
        return "{\"segmentId\": \"" + segmentId + "\", \"name\": \"" + name + "\", \"channel\": \"sms\", "
                + "\"message\": {\"text\": \"" + text + "\"}}";
    }

    @Test
    void everyCampaignIsListedNewestFirstAndFilteredBySegmentAndState() throws Exception {
        String pro = proUsers();
        String free = fx.segment("{\"attribute\": \"plan\", \"op\": \"eq\", \"value\": \"free\"}");
        String first = fx.campaign(sms(pro, "First", "Hi"));
        Thread.sleep(5);
        String second = fx.campaign(sms(free, "Second", "Hi"));
        Thread.sleep(5);
        String third = fx.campaign(sms(pro, "Third", "Hi"));
        service.send(first);
        fx.awaitDone(first);

        assertThat(ids(service.list(Optional.empty(), Optional.empty()))).containsExactly(third, second, first);
        assertThat(ids(service.list(Optional.of(pro), Optional.empty()))).containsExactly(third, first);
        assertThat(ids(service.list(Optional.empty(), Optional.of(CampaignState.DRAFT)))).containsExactly(third, second);
        assertThat(ids(service.list(Optional.of(pro), Optional.of(CampaignState.SENT)))).containsExactly(first);
        assertThat(service.list(Optional.of(free), Optional.of(CampaignState.SENDING))).isEmpty();
        CampaignDetails sent = service.list(Optional.empty(), Optional.of(CampaignState.SENT)).get(0);
        assertThat(sent.stats().sent()).as("listed with its stats").isEqualTo(2);
        assertThat(sent.run().orElseThrow().optedOut()).as("and its send").isEqualTo(1);

        assertError(() -> service.list(Optional.of("sgm_missing"), Optional.empty()), SegmentsException.Code.NOT_FOUND,
                null);
        fx.catalog.delete(free);
        assertThat(ids(service.list(Optional.of(free), Optional.empty())))
                .as("the campaigns of a deleted segment are still listed").containsExactly(second);
    }

    @Test
    void aDraftIsDeletedButACampaignThatStartedSendingIsKept() throws Exception {
        String pro = proUsers();
        String draft = fx.campaign(sms(pro, "Never mind", "Hi"));
        String sent = fx.campaign(sms(pro, "Weekly deal", "Hi"));
        service.send(sent);
        fx.awaitDone(sent);

        service.delete(draft);
        assertError(() -> service.get(draft), SegmentsException.Code.NOT_FOUND, null);
        assertThat(ids(service.list(Optional.empty(), Optional.empty()))).containsExactly(sent);
        assertError(() -> service.delete(draft), SegmentsException.Code.NOT_FOUND, null);
        assertError(() -> service.send(draft), SegmentsException.Code.NOT_FOUND, null);

        assertThatThrownBy(() -> service.delete(sent)).isInstanceOfSatisfying(SegmentsException.class, e -> {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.CONFLICT);
            assertThat(e.getMessage()).isEqualTo("campaign \"Weekly deal\" is sent: only a draft can be deleted "
                    + "(a campaign that started sending keeps its delivery records)");
        });
        CampaignDetails kept = service.get(sent);
        assertThat(kept.campaign().state()).isEqualTo(CampaignState.SENT);
        assertThat(service.deliveries(sent, Optional.empty(), 10, Optional.empty()).deliveries())
                .extracting(Delivery::userId).containsExactly("ann", "bob");
    }

    @Test
    void anUnsavedMessageIsPreviewedAndTestSentWithoutStoringACampaign() throws Exception {
        String pro = proUsers();
        Campaign unsaved = CampaignJson.readNewCampaign(sms(pro, "Unsaved", "Hi {{firstName | \\\"there\\\"}}"));

        CampaignPreview ann = service.preview(unsaved, "ann");
        assertThat(ann.campaignId()).as("no campaign was stored").isEmpty();
        assertThat(ann.member()).isTrue();
        assertThat(ann.rendering()).isEqualTo(new Rendering.Rendered(new Message.Sms("Hi Ann")));
        CampaignPreview cid = service.preview(unsaved, "cid");
        assertThat(cid.reason()).hasValue("opted out: smsOptOut is true");
        assertThat(service.preview(unsaved, "eve").member()).isFalse();
        assertThat(CampaignJson.toJson(ann).has("campaignId")).isFalse();

        SendResult sent = service.testSend(unsaved, new TestSend("+4915112345678", Optional.of("bob"), Map.of()));
        assertThat(sent).isInstanceOf(SendResult.Accepted.class);
        Path file = dir.resolve(ChannelProviders.OUTBOX_DIR).resolve(((SendResult.Accepted) sent).providerMessageId());
        assertThat(Files.readString(file)).startsWith("To: +4915112345678\n").endsWith("\nHi there\n");

        assertThat(service.list(Optional.empty(), Optional.empty())).as("nothing stored").isEmpty();
        assertError(() -> service.preview(unsaved, "nobody"), SegmentsException.Code.NOT_FOUND, "$.userId");
        Campaign elsewhere = CampaignJson.readNewCampaign(sms("sgm_missing", "Unsaved", "Hi"));
        assertError(() -> service.preview(elsewhere, "ann"), SegmentsException.Code.NOT_FOUND, "$.segmentId");
        assertError(() -> service.testSend(elsewhere, TestSend.to("+4915112345678")), SegmentsException.Code.NOT_FOUND,
                "$.segmentId");
        Campaign missing = CampaignJson.readNewCampaign(sms(pro, "Unsaved", "Hi {{firstName}}"));
        assertError(() -> service.testSend(missing, TestSend.to("+4915112345678")),
                SegmentsException.Code.INVALID_REQUEST, "$.message.text");
        try (Stream<Path> outbox = Files.list(dir.resolve(ChannelProviders.OUTBOX_DIR))) {
            assertThat(outbox).as("test sends of unsaved messages share one folder").hasSize(1);
        }
    }

    private static List<String> ids(List<CampaignDetails> campaigns) {
        return campaigns.stream().map(d -> d.campaign().requireId()).toList();
    }
}

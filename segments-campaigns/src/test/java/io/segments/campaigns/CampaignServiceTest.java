package io.segments.campaigns;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.segments.model.SegmentsException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The campaign service over a real store and a real SMTP server (GreenMail): who is in a campaign's
 * audience, what they receive, previews, test sends, stats and delivery records.
 */
class CampaignServiceTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final String PRO = "{\"attribute\": \"plan\", \"op\": \"eq\", \"value\": \"pro\"}";

    @TempDir
    Path dir;
    StoreFixture fx;
    CampaignService service;

    @BeforeEach
    void start() {
        fx = new StoreFixture(dir);
        service = fx.start(StoreFixture.smtp(MAIL.getSmtp().getPort()));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Pro users of every kind, and one free user; answers the id of the segment of pro users. */
    String proUsers() {
        fx.identify("ann", "plan", "pro", "email", "ann@example.com", "firstName", "Ann", "coupon", Map.of("code", "A-1"))
                .identify("bob", "plan", "pro", "email", "bob@example.com", "firstName", "Bob", "emailOptOut", true,
                        "coupon", Map.of("code", "B-1"))
                .identify("carl", "plan", "pro", "firstName", "Carl", "coupon", Map.of("code", "C-1"))
                .identify("dan", "plan", "pro", "email", "dan(at)example.com", "coupon", Map.of("code", "D-1"))
                .identify("fay", "plan", "pro", "email", "fay@example.com", "firstName", "Fay")
                .identify("hal", "plan", "pro", "email", "hal@example.com", "coupon", Map.of("code", 7))
                .identify("eve", "plan", "free", "email", "eve@example.com", "firstName", "Eve",
                        "coupon", Map.of("code", "E-1"))
                .ingest();
        return fx.segment(PRO);
    }

    static String emailCampaign(String segmentId) {
        return "{\"segmentId\": \"" + segmentId + "\", \"name\": \"Pro offer\", \"channel\": \"email\", \"message\": "
                + "{\"subject\": \"Hi {{firstName | \\\"there\\\"}}\", \"text\": \"Your code: {{coupon.code}}\"}}";
    }

    @Test
    void theAudienceIsTheReachableMembersAtSendTimeAndOnlyTheyReceiveTheRenderedMessage() throws Exception {
        String segment = proUsers();
        String id = fx.campaign(emailCampaign(segment));

        CampaignDetails started = service.send(id);
        // a pro user who appears once the send has started is a member now, but not in the audience
        fx.identify("gus", "plan", "pro", "email", "gus@example.com", "firstName", "Gus", "coupon", Map.of("code", "G"))
                .ingest();
        assertThat(started.campaign().state()).isEqualTo(CampaignState.SENDING);
        CampaignRun run = started.run().orElseThrow();
        assertThat(run.members()).isEqualTo(6);
        assertThat(run.audience()).as("ann, fay and hal have a valid address and consent").isEqualTo(3);
        assertThat(run.notReachable()).as("carl has no email, dan an invalid one").isEqualTo(2);
        assertThat(run.optedOut()).as("bob").isEqualTo(1);
        assertThat(run.frozenAt()).isPresent();
        assertThat(started.stats().audience()).isEqualTo(3);

        CampaignDetails done = fx.awaitDone(id);
        assertThat(fx.queries.count(segment, Optional.empty()).count()).as("gus is a member now").isEqualTo(7);
        assertThat(done.campaign().state()).isEqualTo(CampaignState.SENT);
        assertThat(done.run().orElseThrow().finishedAt()).isPresent();
        assertThat(done.stats()).isEqualTo(new DeliveryStats(id, 3, 2, 0,
                Map.of(SkipReason.MISSING_PLACEHOLDER, 1L), 0));

        Map<String, MimeMessage> received = EmailCampaignTest.byRecipient(MAIL.getReceivedMessages());
        assertThat(received).containsOnlyKeys("ann@example.com", "hal@example.com");
        assertThat(received.get("ann@example.com").getSubject()).isEqualTo("Hi Ann");
        assertThat(((String) received.get("ann@example.com").getContent()).trim()).isEqualTo("Your code: A-1");
        assertThat(received.get("hal@example.com").getSubject()).isEqualTo("Hi there");
        assertThat(((String) received.get("hal@example.com").getContent()).trim()).isEqualTo("Your code: 7");

        List<Delivery> records = service.deliveries(id, Optional.empty(), 100, Optional.empty()).deliveries();
        assertThat(records).extracting(Delivery::userId).containsExactly("ann", "fay", "hal");
        assertThat(records.get(1).status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(records.get(1).reason()).hasValue("missing placeholder value: coupon.code");
        assertThat(records.get(0).providerMessageId()).hasValue(received.get("ann@example.com").getMessageID());
    }

    @Test
    void aPreviewRendersForOneUserAndSaysWhetherAndWhyTheyWouldBeSkipped() {
        String segment = proUsers();
        String id = fx.campaign(emailCampaign(segment));

        CampaignPreview ann = service.preview(id, "ann");
        assertThat(ann.member()).isTrue();
        assertThat(ann.wouldSkip()).isFalse();
        assertThat(ann.rendering()).isEqualTo(new Rendering.Rendered(new Message.Email("Hi Ann", Optional.empty(),
                Optional.of("Your code: A-1"))));

        CampaignPreview bob = service.preview(id, "bob");
        assertThat(bob.skipReason()).hasValue(SkipReason.OPTED_OUT);
        assertThat(bob.reason()).hasValue("opted out: emailOptOut is true");
        assertThat(bob.rendering()).as("the message is shown even so").isInstanceOf(Rendering.Rendered.class);

        assertThat(service.preview(id, "carl").reason()).hasValue("not reachable: no email");
        assertThat(service.preview(id, "dan").reason()).hasValue("not reachable: email is not a valid address");
        CampaignPreview fay = service.preview(id, "fay");
        assertThat(fay.skipReason()).hasValue(SkipReason.MISSING_PLACEHOLDER);
        assertThat(fay.rendering()).isEqualTo(new Rendering.Missing("coupon.code", "$.message.text"));

        CampaignPreview eve = service.preview(id, "eve");
        assertThat(eve.member()).as("eve is on the free plan").isFalse();
        assertThat(eve.wouldSkip()).isFalse();

        assertThat(CampaignJson.toJson(bob).toString()).isEqualTo("{\"campaignId\":\"" + id + "\",\"userId\":\"bob\","
                + "\"member\":true,\"message\":{\"subject\":\"Hi Bob\",\"text\":\"Your code: B-1\"},"
                + "\"wouldSkip\":true,\"skipReason\":\"optedOut\",\"reason\":\"opted out: emailOptOut is true\"}");
        assertThat(CampaignJson.toJson(fay).toString()).contains(
                "\"missing\":{\"placeholder\":\"coupon.code\",\"path\":\"$.message.text\"}");

        assertError(() -> service.preview(id, "nobody"), SegmentsException.Code.NOT_FOUND, "$.userId");
        assertError(() -> service.preview("cmp_missing", "ann"), SegmentsException.Code.NOT_FOUND, null);
        assertThat(service.get(id).stats().audience()).as("a preview sends nothing").isZero();
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aCampaignBelongsToAnExistingSegmentStartsAsADraftAndIsListedWithItsSegment() throws Exception {
        String segment = proUsers();
        String other = fx.segment("{\"attribute\": \"plan\", \"op\": \"eq\", \"value\": \"free\"}");

        assertError(() -> fx.campaign(emailCampaign("sgm_missing")), SegmentsException.Code.NOT_FOUND, "$.segmentId");
        assertError(() -> CampaignJson.readNewCampaign(withKey(emailCampaign(segment), "\"state\": \"sent\"")),
                SegmentsException.Code.INVALID_REQUEST, "$.state");
        assertError(() -> CampaignJson.readNewCampaign(emailCampaign(segment).replace("{{coupon.code}}", "{{coupon.")),
                SegmentsException.Code.INVALID_REQUEST, "$.message.text");

        String first = fx.campaign(emailCampaign(segment));
        Thread.sleep(5);
        String second = fx.campaign(emailCampaign(segment).replace("Pro offer", "Second offer"));
        fx.campaign(emailCampaign(other));

        CampaignDetails stored = service.get(first);
        assertThat(stored.campaign().state()).isEqualTo(CampaignState.DRAFT);
        assertThat(stored.campaign().segmentId()).isEqualTo(segment);
        assertThat(stored.campaign().id().orElseThrow()).matches("cmp_[0-9a-z]{8}");
        assertThat(stored.campaign().createdAt()).isPresent();
        assertThat(stored.run()).isEmpty();
        assertThat(stored.stats()).isEqualTo(new DeliveryStats(first, 0, 0, 0, Map.of(), 0));
        assertThat(service.list(segment)).extracting(d -> d.campaign().requireId()).containsExactly(second, first);
        assertError(() -> service.list("sgm_missing"), SegmentsException.Code.NOT_FOUND, null);
        assertError(() -> service.get("cmp_missing"), SegmentsException.Code.NOT_FOUND, null);
    }

    @Test
    void aCampaignIsSentOnceAndNotWhenItsSegmentIsGone() throws Exception {
        String segment = proUsers();
        String id = fx.campaign(emailCampaign(segment));
        service.send(id);
        assertError(() -> service.send(id), SegmentsException.Code.CONFLICT, null);
        fx.awaitDone(id);
        assertError(() -> service.send(id), SegmentsException.Code.CONFLICT, null);
        assertThat(MAIL.getReceivedMessages()).hasSize(2);

        String doomed = fx.segment("{\"attribute\": \"plan\", \"op\": \"eq\", \"value\": \"free\"}");
        String orphan = fx.campaign(emailCampaign(doomed));
        fx.catalog.delete(doomed);
        assertError(() -> service.send(orphan), SegmentsException.Code.CONFLICT, null);
        assertThat(service.get(orphan).campaign().state()).as("it stays a draft").isEqualTo(CampaignState.DRAFT);
        assertThat(service.list(doomed)).as("the campaigns of a deleted segment are still listed").hasSize(1);
    }

    @Test
    void aTestSendGoesToOneAddressOutsideTheAudienceAndTheStats() throws Exception {
        String segment = proUsers();
        String id = fx.campaign(emailCampaign(segment));

        SendResult asAnn = service.testSend(id, new TestSend("qa@example.com", Optional.of("ann"), Map.of()));
        assertThat(asAnn).isInstanceOf(SendResult.Accepted.class);
        SendResult sample = service.testSend(id, new TestSend("qa@example.com", Optional.empty(),
                Map.of("coupon", Map.of("code", "SAMPLE"))));
        assertThat(sample).isInstanceOf(SendResult.Accepted.class);

        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).isEqualTo("Hi Ann");
        assertThat(received[1].getSubject()).isEqualTo("Hi there");
        assertThat(((String) received[1].getContent()).trim()).isEqualTo("Your code: SAMPLE");
        assertThat(EmailCampaignTest.to(received[0])).isEqualTo("qa@example.com");

        assertError(() -> service.testSend(id, TestSend.to("qa@example.com")), SegmentsException.Code.INVALID_REQUEST,
                "$.message.text");
        assertError(() -> service.testSend(id, TestSend.to("not an address")), SegmentsException.Code.INVALID_REQUEST,
                "$.to");
        assertError(() -> service.testSend(id, new TestSend("qa@example.com", Optional.of("nobody"), Map.of())),
                SegmentsException.Code.NOT_FOUND, "$.userId");
        CampaignDetails after = service.get(id);
        assertThat(after.campaign().state()).isEqualTo(CampaignState.DRAFT);
        assertThat(after.stats().audience()).isZero();
    }

    @Test
    void deliveryRecordsArePagedInUserIdOrderWithACursorAndFilteredByStatus() throws Exception {
        String segment = proUsers();
        String id = fx.campaign(emailCampaign(segment));
        service.send(id);
        fx.awaitDone(id);

        List<String> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        int pages = 0;
        do {
            DeliveryPage page = service.deliveries(id, Optional.empty(), 2, after);
            page.deliveries().forEach(d -> seen.add(d.userId()));
            after = page.next();
            pages++;
        } while (after.isPresent());
        assertThat(seen).containsExactly("ann", "fay", "hal");
        assertThat(pages).isEqualTo(2);
        assertThat(service.deliveries(id, Optional.of(DeliveryStatus.SENT), 10, Optional.empty()).deliveries())
                .extracting(Delivery::userId).containsExactly("ann", "hal");
        assertError(() -> service.deliveries(id, Optional.empty(), 10, Optional.of("not-a-cursor!")),
                SegmentsException.Code.INVALID_REQUEST, null);
        assertError(() -> service.deliveries(id, Optional.empty(), 0, Optional.empty()),
                SegmentsException.Code.INVALID_REQUEST, null);
    }

    @Test
    void pushGoesToEveryTokenOfTheReachableMembersAndTheirProfilesAreReadInBulk() throws Exception {
        service.close();
        service = fx.start(StoreFixture.config());
        fx.identify("p1", "plan", "pro", "firstName", "Pia")
                .pushToken("p1", "tok-a").pushToken("p1", "tok-b")
                .identify("p2", "plan", "pro", "pushToken", "trait-token")
                .identify("p3", "plan", "pro").pushToken("p3", "tok-c").identify("p3", "pushOptOut", true)
                .identify("p4", "plan", "pro")
                .ingest();
        String segment = fx.segment(PRO);
        String id = fx.campaign("{\"segmentId\": \"" + segment + "\", \"name\": \"Push\", \"channel\": \"push\", "
                + "\"message\": {\"title\": \"Hey {{firstName | \\\"you\\\"}}\", \"body\": \"New arrivals\"}}");

        CampaignRun run = service.send(id).run().orElseThrow();
        assertThat(run).isEqualTo(new CampaignRun(run.startedAt(), run.frozenAt(), Optional.empty(), 4, 2, 1, 1));
        CampaignDetails done = fx.awaitDone(id);
        assertThat(done.stats().sent()).isEqualTo(2);

        Path outbox = dir.resolve(ChannelProviders.OUTBOX_DIR).resolve(id);
        String p1 = Files.readString(outbox.resolve("p1.push.txt"));
        assertThat(p1).startsWith("To: tok-a, tok-b\n").contains("Title: Hey Pia\n").endsWith("\nNew arrivals\n");
        assertThat(Files.readString(outbox.resolve("p2.push.txt"))).startsWith("To: trait-token\n")
                .contains("Title: Hey you\n");
        try (var files = Files.list(outbox)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void audiencesLargerThanAChunkAreFrozenAndServedChunkByChunk() throws Exception {
        service.close();
        service = fx.start(StoreFixture.config(), 2, 3);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String user = "s" + (char) ('a' + i);
            fx.identify(user, "plan", "pro", "phone", "+49151000000" + (10 + i), "smsOptOut", i % 4 == 3);
            if (i % 4 != 3) {
                expected.add(user + ".sms.txt");
            }
        }
        fx.identify("nophone", "plan", "pro").ingest();
        String id = fx.campaign("{\"segmentId\": \"" + fx.segment(PRO) + "\", \"name\": \"SMS\", \"channel\": \"sms\","
                + " \"message\": {\"text\": \"Hi\"}}");

        CampaignRun run = service.send(id).run().orElseThrow();
        assertThat(List.of(run.members(), run.audience(), run.notReachable(), run.optedOut()))
                .containsExactly(12L, 9L, 1L, 2L);
        CampaignDetails done = fx.awaitDone(id);
        assertThat(done.stats()).isEqualTo(new DeliveryStats(id, 9, 9, 0, Map.of(), 0));
        try (var files = Files.list(dir.resolve(ChannelProviders.OUTBOX_DIR).resolve(id))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aSendStoppedBeforeItsAudienceWasFrozenFreezesItAtTheNextStart() throws Exception {
        String segment = proUsers();
        String id = fx.campaign(emailCampaign(segment));
        // what a stop right after "draft -> sending" leaves behind: no audience recorded, nothing enrolled
        try (Connection c = fx.store.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE campaigns SET state = 'sending', send_started_at = 1 WHERE id = '" + id + "'");
        }
        service = fx.restart(StoreFixture.smtp(MAIL.getSmtp().getPort()));
        CampaignDetails done = fx.awaitDone(id);
        assertThat(done.campaign().state()).isEqualTo(CampaignState.SENT);
        assertThat(done.run().orElseThrow().audience()).isEqualTo(3);
        assertThat(done.stats().sent()).isEqualTo(2);
        assertThat(EmailCampaignTest.byRecipient(MAIL.getReceivedMessages()))
                .containsOnlyKeys("ann@example.com", "hal@example.com");
    }

    /** A JSON object with one more key. */
    static String withKey(String json, String member) {
        return json.substring(0, json.lastIndexOf('}')) + ", " + member + "}";
    }

    static void assertError(Runnable call, SegmentsException.Code code, String path) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SegmentsException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            if (path != null) {
                assertThat(e.path()).as(e.getMessage()).hasValue(path);
            }
        });
    }
}

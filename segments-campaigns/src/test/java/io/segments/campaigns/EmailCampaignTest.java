package io.segments.campaigns;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.segments.campaigns.internal.MimeMessages;
import io.segments.model.Channel;
import io.segments.model.eval.Profile;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.segments.campaigns.Profiles.traits;
import static io.segments.campaigns.Profiles.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Email campaigns against a real SMTP server (GreenMail) on free ports. */
class EmailCampaignTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("news@example.com", "news", "right"));

    static final String FROM = "Shop <news@example.com>";

    @TempDir
    Path dir;
    Connection connection;
    DeliveryLedger ledger;

    @BeforeEach
    void open() throws Exception {
        connection = TestLedgers.open(dir);
        ledger = new JdbcDeliveryLedger(connection);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    static ProviderConfig.Smtp smtp(SmtpTls tls, int port, Optional<String> password) {
        return new ProviderConfig.Smtp("127.0.0.1", port, tls, password.map(p -> "news"), password, FROM,
                tls == SmtpTls.NONE ? Optional.empty() : Optional.of("*"));
    }

    CampaignSender sender(ProviderConfig.Smtp smtp, int attempts) {
        DeliveryConfig config = new DeliveryConfig(smtp, new ProviderConfig.Outbox(), new ProviderConfig.Outbox(),
                Duration.ofSeconds(5), new SendPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(20),
                Map.of(Channel.EMAIL, 1000.0)));
        return CampaignSender.create(config, dir, ledger);
    }

    static final Campaign WIN_BACK = Campaign.draft("sgm_1", "Win back", new Message.Email(
            "Hello {{firstName | \"there\"}}",
            Optional.of("<p>Hi {{firstName | \"friend\"}}, use <b>{{coupon.code}}</b></p>"),
            Optional.of("Hi {{firstName | \"friend\"}}, use {{coupon.code}}"))).withId("cmp_1");

    static final List<Profile> AUDIENCE = List.of(
            user("ann", "email", "ann@example.com", "firstName", "Ann <script>", "coupon", Map.of("code", "SAVE10")),
            user("bob", "email", "bob@example.com", "coupon", Map.of("code", "BOB&CO")),
            user("carol", "email", "carol@example.com", "emailOptOut", true, "coupon", Map.of("code", "C")),
            user("dave", "email", "not-an-email", "coupon", Map.of("code", "D")),
            user("erin", "coupon", Map.of("code", "E")),
            user("frank", "email", "frank@example.com", "emailOptOut", "true", "coupon", Map.of("code", 42)),
            user("gina", "email", "gina@example.com", "firstName", "Gina"));

    static String to(MimeMessage m) throws Exception {
        Address[] to = m.getRecipients(jakarta.mail.Message.RecipientType.TO);
        assertThat(to).hasSize(1);
        return to[0].toString();
    }

    static Map<String, MimeMessage> byRecipient(MimeMessage[] messages) throws Exception {
        Map<String, MimeMessage> out = new TreeMap<>();
        for (MimeMessage m : messages) {
            assertThat(out.put(to(m), m)).as("one message per recipient").isNull();
        }
        return out;
    }

    @Test
    void sendsToReachableConsentingUsersWithRenderedEscapedMessagesAndRecordsTheRest() throws Exception {
        try (CampaignSender sender = sender(smtp(SmtpTls.NONE, MAIL.getSmtp().getPort(), Optional.empty()), 2)) {
            SendReport report = sender.send(WIN_BACK, AUDIENCE);
            assertThat(report.state()).isEqualTo(CampaignState.SENT);
            assertThat(report.stats()).isEqualTo(new DeliveryStats("cmp_1", 7, 3, 0, Map.of(
                    SkipReason.OPTED_OUT, 1L, SkipReason.NOT_REACHABLE, 2L, SkipReason.MISSING_PLACEHOLDER, 1L), 0));
        }
        Map<String, MimeMessage> received = byRecipient(MAIL.getReceivedMessages());
        assertThat(received).containsOnlyKeys("ann@example.com", "bob@example.com", "frank@example.com");

        MimeMessage ann = received.get("ann@example.com");
        assertThat(ann.getSubject()).isEqualTo("Hello Ann <script>");
        assertThat(ann.getFrom()[0].toString()).isEqualTo(FROM);
        assertThat(ann.getMessageID()).isEqualTo("<" + new DeliveryKey("cmp_1", "ann").idempotencyKey() + "@example.com>");
        assertThat(ann.getHeader(MimeMessages.CAMPAIGN_HEADER, null)).isEqualTo("cmp_1");
        Multipart parts = (Multipart) ann.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(((String) parts.getBodyPart(0).getContent()).trim()).isEqualTo("Hi Ann <script>, use SAVE10");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(((String) parts.getBodyPart(1).getContent()).trim())
                .isEqualTo("<p>Hi Ann &lt;script&gt;, use <b>SAVE10</b></p>");

        MimeMessage bob = received.get("bob@example.com");
        assertThat(bob.getSubject()).isEqualTo("Hello there");
        assertThat(((String) ((Multipart) bob.getContent()).getBodyPart(1).getContent()).trim())
                .isEqualTo("<p>Hi friend, use <b>BOB&amp;CO</b></p>");
        assertThat(((String) ((Multipart) received.get("frank@example.com").getContent()).getBodyPart(0).getContent())
                .trim()).as("a number renders plainly; the string \"true\" is no opt-out").isEqualTo("Hi friend, use 42");

        assertThat(ledger.delivery("cmp_1", "ann").orElseThrow().providerMessageId()).hasValue(ann.getMessageID());
        assertThat(ledger.delivery("cmp_1", "ann").orElseThrow().recipient()).hasValue("ann@example.com");
        assertThat(reason("carol")).hasValue("opted out: emailOptOut is true");
        assertThat(reason("dave")).hasValue("not reachable: email is not a valid address");
        assertThat(reason("erin")).hasValue("not reachable: no email");
        assertThat(reason("gina")).hasValue("missing placeholder value: coupon.code");
    }

    private Optional<String> reason(String userId) {
        return ledger.delivery("cmp_1", userId).orElseThrow().reason();
    }

    @Test
    void sendingTheCampaignAgainSendsNothingMoreAndATestSendIsNotRecorded() throws Exception {
        try (CampaignSender sender = sender(smtp(SmtpTls.NONE, MAIL.getSmtp().getPort(), Optional.empty()), 1)) {
            sender.send(WIN_BACK, AUDIENCE);
            DeliveryStats before = sender.stats("cmp_1");
            sender.send(WIN_BACK, AUDIENCE);
            assertThat(MAIL.getReceivedMessages()).hasSize(3);
            SendResult test = sender.testSend(WIN_BACK, "qa@example.com", traits("firstName", "Tess",
                    "coupon", Map.of("code", "TEST")));
            assertThat(test).isInstanceOf(SendResult.Accepted.class);
            assertThat(sender.stats("cmp_1")).isEqualTo(before);
        }
        MimeMessage qa = byRecipient(MAIL.getReceivedMessages()).get("qa@example.com");
        assertThat(qa.getSubject()).isEqualTo("Hello Tess");
        assertThat(ledger.delivery("cmp_1", "qa@example.com")).isEmpty();
    }

    @Test
    void tlsFromTheFirstByteDeliversOverSmtps() throws Exception {
        try (CampaignSender sender = sender(smtp(SmtpTls.TLS, MAIL.getSmtps().getPort(), Optional.of("right")), 1)) {
            SendReport r = sender.send(WIN_BACK, AUDIENCE.subList(0, 1));
            assertThat(r.stats().sent()).isEqualTo(1);
        }
        assertThat(byRecipient(MAIL.getReceivedMessages())).containsOnlyKeys("ann@example.com");
    }

    @Test
    void certificatesAreVerifiedUnlessTheHostIsTrusted() {
        ProviderConfig.Smtp verifying = new ProviderConfig.Smtp("127.0.0.1", MAIL.getSmtps().getPort(), SmtpTls.TLS,
                Optional.empty(), Optional.empty(), FROM, Optional.empty());
        try (CampaignSender sender = sender(verifying, 3)) {
            sender.send(WIN_BACK, AUDIENCE.subList(0, 1));
        }
        Delivery d = ledger.delivery("cmp_1", "ann").orElseThrow();
        assertThat(d.reason().orElseThrow()).startsWith("TLS handshake with the SMTP server failed");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void plainSmtpIsNotAcceptedWhenStarttlsIsRequired() {
        try (CampaignSender sender = sender(smtp(SmtpTls.STARTTLS, MAIL.getSmtp().getPort(), Optional.empty()), 3)) {
            sender.send(WIN_BACK, AUDIENCE.subList(0, 1));
        }
        Delivery d = ledger.delivery("cmp_1", "ann").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.reason().orElseThrow()).contains("STARTTLS");
        assertThat(d.attempts()).as("a configuration failure is not retried").isEqualTo(1);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void wrongCredentialsFailWithoutRetryAndRightOnesSend() {
        try (CampaignSender sender = sender(smtp(SmtpTls.TLS, MAIL.getSmtps().getPort(), Optional.of("wrong")), 3)) {
            sender.send(WIN_BACK, AUDIENCE.subList(0, 1));
        }
        Delivery d = ledger.delivery("cmp_1", "ann").orElseThrow();
        assertThat(d.reason().orElseThrow()).startsWith("SMTP authentication failed");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetriedThenFailed() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (CampaignSender sender = sender(smtp(SmtpTls.NONE, closedPort, Optional.empty()), 2)) {
            sender.send(WIN_BACK, AUDIENCE.subList(0, 1));
        }
        Delivery d = ledger.delivery("cmp_1", "ann").orElseThrow();
        assertThat(d.reason().orElseThrow()).startsWith("SMTP connection failed").endsWith("(after 2 attempts)");
        assertThat(Arrays.asList(MAIL.getReceivedMessages())).isEmpty();
    }
}

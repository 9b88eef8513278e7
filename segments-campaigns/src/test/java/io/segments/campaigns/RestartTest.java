package io.segments.campaigns;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.segments.campaigns.internal.SmtpProvider;
import io.segments.model.Channel;
import io.segments.model.eval.Profile;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.segments.campaigns.Profiles.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sender stopped abruptly in the middle of a campaign, and a new one over the same DuckDB file
 * finishing it: every reachable user gets the message once, except the one delivery per crash that
 * was handed to SMTP but not recorded, which is re-sent with the same Message-ID.
 */
class RestartTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    static final Campaign CAMPAIGN = Campaign.draft("sgm", "Restart", new Message.Email("Hi {{firstName}}",
            Optional.empty(), Optional.of("Hello {{firstName}}"))).withId("cmp_r");
    static final int K = 4;

    /** Ten reachable users and two that are skipped, interleaved. */
    static List<Profile> audience() {
        List<Profile> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add(user("u" + i, "email", "u" + i + "@example.com", "firstName", "U" + i));
            if (i == 2) {
                users.add(user("optout", "email", "o@example.com", "firstName", "O", "emailOptOut", true));
            }
            if (i == 6) {
                users.add(user("noaddress", "firstName", "N"));
            }
        }
        return users;
    }

    /** Passes sends to the real SMTP provider and runs {@code hook} on the n-th call, before or after it. */
    static final class Interrupting implements ChannelProvider {
        final ChannelProvider delegate;
        final int at;
        final boolean afterSend;
        final Runnable hook;
        int calls;

        Interrupting(ChannelProvider delegate, int at, boolean afterSend, Runnable hook) {
            this.delegate = delegate;
            this.at = at;
            this.afterSend = afterSend;
            this.hook = hook;
        }

        @Override
        public Channel channel() {
            return delegate.channel();
        }

        @Override
        public SendResult send(Message message, Recipient recipient, DeliveryKey key) {
            calls++;
            if (calls == at && !afterSend) {
                hook.run();
            }
            SendResult r = delegate.send(message, recipient, key);
            if (calls == at && afterSend) {
                hook.run();
            }
            return r;
        }

        @Override
        public String describe() {
            return "interrupting " + delegate.describe();
        }
    }

    ChannelProvider smtp() {
        return new SmtpProvider(new ProviderConfig.Smtp("127.0.0.1", MAIL.getSmtp().getPort(), SmtpTls.NONE,
                Optional.empty(), Optional.empty(), "news@example.com", Optional.empty()), Duration.ofSeconds(5));
    }

    static SendPolicy policy() {
        return new SendPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Map.of(Channel.EMAIL, 1000.0));
    }

    /** Runs the first sender until it dies, then a second one over a new connection to the same file. */
    SendReport crashThenResume(int at, boolean afterSend, Class<? extends Throwable> death) throws Exception {
        Connection first = TestLedgers.open(dir);
        Runnable hook = afterSend ? () -> closeQuietly(first) : () -> {
            throw new Error("simulated crash before the send");
        };
        ChannelProvider smtp1 = smtp();
        CampaignSender sender1 = new CampaignSender(
                Map.of(Channel.EMAIL, new Interrupting(smtp1, at, afterSend, hook)), new JdbcDeliveryLedger(first), policy());
        assertThatThrownBy(() -> sender1.send(CAMPAIGN, audience())).isInstanceOf(death);
        smtp1.close();
        first.close();

        try (Connection second = TestLedgers.open(dir)) {
            JdbcDeliveryLedger ledger = new JdbcDeliveryLedger(second);
            assertThat(ledger.stats("cmp_r").pending()).as("the first run stopped part way").isGreaterThan(0);
            try (CampaignSender sender2 = new CampaignSender(Map.of(Channel.EMAIL, smtp()), ledger, policy())) {
                return sender2.send(CAMPAIGN, audience());
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCrashBeforeASendLeavesEveryReachableUserWithExactlyOneMessage() throws Exception {
        SendReport report = crashThenResume(K + 1, false, Error.class);
        assertThat(report.state()).isEqualTo(CampaignState.SENT);
        assertThat(report.stats()).isEqualTo(new DeliveryStats("cmp_r", 12, 10, 0,
                Map.of(SkipReason.OPTED_OUT, 1L, SkipReason.NOT_REACHABLE, 1L), 0));
        Map<String, List<MimeMessage>> received = byRecipient();
        assertThat(received).hasSize(10);
        assertThat(received.values()).allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(received).doesNotContainKey("o@example.com");
    }

    @Test
    void aCrashBetweenSendAndRecordResendsThatOneMessageWithTheSameMessageId() throws Exception {
        SendReport report = crashThenResume(K + 1, true, IllegalStateException.class);
        assertThat(report.stats().sent()).isEqualTo(10);
        assertThat(report.stats().pending()).isZero();
        Map<String, List<MimeMessage>> received = byRecipient();
        assertThat(received).hasSize(10);
        Set<String> messageIds = new HashSet<>();
        List<String> doubled = new ArrayList<>();
        for (Map.Entry<String, List<MimeMessage>> e : received.entrySet()) {
            for (MimeMessage m : e.getValue()) {
                messageIds.add(m.getMessageID());
            }
            if (e.getValue().size() > 1) {
                doubled.add(e.getKey());
                assertThat(e.getValue()).hasSize(2);
                assertThat(e.getValue().get(0).getMessageID()).isEqualTo(e.getValue().get(1).getMessageID());
            }
        }
        // the fifth message went to u4 (the opted-out user is skipped, not sent)
        assertThat(doubled).as("only the in-doubt delivery is repeated").containsExactly("u4@example.com");
        assertThat(messageIds).as("one Message-ID per user, so the repeat can be recognised").hasSize(10);
    }

    private static Map<String, List<MimeMessage>> byRecipient() throws Exception {
        Map<String, List<MimeMessage>> out = new HashMap<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            out.computeIfAbsent(EmailCampaignTest.to(m), k -> new ArrayList<>()).add(m);
        }
        return out;
    }
}

package io.segments.campaigns;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign service stopped abruptly in the middle of a send, and a new one started on the same
 * data directory: the campaign finishes and every reachable member has exactly one message.
 */
class CampaignServiceRestartTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final int REACHABLE = 30;
    static final int K = 5;

    @TempDir
    Path dir;

    @Test
    void aSendInterruptedByAStopResumesAtTheNextStartWithExactlyOneMessagePerReachableMember() throws Exception {
        // 10 messages a second: the send takes about three seconds, time enough to stop it part way
        DeliveryConfig slow = StoreFixture.smtp(MAIL.getSmtp().getPort(), "SEGMENTS_EMAIL_RATE", "10");
        try (StoreFixture fx = new StoreFixture(dir)) {
            for (int i = 0; i < REACHABLE; i++) {
                fx.identify(String.format("u%02d", i), "vip", true, "email", "u" + i + "@example.com", "n", i);
            }
            fx.identify("optout", "vip", true, "email", "optout@example.com", "emailOptOut", true)
                    .identify("nomail", "vip", true)
                    .identify("other", "vip", false, "email", "other@example.com")
                    .ingest();
            String segment = fx.segment("{\"attribute\": \"vip\", \"op\": \"eq\", \"value\": true}");
            fx.start(slow);
            String id = fx.campaign("{\"segmentId\": \"" + segment + "\", \"name\": \"VIP\", \"channel\": \"email\","
                    + " \"message\": {\"subject\": \"For you, number {{n}}\", \"text\": \"Hello {{n}}\"}}");
            assertThat(fx.service.send(id).run().orElseThrow().audience()).isEqualTo(REACHABLE);

            assertThat(MAIL.waitForIncomingEmail(30_000, K)).isTrue();
            fx.service.close();
            int beforeRestart = MAIL.getReceivedMessages().length;
            assertThat(beforeRestart).as("stopped part way").isBetween(K, REACHABLE - 1);
            try (Connection c = fx.store.connect()) {
                DeliveryStats stopped = new JdbcDeliveryLedger(c).stats(id);
                assertThat(stopped.sent()).as("every message that left is recorded").isEqualTo(beforeRestart);
                assertThat(stopped.pending()).isEqualTo(REACHABLE - beforeRestart);
            }

            fx.restart(slow);
            CampaignDetails done = fx.awaitDone(id);
            assertThat(done.campaign().state()).isEqualTo(CampaignState.SENT);
            assertThat(done.stats()).isEqualTo(new DeliveryStats(id, REACHABLE, REACHABLE, 0, Map.of(), 0));
        }

        Map<String, Integer> perRecipient = new HashMap<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            perRecipient.merge(EmailCampaignTest.to(m), 1, Integer::sum);
        }
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < REACHABLE; i++) {
            expected.add("u" + i + "@example.com");
        }
        assertThat(new TreeSet<>(perRecipient.keySet())).isEqualTo(expected);
        assertThat(perRecipient.values()).as("exactly one message each").containsOnly(1);
    }
}

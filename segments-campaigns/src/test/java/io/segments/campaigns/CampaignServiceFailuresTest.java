package io.segments.campaigns;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMS campaigns through the webhook provider against a real local HTTP server that accepts,
 * refuses or does not answer in time: every outcome is recorded with its reason and attempts, and
 * the campaign's state follows from them.
 */
class CampaignServiceFailuresTest {
    @TempDir
    Path dir;
    StoreFixture fx;
    ProviderServer provider;

    @BeforeEach
    void start() throws Exception {
        provider = new ProviderServer();
        fx = new StoreFixture(dir);
        fx.identify("a1", "club", "yes", "phone", "+4915100000001")
                .identify("a2", "club", "yes", "phone", "+4915100000002")
                .identify("a3", "club", "yes", "phone", "+4915100000003")
                .ingest();
        fx.start(StoreFixture.config("SEGMENTS_SMS_URL", provider.url("/sms").toString(),
                "SEGMENTS_SEND_TIMEOUT", "1s", "SEGMENTS_SEND_ATTEMPTS", "2"));
    }

    @AfterEach
    void stop() {
        fx.close();
        provider.close();
    }

    String campaign() {
        String segment = fx.segment("{\"attribute\": \"club\", \"op\": \"eq\", \"value\": \"yes\"}");
        return fx.campaign("{\"segmentId\": \"" + segment + "\", \"name\": \"Club\", \"channel\": \"sms\", "
                + "\"message\": {\"text\": \"Club night is on\"}}");
    }

    @Test
    void acceptedRefusedAndTimedOutDeliveriesAreRecordedWithReasonAndAttempts() throws Exception {
        // users are served in user id order, one at a time: a1 accepted, a2 refused, a3 twice too slow
        // (a generous timeout: a first request on a busy machine must not time out by accident)
        provider.then(ProviderServer.Answer.of(200, "{\"id\": \"sms-1\"}"))
                .then(ProviderServer.Answer.of(400, "{\"error\": \"unknown number\"}"))
                .then(new ProviderServer.Answer(200, "{}", 3000))
                .then(new ProviderServer.Answer(200, "{}", 3000));
        String id = campaign();
        fx.service.send(id);
        CampaignDetails done = fx.awaitDone(id);

        assertThat(done.campaign().state()).as("one message went out").isEqualTo(CampaignState.SENT);
        assertThat(done.stats()).isEqualTo(new DeliveryStats(id, 3, 1, 2, Map.of(), 0));
        List<Delivery> records = fx.service.deliveries(id, Optional.empty(), 10, Optional.empty()).deliveries();
        assertThat(records.get(0).providerMessageId()).hasValue("sms-1");
        assertThat(records.get(1).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(records.get(1).attempts()).as("a 400 is not retried").isEqualTo(1);
        assertThat(records.get(1).reason().orElseThrow()).startsWith("HTTP 400 from").contains("unknown number");
        assertThat(records.get(2).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(records.get(2).attempts()).isEqualTo(2);
        assertThat(records.get(2).reason().orElseThrow()).startsWith("timed out").endsWith("(after 2 attempts)");
        assertThat(provider.requests()).hasSize(4);
        assertThat(provider.requests().get(0).body()).contains("\"to\":[\"+4915100000001\"]");
    }

    @Test
    void aCampaignWhoseEveryDeliveryFailedIsFailed() throws Exception {
        provider.always(ProviderServer.Answer.of(503, "down for maintenance"));
        String id = campaign();
        fx.service.send(id);
        CampaignDetails done = fx.awaitDone(id);
        assertThat(done.campaign().state()).isEqualTo(CampaignState.FAILED);
        assertThat(done.stats()).isEqualTo(new DeliveryStats(id, 3, 0, 3, Map.of(), 0));
        assertThat(fx.service.deliveries(id, Optional.of(DeliveryStatus.FAILED), 10, Optional.empty()).deliveries())
                .allSatisfy(d -> assertThat(d.reason().orElseThrow()).contains("HTTP 503").endsWith("(after 2 attempts)"));
        assertThat(provider.requests()).as("each retried once").hasSize(6);
    }
}

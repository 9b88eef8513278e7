package io.segments.campaigns;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.segments.model.SegmentsException;
import io.segments.model.json.SegmentJson;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Campaigns with trigger {@code onEnter}: only on live segments, nothing before their send starts, then
 * exactly one message per entering user however often the user enters, across a restart.
 */
class TriggeredCampaignTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;
    StoreFixture fx;
    String live;

    @BeforeEach
    void start() {
        fx = new StoreFixture(dir);
        fx.start(StoreFixture.smtp(MAIL.getSmtp().getPort()));
        fx.identify("ann", "email", "ann@example.com", "firstName", "Ann")
                .identify("bob", "email", "bob@example.com", "firstName", "Bob")
                .identify("nomail", "firstName", "Nia")
                .ingest();
        live = fx.catalog.create(SegmentJson.readSegment("{\"name\": \"carts\", \"type\": \"live\", \"filter\": "
                + "{\"did\": \"Added To Cart\"}}")).id().orElseThrow();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    static String triggered(String segmentId) {
        return "{\"segmentId\": \"" + segmentId + "\", \"name\": \"Cart reminder\", \"channel\": \"email\", "
                + "\"trigger\": \"onEnter\", \"message\": {\"subject\": \"Hi {{firstName}}\", \"text\": \"Your cart\"}}";
    }

    static List<String> recipients() throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            out.add(EmailCampaignTest.to(m));
        }
        return out;
    }

    @Test
    void theTriggerIsStoredReadAndWrittenAndNeedsALiveSegment() {
        String id = fx.campaign(triggered(live));
        CampaignDetails d = fx.service.get(id);
        assertThat(d.campaign().trigger()).contains(CampaignTrigger.ON_ENTER);
        assertThat(CampaignJson.toJson(d).get("trigger").asText()).isEqualTo("onEnter");
        assertThat(CampaignJson.toJson(fx.service.get(fx.campaign(triggered(live).replace(", \"trigger\": \"onEnter\"", "")))).has("trigger"))
                .isFalse();

        String dynamic = fx.segment("{\"did\": \"Added To Cart\"}");
        assertThatThrownBy(() -> fx.campaign(triggered(dynamic)))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).contains("$.trigger");
                    assertThat(e.getMessage()).contains("live segment").contains(dynamic);
                });
        assertThatThrownBy(() -> CampaignJson.readNewCampaign(triggered(live).replace("onEnter", "onExit")))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.trigger"));
    }

    @Test
    void eachEnteringUserGetsOneMessageOnlyAfterTheSendStartedAndAgainNeverEvenAfterARestart() throws Exception {
        String id = fx.campaign(triggered(live));
        assertThat(fx.service.triggersOn(live)).isFalse();
        assertThat(fx.service.entered(live, "ann", Instant.now())).as("a draft triggers nothing").isEmpty();

        CampaignDetails started = fx.service.send(id);
        assertThat(started.campaign().state()).isEqualTo(CampaignState.SENDING);
        assertThat(started.run().orElseThrow().frozenAt()).as("no audience is frozen").isEmpty();
        assertThat(fx.service.triggersOn(live)).isTrue();

        List<Delivery> first = fx.service.entered(live, "ann", Instant.now());
        assertThat(first).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.SENT));
        assertThat(fx.service.entered(live, "ann", Instant.now())).singleElement()
                .satisfies(d -> assertThat(d.updatedAt()).isEqualTo(first.get(0).updatedAt()));
        assertThat(fx.service.entered(live, "nomail", Instant.now())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.SKIPPED));
        assertThat(fx.service.entered(live, "nobody", Instant.now())).as("unknown user").isEmpty();
        assertThat(fx.service.entered(live, "bob", started.run().orElseThrow().startedAt().minusMillis(1)))
                .as("entered before the send started").isEmpty();
        assertThat(recipients()).containsExactly("ann@example.com");

        fx.restart(StoreFixture.smtp(MAIL.getSmtp().getPort()));
        assertThat(fx.service.get(id).campaign().state()).as("still triggering").isEqualTo(CampaignState.SENDING);
        assertThat(fx.service.triggersOn(live)).isTrue();
        fx.service.entered(live, "ann", Instant.now());
        fx.service.entered(live, "bob", Instant.now());
        assertThat(recipients()).containsExactly("ann@example.com", "bob@example.com");
        DeliveryStats stats = fx.service.stats(id);
        assertThat(stats.audience()).isEqualTo(3);
        assertThat(stats.sent()).isEqualTo(2);
        assertThat(stats.skippedTotal()).isEqualTo(1);
        assertThatThrownBy(() -> fx.service.send(id)).isInstanceOfSatisfying(SegmentsException.class,
                e -> assertThat(e.code()).isEqualTo(SegmentsException.Code.CONFLICT));
    }
}

package io.segments.campaigns;

import io.segments.model.Channel;
import io.segments.model.SegmentsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static io.segments.campaigns.CampaignServiceTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The bodies of preview, test send and send requests, of stored campaigns and of unsaved messages. */
class CampaignRequestsTest {
    private static final String MESSAGE = "\"segmentId\": \"sgm_1\", \"channel\": \"sms\", "
            + "\"message\": {\"text\": \"Hi {{firstName | \\\"there\\\"}}\"}";

    @Test
    void anUnsavedPreviewIsTheCampaignBodyWithTheUserAndTheNameIsOptional() {
        CampaignRequests.UnsavedPreview preview = CampaignRequests.readUnsavedPreview(
                "{" + MESSAGE + ", \"userId\": \"u42\"}");
        assertThat(preview.userId()).isEqualTo("u42");
        Campaign campaign = preview.campaign();
        assertThat(campaign.id()).isEmpty();
        assertThat(campaign.segmentId()).isEqualTo("sgm_1");
        assertThat(campaign.channel()).isEqualTo(Channel.SMS);
        assertThat(campaign.message()).isEqualTo(new Message.Sms("Hi {{firstName | \"there\"}}"));
        assertThat(campaign.state()).isEqualTo(CampaignState.DRAFT);
        assertThat(campaign.name()).isEqualTo(CampaignRequests.UNSAVED_NAME);
        assertThat(CampaignRequests.readUnsavedPreview("{\"name\": \"Flash\", " + MESSAGE + ", \"userId\": \"u42\"}")
                .campaign().name()).isEqualTo("Flash");
    }

    @Test
    void anUnsavedTestSendIsTheCampaignBodyWithTheAddressAndSampleTraits() {
        CampaignRequests.UnsavedTestSend test = CampaignRequests.readUnsavedTestSend("{" + MESSAGE
                + ", \"to\": \"+4915112345678\", \"userId\": \"u42\", \"traits\": {\"firstName\": \"Tess\"}}");
        assertThat(test.request()).isEqualTo(new TestSend("+4915112345678", Optional.of("u42"),
                Map.of("firstName", "Tess")));
        assertThat(test.campaign().message()).isEqualTo(new Message.Sms("Hi {{firstName | \"there\"}}"));
        assertThat(CampaignRequests.readUnsavedTestSend("{" + MESSAGE + ", \"to\": \"+4915112345678\"}").request())
                .isEqualTo(TestSend.to("+4915112345678"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"userId\": \"u\"}|$.segmentId",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}}|$.userId",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"userId\": 7}|$.userId",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi {{x\"}, \"userId\": \"u\"}|$.message.text",
        "{\"segmentId\": \"s\", \"channel\": \"fax\", \"message\": {\"text\": \"Hi\"}, \"userId\": \"u\"}|$.channel",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"userId\": \"u\", \"to\": \"x\"}|$.to",
        "{\"id\": \"cmp_1\", \"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"userId\": \"u\"}|$.id",
        "{\"segmentId\": \"s\", \"name\": \"\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"userId\": \"u\"}|$.name",
        "[]|$",
    })
    void aBadUnsavedPreviewIsAnErrorAtItsPath(String json, String path) {
        assertError(() -> CampaignRequests.readUnsavedPreview(json), SegmentsException.Code.INVALID_REQUEST, path);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}}|$.to",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"to\": \"x\", \"traits\": 1}|$.traits",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {}, \"to\": \"x\"}|$.message.text",
        "{\"segmentId\": \"s\", \"channel\": \"sms\", \"message\": {\"text\": \"Hi\"}, \"to\": \"x\", \"state\": \"sent\"}|$.state",
    })
    void aBadUnsavedTestSendIsAnErrorAtItsPath(String json, String path) {
        assertError(() -> CampaignRequests.readUnsavedTestSend(json), SegmentsException.Code.INVALID_REQUEST, path);
    }

    @Test
    void theRequestsOfAStoredCampaignTakeOnlyTheirOwnKeys() {
        assertThat(CampaignRequests.readPreviewRequest("{\"userId\": \"u42\"}")).isEqualTo("u42");
        assertThat(CampaignRequests.readTestSend("{\"to\": \"qa@example.com\"}")).isEqualTo(TestSend.to("qa@example.com"));
        CampaignRequests.readSendRequest("");
        CampaignRequests.readSendRequest("{}");
        assertError(() -> CampaignRequests.readPreviewRequest("{\"userId\": \"u42\", \"channel\": \"sms\"}"),
                SegmentsException.Code.INVALID_REQUEST, "$.channel");
        assertError(() -> CampaignRequests.readSendRequest("{\"now\": true}"), SegmentsException.Code.INVALID_REQUEST,
                "$.now");
    }
}

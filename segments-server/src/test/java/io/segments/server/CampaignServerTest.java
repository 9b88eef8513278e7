package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns through the running server: users ingested with the write key, a segment and a campaign
 * created over the API, the campaign sent into the outbox of the data directory, and kept across a
 * restart.
 */
class CampaignServerTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    void identify(String userId, String traits) {
        TestHttp.Response r = server.ingest("/v1/identify", "{\"userId\": \"" + userId + "\", \"traits\": " + traits + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    JsonNode awaitDone(String id) throws InterruptedException {
        for (int i = 0; i < 1500; i++) {
            JsonNode c = server.apiGet("/api/campaigns/" + id).json();
            if (!c.get("state").asText().equals("sending")) {
                return c;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("campaign " + id + " still sending after 30 s");
    }

    @Test
    void aCampaignCreatedAndSentOverTheApiReachesTheSegmentsReachableMembersAndOutlivesARestart() throws Exception {
        identify("ann", "{\"tier\": \"gold\", \"email\": \"ann@example.com\", \"firstName\": \"Ann\"}");
        identify("bob", "{\"tier\": \"gold\", \"email\": \"bob@example.com\", \"emailOptOut\": true}");
        identify("cat", "{\"tier\": \"gold\"}");
        identify("dan", "{\"tier\": \"silver\", \"email\": \"dan@example.com\"}");
        TestHttp.Response segment = server.apiPost("/api/segments", "{\"name\": \"Gold\", \"filter\": "
                + "{\"attribute\": \"tier\", \"op\": \"eq\", \"value\": \"gold\"}}");
        assertThat(segment.status()).as(segment.body()).isEqualTo(201);
        String segmentId = segment.json().get("id").asText();

        assertThat(server.http().post("/api/campaigns", "{}", TestHttp.bearer(ServerExtension.WRITE_KEY)).status())
                .as("the write key opens no /api/ route").isEqualTo(401);
        TestHttp.Response created = server.apiPost("/api/campaigns", "{\"segmentId\": \"" + segmentId + "\", "
                + "\"name\": \"Gold news\", \"channel\": \"email\", \"message\": {\"subject\": \"For {{firstName | "
                + "\\\"you\\\"}}\", \"text\": \"Gold members only\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();

        TestHttp.Response sending = server.apiPost("/api/campaigns/" + id + "/send", "");
        assertThat(sending.status()).as(sending.body()).isEqualTo(202);
        assertThat(sending.json().get("send").get("members").asLong()).isEqualTo(3);
        JsonNode done = awaitDone(id);
        assertThat(done.get("state").asText()).isEqualTo("sent");
        assertThat(done.get("stats").get("sent").asLong()).isEqualTo(1);
        Path outbox = server.dataDir().resolve("outbox").resolve(id);
        assertThat(Files.readString(outbox.resolve("ann.email.eml"))).contains("Subject: For Ann");
        try (var files = Files.list(outbox)) {
            assertThat(files).as("only ann is reachable and consenting").hasSize(1);
        }

        server.restart();
        JsonNode after = server.apiGet("/api/segments/" + segmentId + "/campaigns").json().get("campaigns");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("state").asText()).isEqualTo("sent");
        assertThat(after.get(0).get("send").get("audience").asLong()).isEqualTo(1);
        assertThat(after.get(0).get("stats").get("sent").asLong()).isEqualTo(1);
        assertThat(server.apiPost("/api/campaigns/" + id + "/send", "").status()).as("sent once").isEqualTo(409);
    }
}

package io.segments.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.segments.campaigns.CampaignService;
import io.segments.campaigns.ChannelProviders;
import io.segments.campaigns.DeliveryConfig;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.model.json.SegmentJson;
import io.segments.server.internal.Auth;
import io.segments.server.internal.CampaignRoutes;
import io.segments.server.internal.Errors;
import io.segments.server.internal.Json;
import io.segments.server.internal.Keys;
import io.segments.store.Message;
import io.segments.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaigns API over HTTP: {@link CampaignRoutes} on a Javalin application configured as the
 * server configures its own (JSON mapper, error answers, admin key on {@code /api/}), with a real
 * store, segment catalog and campaign service delivering into the outbox.
 */
class CampaignRoutesTest {
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();
    private static final String KEY = ServerExtension.ADMIN_KEY;

    Path dir;
    Store store;
    SegmentCatalog catalog;
    CampaignService campaigns;
    Javalin app;
    TestHttp http;

    @BeforeEach
    void start() {
        dir = ServerExtension.newTempDir("campaign-routes");
        store = Store.open(dir);
        catalog = new SegmentCatalog(store);
        SegmentQueries queries = new SegmentQueries(store, catalog);
        campaigns = CampaignService.start(store, catalog, queries, DeliveryConfig.fromEnvironment(Map.of(
                "SEGMENTS_EMAIL_RATE", "1000", "SEGMENTS_SMS_RATE", "1000", "SEGMENTS_PUSH_RATE", "1000")));
        Auth auth = new Auth(new Keys(ServerExtension.WRITE_KEY, KEY, false, false));
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            c.jetty.defaultHost = "127.0.0.1";
            c.jetty.defaultPort = 0;
        });
        Errors.install(app);
        app.before("/api/*", auth::requireAdminKey);
        new CampaignRoutes(campaigns).register(app);
        app.start();
        http = new TestHttp(URI.create("http://127.0.0.1:" + app.port()));
    }

    @AfterEach
    void stop() {
        app.stop();
        campaigns.close();
        store.close();
        ServerExtension.deleteRecursively(dir);
    }

    void identify(String user, Object... traits) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < traits.length; i += 2) {
            map.put((String) traits[i], traits[i + 1]);
        }
        store.ingestor().submit(List.of(new Message(Message.Kind.IDENTIFY, "m-" + MESSAGE_IDS.incrementAndGet(),
                Optional.of(user), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), map,
                Optional.empty(), System.currentTimeMillis()))).join();
    }

    /** Four members of "newsletter" (two reachable by email) and one other user; answers the segment's id. */
    String newsletter() {
        identify("ann", "newsletter", true, "email", "ann@example.com", "firstName", "Ann");
        identify("ben", "newsletter", true, "email", "ben@example.com");
        identify("cid", "newsletter", true, "email", "cid@example.com", "emailOptOut", true);
        identify("dee", "newsletter", true, "phone", "+4915100000004");
        identify("eli", "newsletter", false, "email", "eli@example.com");
        return catalog.create(SegmentJson.readSegment("{\"name\": \"Newsletter\", \"filter\": "
                + "{\"attribute\": \"newsletter\", \"op\": \"eq\", \"value\": true}}")).id().orElseThrow();
    }

    static String emailBody(String segmentId) {
        return "{\"segmentId\": \"" + segmentId + "\", \"name\": \"Weekly\", \"channel\": \"email\", \"message\": "
                + "{\"subject\": \"Hello {{firstName | \\\"reader\\\"}}\", \"text\": \"This week's news\"}}";
    }

    TestHttp.Response get(String path) {
        return http.get(path, TestHttp.bearer(KEY));
    }

    TestHttp.Response post(String path, String body) {
        return http.post(path, body, TestHttp.bearer(KEY));
    }

    JsonNode awaitDone(String id) throws InterruptedException {
        for (int i = 0; i < 1500; i++) {
            JsonNode c = get("/api/campaigns/" + id).json();
            if (!c.get("state").asText().equals("sending")) {
                return c;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("campaign " + id + " still sending after 30 s");
    }

    @Test
    void aCampaignIsCreatedPreviewedSentAndCountedOverHttp() throws Exception {
        String segment = newsletter();

        TestHttp.Response created = post("/api/campaigns", emailBody(segment));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/campaigns/" + id);
        assertThat(created.json().get("state").asText()).isEqualTo("draft");
        assertThat(created.json().get("segmentId").asText()).isEqualTo(segment);
        assertThat(created.json().has("send")).isFalse();
        assertThat(created.json().get("stats").get("audience").asLong()).isZero();

        JsonNode preview = post("/api/campaigns/" + id + "/preview", "{\"userId\": \"ann\"}").json();
        assertThat(preview.get("message").get("subject").asText()).isEqualTo("Hello Ann");
        assertThat(preview.get("member").asBoolean()).isTrue();
        assertThat(preview.get("wouldSkip").asBoolean()).isFalse();
        JsonNode optedOut = post("/api/campaigns/" + id + "/preview", "{\"userId\": \"cid\"}").json();
        assertThat(optedOut.get("wouldSkip").asBoolean()).isTrue();
        assertThat(optedOut.get("skipReason").asText()).isEqualTo("optedOut");
        assertThat(optedOut.get("reason").asText()).isEqualTo("opted out: emailOptOut is true");

        TestHttp.Response sending = post("/api/campaigns/" + id + "/send", "");
        assertThat(sending.status()).as(sending.body()).isEqualTo(202);
        JsonNode send = sending.json().get("send");
        assertThat(send.get("members").asLong()).isEqualTo(4);
        assertThat(send.get("audience").asLong()).isEqualTo(2);
        assertThat(send.get("excluded").get("notReachable").asLong()).as("dee has no email").isEqualTo(1);
        assertThat(send.get("excluded").get("optedOut").asLong()).isEqualTo(1);

        JsonNode done = awaitDone(id);
        assertThat(done.get("state").asText()).isEqualTo("sent");
        assertThat(done.get("send").has("finishedAt")).isTrue();
        JsonNode stats = done.get("stats");
        assertThat(stats.get("audience").asLong()).isEqualTo(2);
        assertThat(stats.get("sent").asLong()).isEqualTo(2);
        assertThat(stats.get("failed").asLong()).isZero();
        assertThat(stats.get("skipped").get("total").asLong()).isZero();
        assertThat(stats.get("pending").asLong()).isZero();
        Path outbox = dir.resolve(ChannelProviders.OUTBOX_DIR).resolve(id);
        assertThat(Files.readString(outbox.resolve("ann.email.eml"))).contains("Subject: Hello Ann");
        assertThat(Files.readString(outbox.resolve("ben.email.eml"))).contains("Subject: Hello reader");

        JsonNode listed = get("/api/segments/" + segment + "/campaigns").json().get("campaigns");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("stats").get("sent").asLong()).isEqualTo(2);

        List<String> users = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = get("/api/campaigns/" + id + "/deliveries?limit=1" + (next == null ? "" : "&after=" + next))
                    .json();
            page.get("deliveries").forEach(d -> users.add(d.get("userId").asText() + ":" + d.get("status").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        assertThat(users).containsExactly("ann:sent", "ben:sent");
        JsonNode sent = get("/api/campaigns/" + id + "/deliveries?status=sent").json().get("deliveries");
        assertThat(sent.get(0).get("providerMessageId").asText()).isEqualTo(id + "/ann.email.eml");
        assertThat(get("/api/campaigns/" + id + "/deliveries?status=failed").json().get("deliveries")).isEmpty();

        TestHttp.Response again = post("/api/campaigns/" + id + "/send", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void aDraftCanBeChangedUntilItIsSent() throws Exception {
        String segment = newsletter();
        String id = post("/api/campaigns", emailBody(segment)).json().get("id").asText();

        TestHttp.Response changed = http.put("/api/campaigns/" + id, ("{\"segmentId\": \"" + segment
                + "\", \"name\": \"Weekly, take two\", \"channel\": \"email\", \"message\": "
                + "{\"subject\": \"Hi {{firstName | \\\"reader\\\"}}\", \"text\": \"News\"}}"), TestHttp.bearer(KEY));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("name").asText()).isEqualTo("Weekly, take two");
        assertThat(get("/api/campaigns/" + id).json().get("message").get("subject").asText())
                .isEqualTo("Hi {{firstName | \"reader\"}}");
        assertThat(post("/api/campaigns/" + id + "/preview", "{\"userId\": \"ann\"}").json()
                .get("message").get("subject").asText()).isEqualTo("Hi Ann");

        assertError(http.put("/api/campaigns/cmp_nothere", emailBody(segment), TestHttp.bearer(KEY)), 404, "not_found", null);
        assertError(http.put("/api/campaigns/" + id, "{\"segmentId\": \"" + segment + "\", \"name\": \"x\", "
                + "\"channel\": \"email\", \"message\": {\"subject\": \"Hi {{firstName\", \"text\": \"t\"}}", TestHttp.bearer(KEY)), 400, "invalid_request",
                "$.message.subject");

        assertThat(post("/api/campaigns/" + id + "/send", "").status()).isEqualTo(202);
        awaitDone(id);
        assertError(http.put("/api/campaigns/" + id, emailBody(segment), TestHttp.bearer(KEY)), 409, "conflict", null);
        assertThat(get("/api/campaigns/" + id).json().get("name").asText()).isEqualTo("Weekly, take two");
    }

    @Test
    void aTestSendGoesToTheGivenAddressOnly() throws Exception {
        String segment = newsletter();
        String id = post("/api/campaigns", "{\"segmentId\": \"" + segment + "\", \"name\": \"Flash\", \"channel\": "
                + "\"sms\", \"message\": {\"text\": \"Hi {{firstName}}, 20% off today\"}}").json().get("id").asText();

        TestHttp.Response r = post("/api/campaigns/" + id + "/test",
                "{\"to\": \"+4915112345678\", \"traits\": {\"firstName\": \"Tester\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("sent");
        assertThat(r.json().get("to").asText()).isEqualTo("+4915112345678");
        String file = r.json().get("providerMessageId").asText();
        assertThat(Files.readString(dir.resolve(ChannelProviders.OUTBOX_DIR).resolve(file)))
                .startsWith("To: +4915112345678\n").endsWith("\nHi Tester, 20% off today\n");

        TestHttp.Response asUser = post("/api/campaigns/" + id + "/test", "{\"to\": \"+4915112345678\", \"userId\": \"ann\"}");
        assertThat(asUser.json().get("status").asText()).isEqualTo("sent");
        TestHttp.Response missing = post("/api/campaigns/" + id + "/test", "{\"to\": \"+4915112345678\"}");
        assertError(missing, 400, "invalid_request", "$.message.text");
        assertError(post("/api/campaigns/" + id + "/test", "{\"to\": \"ann@example.com\"}"), 400, "invalid_request", "$.to");
        assertThat(get("/api/campaigns/" + id).json().get("stats").get("audience").asLong())
                .as("test sends are not in the campaign's stats").isZero();
    }

    @Test
    void everyCampaignIsListedNewestFirstAndFilteredBySegmentAndState() throws Exception {
        String segment = newsletter();
        String other = catalog.create(SegmentJson.readSegment("{\"name\": \"Others\", \"filter\": "
                + "{\"attribute\": \"newsletter\", \"op\": \"eq\", \"value\": false}}")).id().orElseThrow();
        String sent = post("/api/campaigns", emailBody(segment)).json().get("id").asText();
        Thread.sleep(5);
        String draft = post("/api/campaigns", emailBody(other)).json().get("id").asText();
        assertThat(post("/api/campaigns/" + sent + "/send", "").status()).isEqualTo(202);
        awaitDone(sent);

        assertThat(ids(get("/api/campaigns"))).containsExactly(draft, sent);
        assertThat(ids(get("/api/campaigns?segmentId=" + segment))).containsExactly(sent);
        assertThat(ids(get("/api/campaigns?state=draft"))).containsExactly(draft);
        assertThat(ids(get("/api/campaigns?state=sent&segmentId=" + segment))).containsExactly(sent);
        assertThat(ids(get("/api/campaigns?state=sending"))).isEmpty();
        JsonNode listed = get("/api/campaigns?state=sent").json().get("campaigns").get(0);
        assertThat(listed.get("stats").get("sent").asLong()).isEqualTo(2);
        assertThat(listed.get("send").get("excluded").get("optedOut").asLong()).isEqualTo(1);
        assertThat(listed).isEqualTo(get("/api/campaigns/" + sent).json());

        assertError(get("/api/campaigns?state=done"), 400, "invalid_request", null);
        assertThat(get("/api/campaigns?state=done").json().get("message").asText())
                .isEqualTo("parameter state: \"done\" is not a campaign state: draft, sending, sent, failed");
        assertError(get("/api/campaigns?segmentId=sgm_nope"), 404, "not_found", null);
    }

    @Test
    void aDraftIsDeletedAndACampaignThatStartedSendingIsNot() throws Exception {
        String segment = newsletter();
        String draft = post("/api/campaigns", emailBody(segment)).json().get("id").asText();
        String sent = post("/api/campaigns", emailBody(segment)).json().get("id").asText();
        assertThat(post("/api/campaigns/" + sent + "/send", "").status()).isEqualTo(202);
        awaitDone(sent);

        TestHttp.Response deleted = http.delete("/api/campaigns/" + draft, TestHttp.bearer(KEY));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(get("/api/campaigns/" + draft), 404, "not_found", null);
        assertError(http.delete("/api/campaigns/" + draft, TestHttp.bearer(KEY)), 404, "not_found", null);

        TestHttp.Response refused = http.delete("/api/campaigns/" + sent, TestHttp.bearer(KEY));
        assertError(refused, 409, "conflict", null);
        assertThat(refused.json().get("message").asText()).isEqualTo("campaign \"Weekly\" is sent: only a draft can "
                + "be deleted (a campaign that started sending keeps its delivery records)");
        assertThat(ids(get("/api/campaigns?segmentId=" + segment))).containsExactly(sent);
        assertThat(get("/api/campaigns/" + sent + "/deliveries").json().get("deliveries")).hasSize(2);
    }

    @Test
    void anUnsavedMessageIsPreviewedAndTestSentWithoutStoringACampaign() throws Exception {
        String segment = newsletter();
        String message = "\"segmentId\": \"" + segment + "\", \"channel\": \"sms\", "
                + "\"message\": {\"text\": \"Hi {{firstName | \\\"there\\\"}}, 20% off today\"}";

        TestHttp.Response preview = post("/api/campaigns/preview", "{" + message + ", \"userId\": \"ann\"}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("message").get("text").asText()).isEqualTo("Hi Ann, 20% off today");
        assertThat(preview.json().get("member").asBoolean()).isTrue();
        assertThat(preview.json().get("wouldSkip").asBoolean()).as("ann has no phone").isTrue();
        assertThat(preview.json().has("campaignId")).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(post("/api/campaigns/preview", "{" + message + ", \"userId\": \"ben\"}").json()
                    .get("message").get("text").asText()).isEqualTo("Hi there, 20% off today");
        }

        TestHttp.Response test = post("/api/campaigns/test", "{" + message + ", \"to\": \"+4915112345678\", "
                + "\"userId\": \"ann\"}");
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().get("status").asText()).isEqualTo("sent");
        assertThat(Files.readString(dir.resolve(ChannelProviders.OUTBOX_DIR)
                .resolve(test.json().get("providerMessageId").asText()))).endsWith("\nHi Ann, 20% off today\n");

        assertThat(get("/api/campaigns").json().get("campaigns")).as("nothing was stored").isEmpty();
        assertError(post("/api/campaigns/preview", "{" + message + "}"), 400, "invalid_request", "$.userId");
        assertError(post("/api/campaigns/preview", "{" + message + ", \"userId\": \"nobody\"}"), 404, "not_found",
                "$.userId");
        assertError(post("/api/campaigns/preview", "{" + message.replace(segment, "sgm_nope") + ", \"userId\": \"ann\"}"),
                404, "not_found", "$.segmentId");
        assertError(post("/api/campaigns/test", "{" + message + ", \"to\": \"ann@example.com\"}"), 400,
                "invalid_request", "$.to");
        assertError(post("/api/campaigns/test", "{" + message.replace("| \\\"there\\\"", "") + ", \"to\": "
                + "\"+4915112345678\"}"), 400, "invalid_request", "$.message.text");
        assertThat(get("/api/campaigns").json().get("campaigns")).isEmpty();
    }

    private static List<String> ids(TestHttp.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().get("campaigns").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    @Test
    void badRequestsAreJsonErrorsWithStatusCodeAndPath() {
        String segment = newsletter();
        String id = post("/api/campaigns", emailBody(segment)).json().get("id").asText();

        assertError(post("/api/campaigns", emailBody("sgm_nope")), 404, "not_found", "$.segmentId");
        assertError(post("/api/campaigns", emailBody(segment).replace("\"name\"", "\"colour\": \"red\", \"name\"")),
                400, "invalid_request", "$.colour");
        assertError(post("/api/campaigns", emailBody(segment).replace("\"email\"", "\"fax\"")),
                400, "invalid_request", "$.channel");
        assertError(post("/api/campaigns", emailBody(segment).replace("{{firstName", "{{first name")),
                400, "invalid_request", "$.message.subject");
        assertError(post("/api/campaigns", "{\"segmentId\": "), 400, "invalid_request", null);
        assertError(post("/api/campaigns", ""), 400, "invalid_request", "$");
        assertError(get("/api/campaigns/cmp_nope"), 404, "not_found", null);
        assertError(get("/api/segments/sgm_nope/campaigns"), 404, "not_found", null);
        assertError(post("/api/campaigns/cmp_nope/send", ""), 404, "not_found", null);
        assertError(post("/api/campaigns/" + id + "/send", "{\"now\": true}"), 400, "invalid_request", "$.now");
        assertError(post("/api/campaigns/" + id + "/preview", "{\"userId\": \"nobody\"}"), 404, "not_found", "$.userId");
        assertError(post("/api/campaigns/" + id + "/preview", "{}"), 400, "invalid_request", "$.userId");
        assertError(get("/api/campaigns/" + id + "/deliveries?status=bounced"), 400, "invalid_request", null);
        assertError(get("/api/campaigns/" + id + "/deliveries?limit=many"), 400, "invalid_request", null);
        assertError(get("/api/campaigns/" + id + "/deliveries?limit=0"), 400, "invalid_request", null);
        assertError(get("/api/campaigns/" + id + "/deliveries?after=%21%21"), 400, "invalid_request", null);
        assertError(http.get("/api/campaigns/" + id, null), 401, "unauthorized", null);
        assertThat(get("/api/campaigns/" + id).json().get("state").asText()).as("nothing was sent").isEqualTo("draft");
    }

    static void assertError(TestHttp.Response r, int status, String code, String path) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        if (path != null) {
            assertThat(body.path("path").asText()).as(r.body()).isEqualTo(path);
        }
    }
}

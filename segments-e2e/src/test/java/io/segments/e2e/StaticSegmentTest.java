package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

import java.util.ArrayList;
import java.util.List;

import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Static segments in the builder and on their page: the member list is edited one id per line, exactly as stored
 * (no CSV reading of the typed list), and both the builder and the segment page say why a list of N ids counts
 * fewer users (duplicates, ids never seen, anonymous ids merged into another user), with the API's figures.
 */
@ExtendWith(E2eExtension.class)
class StaticSegmentTest {

    @Test
    void aStaticListSavedUnchangedKeepsEveryIdExactlyAndAnAddedLineIsTakenVerbatim(Product product, Browser browser) {
        Api api = product.api();
        browser.signIn(Product.ADMIN_KEY);
        String n = Nonce.next();
        List<List<String>> lists = List.of(
                List.of("u1", "x,y", "\"quoted\"", " spaced "),
                List.of("ID", "u1"));
        for (List<String> members : lists) {
            ObjectNode body = Api.object().put("name", "Verbatim list " + n).put("type", "static");
            members.forEach(body.putArray("members")::add);
            JsonNode created = api.post("/api/segments", body.toString());
            String id = created.get("id").asText();
            List<String> stored = Api.texts(created.get("members"));

            browser.open("/segments/" + id + "/edit");
            browser.awaitText(testId("page-title"), "Edit Verbatim list " + n);
            browser.awaitAttribute(testId("segment-members"), "value", String.join("\n", stored));
            browser.click(testId("save-segment"));
            browser.awaitRoute("/segments/" + id);
            browser.awaitText(testId("segment-title"), "Verbatim list " + n);
            JsonNode saved = api.get("/api/segments/" + id);
            assertThat(Api.texts(saved.get("members"))).as("the members of %s saved unchanged", members)
                    .isEqualTo(stored);
            assertThat(withoutUpdatedAt(saved)).isEqualTo(withoutUpdatedAt(created));

            // a line typed at the end is one more id, commas and quotes included
            browser.open("/segments/" + id + "/edit");
            browser.awaitAttribute(testId("segment-members"), "value", String.join("\n", stored));
            browser.find(testId("segment-members")).sendKeys(Keys.chord(Keys.CONTROL, Keys.END), "\n\"new\", id\n");
            browser.click(testId("save-segment"));
            browser.awaitRoute("/segments/" + id);
            List<String> expected = new ArrayList<>(stored);
            expected.add("\"new\", id");
            expected.sort(String::compareTo);
            assertThat(Api.texts(api.get("/api/segments/" + id).get("members"))).isEqualTo(expected);
            api.delete("/api/segments/" + id);
        }
    }

    @Test
    void aStaticListSaysWhyItCountsFewerUsersThanItListsInTheBuilderAndOnItsPage(Product product, Browser browser) {
        Api api = product.api();
        String n = Nonce.next();
        String ann = "st-" + n + "-ann";
        String bob = "st-" + n + "-bob";
        String anonymous = "anon-" + n;
        api.ingest("/v1/identify", Product.WRITE_KEY, "{\"userId\": \"" + ann + "\", \"traits\": {\"email\": \"ann-" + n
                + "@example.com\"}}");
        api.ingest("/v1/identify", Product.WRITE_KEY, "{\"userId\": \"" + bob + "\"}");
        api.ingest("/v1/track", Product.WRITE_KEY, "{\"anonymousId\": \"" + anonymous + "\", \"event\": \"Product Viewed\"}");
        api.ingest("/v1/identify", Product.WRITE_KEY, "{\"userId\": \"" + ann + "\", \"anonymousId\": \"" + anonymous
                + "\"}");
        List<String> typed = List.of(ann, bob, ann, anonymous, "nobody-" + n + "-1", "nobody-" + n + "-2");
        ObjectNode previewBody = Api.object();
        typed.forEach(previewBody.putArray("members")::add);
        JsonNode preview = api.post("/api/segments/preview", previewBody.toString());
        assertThat(preview.get("count").asLong()).as("ann and bob").isEqualTo(2);
        assertThat(preview.get("members").get("duplicates").asLong()).isEqualTo(1);
        assertThat(preview.get("members").get("merged").asLong()).isEqualTo(1);
        assertThat(preview.get("members").get("unknown").asLong()).isEqualTo(2);

        browser.signIn(Product.ADMIN_KEY);
        BuilderPage.openFromList(browser).name("Fixed list " + n);
        browser.click(testId("segment-type-static"));
        browser.type(testId("segment-members"), String.join("\n", typed));
        browser.awaitAttribute(testId("preview-count"), "data-count", preview.get("count").asText());
        browser.awaitText(testId("preview-note"), breakdown(preview));
        browser.awaitText(testId("segment-summary"), "A fixed list of 6 user ids.");
        browser.click(testId("save-segment"));
        String id = browser.awaitRoute("/segments/sgm_[a-z0-9]+").substring("/segments/".length());

        JsonNode count = api.get("/api/segments/" + id + "/count");
        assertThat(count.get("members").get("listed").asLong()).as("stored as a set").isEqualTo(5);
        browser.awaitAttribute(testId("segment-total"), "data-count", count.get("count").asText());
        browser.awaitText(testId("segment-members-breakdown"), breakdown(count));
        browser.awaitText(testId("segment-definition"), "A fixed list of 5 user ids.");
        assertThat(browser.find(testId("segment-members-unknown")).getText())
                .isEqualTo("Never seen: " + String.join(", ", Api.texts(count.get("members").get("unknownSample"))));
        JsonNode merged = count.get("members").get("mergedSample").get(0);
        assertThat(browser.find(testId("segment-members-merged")).getText())
                .isEqualTo("Merged: " + merged.get("id").asText() + " → " + merged.get("userId").asText());
        assertThat(merged.get("userId").asText()).isEqualTo(ann);
        browser.screenshot("static-segment");
    }

    /** What the builder and the segment page say about a breakdown: "6 listed: 2 users now — 1 duplicate, ...". */
    static String breakdown(JsonNode answer) {
        JsonNode m = answer.get("members");
        long users = answer.get("count").asLong();
        List<String> reasons = new ArrayList<>();
        long duplicates = m.get("duplicates").asLong();
        long merged = m.get("merged").asLong();
        long unknown = m.get("unknown").asLong();
        if (duplicates > 0) {
            reasons.add(duplicates + (duplicates == 1 ? " duplicate" : " duplicates"));
        }
        if (merged > 0) {
            reasons.add(merged + (merged == 1 ? " merged into another user" : " merged into other users"));
        }
        if (unknown > 0) {
            reasons.add(unknown + (unknown == 1 ? " unknown id" : " unknown ids"));
        }
        return m.get("listed").asLong() + " listed: " + users + (users == 1 ? " user" : " users") + " now"
                + (reasons.isEmpty() ? "" : " — " + String.join(", ", reasons));
    }

    private static JsonNode withoutUpdatedAt(JsonNode segment) {
        ObjectNode copy = segment.deepCopy();
        copy.remove("updatedAt");
        return copy;
    }
}

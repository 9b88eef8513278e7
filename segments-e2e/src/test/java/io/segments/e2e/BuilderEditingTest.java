package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Locale;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.path;
import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder on an existing segment ({@code #/segments/{id}/edit}) and the edits that must not change what a
 * segment means: removing a sequence's first step, names longer than 100 emoji, and a live segment's preview.
 */
@ExtendWith(E2eExtension.class)
class BuilderEditingTest {

    @BeforeAll
    static void signIn(Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
    }

    @Test
    void theEditPageShowsTheStoredDefinitionAndSavingItUnchangedKeepsTheSegment(Product product, Browser browser) {
        Api api = product.api();
        String name = "Edited unchanged " + Nonce.next();
        String filter = """
                {"and": [
                  {"did": "Product Viewed", "when": {"last": "30d"},
                   "where": [{"property": "price", "op": "gt", "value": 10}], "count": {"op": "gte", "value": 2}},
                  {"didNot": "Charged", "when": {"last": "7d"}},
                  {"attribute": "country", "op": "in", "value": ["IN", "US", "GB", "DE", "BR", "FR"]},
                  {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "1h"}],
                   "when": {"last": "90d"}}]}""";
        JsonNode created = api.post("/api/segments", "{\"name\": " + Api.quote(name)
                + ", \"description\": \"Browsers who left a cart\", \"filter\": " + filter + "}");
        String id = created.get("id").asText();
        long count = api.get("/api/segments/" + id + "/count").get("count").asLong();
        assertThat(count).as("users the definition matches in the data set").isPositive();

        browser.open("/segments/" + id);
        browser.click(testId("edit-segment"));
        browser.awaitRoute("/segments/" + id + "/edit");
        browser.awaitText(testId("page-title"), "Edit " + name);
        assertThat(browser.find(testId("segment-name")).getAttribute("value")).isEqualTo(name);
        assertThat(browser.find(testId("segment-description")).getAttribute("value")).isEqualTo("Browsers who left a cart");
        assertThat(browser.find(testId("segment-type-dynamic")).isSelected()).isTrue();
        assertThat(browser.find(path("input", "$.filter.and[0].did")).getAttribute("value")).isEqualTo("Product Viewed");
        assertThat(browser.find(path("input", "$.filter.and[0].when.last")).getAttribute("value")).isEqualTo("30");
        assertThat(browser.find(path("input", "$.filter.and[0].where[0].property")).getAttribute("value"))
                .isEqualTo("price");
        assertThat(browser.find(path("input", "$.filter.and[0].count.value")).getAttribute("value")).isEqualTo("2");
        assertThat(browser.find(path("input", "$.filter.and[1].didNot")).getAttribute("value")).isEqualTo("Charged");
        assertThat(browser.find(path("input", "$.filter.and[2].value")).getAttribute("value"))
                .isEqualTo("IN, US, GB, DE, BR, FR");
        assertThat(browser.find(path("input", "$.filter.and[3].sequence[1].didNot")).getAttribute("value"))
                .isEqualTo("Charged");
        assertThat(canonical(shownJson(browser).get("filter"))).isEqualTo(canonical(created.get("filter")));
        browser.awaitAttribute(testId("preview-count"), "data-count", Long.toString(count));
        browser.screenshot("builder-edit");

        browser.click(testId("save-segment"));
        browser.awaitRoute("/segments/" + id);
        browser.awaitText(testId("segment-title"), name);
        JsonNode saved = api.get("/api/segments/" + id);
        assertThat(withoutUpdatedAt(saved)).isEqualTo(withoutUpdatedAt(created));
    }

    @Test
    void theFirstStepOfASequenceCannotBeRemovedWhenADidNotStepWouldBecomeFirst(Product product, Browser browser) {
        BuilderPage builder = BuilderPage.openFromList(browser).name("Cart left " + Nonce.next());
        builder.add("sequence").step(0, "did", "Added To Cart").step(1, "didNot", "Charged").within(1, 10, "m");
        By removeFirst = css("[data-testid=\"step\"][data-path=\"$.filter.and[0].sequence[0]\"]"
                + " [data-testid=\"remove-step\"]");
        WebElement button = browser.find(removeFirst);
        assertThat(button.isEnabled()).as("removing step 1 would start the sequence with a did not").isFalse();
        assertThat(button.getAttribute("title")).isEqualTo("A sequence starts with a “did” step: remove the"
                + " “did not” step first, or remove the whole sequence.");
        assertThat(shownJson(browser).get("filter")).isEqualTo(Api.parse("""
                {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "10m"}], "occurrence": "any"}"""));

        // with a "did" step after it, the first step can go: the "did not" stays a "did not"
        builder = BuilderPage.openFromList(browser).name("Viewed, cart left " + Nonce.next());
        BuilderPage.Block sequence = builder.add("sequence").step(0, "did", "Product Viewed")
                .step(1, "did", "Added To Cart");
        browser.click(testId("add-step"));
        sequence.step(2, "didNot", "Charged");
        browser.click(removeFirst);
        browser.await("the sequence to start with Added To Cart", d -> shownJson(browser).get("filter")
                .equals(Api.parse("""
                        {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "10m"}],
                         "occurrence": "any"}""")));
    }

    @Test
    void aNameOf150EmojiIsKeptWholeAndOneOverTheLimitIsRefusedNamingTheLength(Product product, Browser browser) {
        Api api = product.api();
        String name = "🎉".repeat(150);
        BuilderPage builder = BuilderPage.openFromList(browser);
        browser.insertText(testId("segment-name"), name);
        browser.awaitAttribute(testId("segment-name"), "value", name);
        browser.awaitText(testId("segment-name-length"), "150 / 200");
        builder.add("did").event("Charged");
        String id = builder.create();
        assertThat(api.get("/api/segments/" + id).get("name").asText()).isEqualTo(name);

        String tooLong = "🎈".repeat(201);
        builder = BuilderPage.openFromList(browser);
        browser.insertText(testId("segment-name"), tooLong);
        browser.awaitAttribute(testId("segment-name"), "value", tooLong);
        browser.awaitText(testId("segment-name-length"), "201 / 200");
        builder.add("did").event("Charged");
        browser.click(testId("save-segment"));
        browser.awaitText(css("[data-testid=\"field-error\"][data-error-for=\"$.name\"]"),
                "The name is 201 characters long; at most 200 are allowed.");
        assertThat(browser.route()).isEqualTo("/segments/new");
        api.get("/api/segments").get("segments").forEach(s -> assertThat(s.get("name").asText()).isNotEqualTo(tooLong));
    }

    @Test
    void aLiveSegmentsPreviewSaysItStartsEmptyAndHowManyMatchOverPastData(Product product, Browser browser) {
        Api api = product.api();
        String name = "Live buyers " + Nonce.next();
        long past = api.post("/api/segments/preview", """
                {"filter": {"did": "Charged", "when": {"last": "30d"}}}""").get("count").asLong();
        assertThat(past).as("buyers in the last 30 days of the data set").isPositive();

        BuilderPage builder = BuilderPage.openFromList(browser).name(name);
        browser.click(testId("segment-type-live"));
        builder.add("did").event("Charged").inTheLast(30, "d");
        browser.awaitAttribute(testId("preview-count"), "data-count", "0");
        browser.awaitAttribute(testId("preview-count"), "data-past-count", Long.toString(past));
        browser.awaitText(testId("preview-note"), String.format(Locale.US, "A live segment counts events from the"
                + " moment it is saved, so it starts with 0 users. Over past data, %,d users match.", past));
        String id = builder.create();
        assertThat(api.get("/api/segments/" + id).get("type").asText()).isEqualTo("live");
        browser.awaitAttribute(testId("segment-total"), "data-count",
                api.get("/api/segments/" + id + "/count").get("count").asText());
    }

    /** The definition as the builder's "JSON" box shows it (the box may be closed). */
    private static JsonNode shownJson(Browser browser) {
        return Api.parse((String) browser.js(
                "return document.querySelector('[data-testid=\"segment-json\"]').textContent;"));
    }

    private static JsonNode canonical(JsonNode condition) {
        return SegmentJson.toJson(SegmentJson.readCondition(condition, "$.filter"));
    }

    private static JsonNode withoutUpdatedAt(JsonNode segment) {
        ObjectNode copy = segment.deepCopy();
        copy.remove("updatedAt");
        return copy;
    }
}

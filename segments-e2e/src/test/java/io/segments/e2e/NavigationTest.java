package io.segments.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/** Addresses that lead nowhere: an unknown route, and a segment that does not exist or was deleted. */
@ExtendWith(E2eExtension.class)
class NavigationTest {

    @BeforeAll
    static void signIn(Browser browser) {
        browser.signIn(Product.ADMIN_KEY);
    }

    @Test
    void anUnknownAddressSaysSoAndLeadsBackToTheSegments(Product product, Browser browser) {
        browser.open("/no/such/page");
        browser.find(testId("not-found"));
        assertThat(browser.find(testId("not-found")).getText()).contains("Page not found");
        browser.click(testId("not-found-back"));
        browser.awaitRoute("/segments");
        browser.awaitText(testId("page-title"), "Segments");
    }

    @Test
    void aDeletedOrUnknownSegmentsPageSaysItIsGoneAndLinksBackToTheList(Product product, Browser browser) {
        Api api = product.api();
        String id = api.post("/api/segments", "{\"name\": \"Short-lived " + Nonce.next() + "\","
                + " \"filter\": {\"did\": \"Charged\"}}").get("id").asText();
        api.delete("/api/segments/" + id);
        assertThat(api.send("GET", "/api/segments/" + id, null).status()).isEqualTo(404);

        for (String route : new String[] {"/segments/" + id, "/segments/sgm_nosuch00", "/segments/" + id + "/edit"}) {
            browser.open(route);
            browser.awaitText(testId("segment-missing-title"), "This segment does not exist");
            assertThat(browser.all(testId("error-banner"))).as("no error banner on %s", route).isEmpty();
            browser.click(testId("segment-missing-back"));
            browser.awaitRoute("/segments");
            browser.awaitText(testId("page-title"), "Segments");
        }
    }
}

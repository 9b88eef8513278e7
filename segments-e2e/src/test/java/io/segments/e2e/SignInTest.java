package io.segments.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/** Signing in to the web UI: with the admin key, and once with the one-time link the server prints. */
@ExtendWith(E2eExtension.class)
class SignInTest {

    @Test
    void aPageOpenedWithoutAKeyAsksForTheAdminKeyRefusesAWrongOneAndThenShowsThePage(Product product, Browser browser) {
        browser.open("/segments");
        browser.forgetSession();
        browser.open("/reports/funnel");
        browser.awaitRoute("/signin");
        browser.awaitText(testId("page-title"), "Sign in");

        browser.type(testId("signin-key"), "ak_not_the_key");
        browser.click(testId("signin-submit"));
        browser.awaitText(testId("signin-error"), "That key was not accepted. Check it and try again.");
        assertThat(browser.route()).isEqualTo("/signin");
        browser.screenshot("signin");

        browser.type(testId("signin-key"), Product.ADMIN_KEY);
        browser.click(testId("signin-submit"));
        browser.awaitRoute("/reports/funnel");
        browser.awaitText(testId("page-title"), "Funnel");
        assertThat(browser.js("return sessionStorage.getItem('segments.adminKey');")).isEqualTo(Product.ADMIN_KEY);

        browser.click(testId("signout"));
        browser.awaitRoute("/signin");
        assertThat(browser.js("return sessionStorage.getItem('segments.adminKey');")).isNull();
    }

    @Test
    void theOneTimeSignInLinkSignsInOnceAndThenAsksForTheKey(Product product, Browser browser) {
        browser.open("/signin");
        browser.forgetSession();
        browser.go(product.signInLink());
        browser.awaitRoute("/segments");
        browser.awaitText(testId("page-title"), "Segments");
        assertThat(browser.js("return sessionStorage.getItem('segments.adminKey');")).isEqualTo(Product.ADMIN_KEY);
        assertThat((String) browser.js("return window.location.href;"))
                .as("the token leaves the address at once").doesNotContain("token");

        browser.click(testId("signout"));
        browser.awaitRoute("/signin");
        browser.go(product.signInLink());
        browser.awaitText(testId("signin-error"),
                "This sign-in link has expired or was already used. Type the admin key instead.");
        assertThat(browser.js("return sessionStorage.getItem('segments.adminKey');")).isNull();
        assertThat(browser.find(testId("signin-key")).isDisplayed()).isTrue();
    }
}

package io.segments.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Headless Chromium driving the web UI, through Debian's {@code chromium} and {@code chromium-driver} packages only:
 * the driver path is fixed, so Selenium Manager never runs (it would try to download a browser). Each browser has
 * its own fresh profile. Every wait is explicit: a condition polled until it holds or {@link #TIMEOUT} passes.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final URI base;
    private final Path profile;

    private Browser(ChromeDriver driver, URI base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    }

    /** Starts Chromium on a fresh profile; fails, naming the package to install, when browser or driver is missing. */
    static Browser start(URI base) {
        requireInstalled(CHROMIUM, "chromium");
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Product.newDirectory("browser-profiles", "chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options), base, profile);
    }

    private static void requireInstalled(Path executable, String debianPackage) {
        if (!Files.isExecutable(executable)) {
            throw new AssertionError(executable + " is missing: the browser tests need Debian's " + debianPackage
                    + " package (apt-get install " + debianPackage + "; bin/test installs it)");
        }
    }

    WebDriver driver() {
        return driver;
    }

    URI base() {
        return base;
    }

    // ---- navigation --------------------------------------------------------------------------

    /** Opens a page of the UI by its route, e.g. {@code /segments/sgm_1}. */
    void open(String route) {
        driver.get(base + "/#" + route);
    }

    /** Opens any address. */
    void go(URI uri) {
        driver.get(uri.toString());
    }

    /** The route of the page shown, e.g. {@code /segments/sgm_1} (the part of the hash before {@code ?}). */
    String route() {
        String hash = (String) js("return window.location.hash;");
        String route = hash.startsWith("#") ? hash.substring(1) : hash;
        int query = route.indexOf('?');
        return query < 0 ? route : route.substring(0, query);
    }

    /** Waits until the page shown is at a route matching {@code regex}, and answers it. */
    String awaitRoute(String regex) {
        return await("the route to match " + regex + " (it is " + route() + ")",
                d -> route().matches(regex) ? route() : null);
    }

    // ---- finding -----------------------------------------------------------------------------

    static By testId(String id) {
        return By.cssSelector("[data-testid=\"" + id + "\"]");
    }

    /** The form control of {@code tag} ({@code input}, {@code select}) that edits the JSON path {@code path}. */
    static By path(String tag, String path) {
        return By.cssSelector(tag + "[data-path=\"" + path + "\"]");
    }

    static By css(String selector) {
        return By.cssSelector(selector);
    }

    /** Waits for a displayed element. */
    WebElement find(By by) {
        return await("a displayed " + by, d -> {
            WebElement e = d.findElement(by);
            return e.isDisplayed() ? e : null;
        });
    }

    /** Every element matching {@code by} now (no wait). */
    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Waits until {@code condition} answers something other than null or false, and answers that. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return wait.withMessage("waiting for " + what).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                    + " on " + driver.getCurrentUrl(), e);
        }
    }

    /** Waits until the text of {@code by} equals {@code text}; fails with the last text seen. */
    void awaitText(By by, String text) {
        String[] seen = {null};
        try {
            wait.withMessage("").until(d -> text.equals(seen[0] = d.findElement(by).getText().trim()));
        } catch (TimeoutException e) {
            throw new AssertionError("expected " + by + " to read \"" + text + "\" within " + TIMEOUT.toSeconds()
                    + " s, it reads \"" + seen[0] + "\" on " + driver.getCurrentUrl(), e);
        }
    }

    /** Waits until {@code attribute} of {@code by} equals {@code value}; fails with the last value seen. */
    void awaitAttribute(By by, String attribute, String value) {
        String[] seen = {null};
        try {
            wait.withMessage("").until(d -> value.equals(seen[0] = d.findElement(by).getAttribute(attribute)));
        } catch (TimeoutException e) {
            throw new AssertionError("expected " + attribute + " of " + by + " to be \"" + value + "\" within "
                    + TIMEOUT.toSeconds() + " s, it is \"" + seen[0] + "\" on " + driver.getCurrentUrl(), e);
        }
    }

    /** Waits until {@code by} carries {@code attribute}, and answers its value. */
    String awaitAttribute(By by, String attribute) {
        return await(by + " to carry " + attribute, d -> d.findElement(by).getAttribute(attribute));
    }

    // ---- acting ------------------------------------------------------------------------------

    void click(By by) {
        await("a click on " + by, d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            js("arguments[0].scrollIntoView({block: 'center'});", e);
            try {
                e.click();
                return true;
            } catch (ElementClickInterceptedException covered) {
                return false; // a toast or a dialog's backdrop; try again
            }
        });
    }

    /** Replaces the text of a field by typing {@code text}, as a person does (every key is an input event). */
    void type(By by, String text) {
        WebElement e = find(by);
        js("arguments[0].scrollIntoView({block: 'center'});", e);
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        if (text.isEmpty()) {
            e.sendKeys(Keys.DELETE);
        } else {
            e.sendKeys(text);
        }
        await(by + " to hold \"" + text + "\"", d -> text.equals(d.findElement(by).getAttribute("value")));
    }

    /**
     * Types {@code text} into a field the way an input method or an emoji picker commits it (one input event for the
     * whole text; the field's own limits such as {@code maxlength} apply). ChromeDriver's key typing cannot produce
     * characters outside the Basic Multilingual Plane, such as emoji.
     */
    void insertText(By by, String text) {
        WebElement e = find(by);
        js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", e);
        driver.executeCdpCommand("Input.insertText", Map.of("text", text));
    }

    /** The datasets a Chart.js chart on the canvas {@code by} draws: each label and its numbers (null for a gap). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> chartDatasets(By by) {
        return await("a chart drawn on " + by, d -> (List<Map<String, Object>>) js(
                "const chart = window.Chart && Chart.getChart(arguments[0]);"
                        + "return chart ? chart.data.datasets.map(s => ({label: s.label, data: s.data})) : null;",
                d.findElement(by)));
    }

    /** Chooses the option with {@code value} in a {@code <select>}. */
    void choose(By by, String value) {
        new Select(find(by)).selectByValue(value);
        await(by + " to have " + value + " chosen", d -> value.equals(d.findElement(by).getAttribute("value")));
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Forgets the admin key of this tab (what "Sign out" does). */
    void forgetSession() {
        js("window.sessionStorage.clear();");
    }

    /** Signs in with the admin key through the sign-in page and waits for the segment list. */
    void signIn(String adminKey) {
        open("/signin");
        forgetSession();
        driver.navigate().refresh();
        type(testId("signin-key"), adminKey);
        click(testId("signin-submit"));
        awaitRoute("/segments");
        awaitText(testId("page-title"), "Segments");
    }

    /**
     * Writes the whole page (not only the window) to {@code target/screenshots/NAME.png} and answers the file. The
     * page is laid out as in a window as tall as its content (so sticky parts sit where a person sees them), after
     * two frames and a moment for transitions.
     */
    Path screenshot(String name) {
        settle();
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        long width = Math.round(((Number) size.get("width")).doubleValue());
        long window = ((Number) js("return window.innerHeight;")).longValue();
        long height = Math.min(Math.max(Math.round(((Number) size.get("height")).doubleValue()), window), 6000);
        byte[] png;
        try {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            settle();
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
            png = Base64.getDecoder().decode((String) shot.get("data"));
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
        try {
            Path dir = Files.createDirectories(Product.target().resolve("screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void settle() {
        ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            Product.deleteRecursively(profile);
        }
    }
}

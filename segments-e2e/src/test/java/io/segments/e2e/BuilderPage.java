package io.segments.e2e;

import org.openqa.selenium.By;

import static io.segments.e2e.Browser.css;
import static io.segments.e2e.Browser.path;
import static io.segments.e2e.Browser.testId;

/**
 * The segment builder ({@code #/segments/new}) as a person uses it: clicking "+ Did", typing an event name,
 * choosing a window in a menu. Fields are found by the JSON path of the definition they edit ({@code data-path}),
 * so each step names the place of the definition it fills in.
 */
final class BuilderPage {
    private final Browser browser;
    private int conditions;

    private BuilderPage(Browser browser) {
        this.browser = browser;
    }

    /** Opens the builder from the segment list's "Create segment" button. */
    static BuilderPage openFromList(Browser browser) {
        browser.open("/segments");
        browser.click(testId("create-segment"));
        browser.awaitRoute("/segments/new");
        browser.awaitText(testId("page-title"), "New segment");
        browser.find(testId("builder-empty"));
        return new BuilderPage(browser);
    }

    BuilderPage name(String name) {
        browser.type(testId("segment-name"), name);
        return this;
    }

    /**
     * Adds a condition to the top-level group with its "+ KIND" button ({@code did}, {@code didNot},
     * {@code attribute}, {@code sequence}) and answers its block.
     */
    Block add(String kind) {
        String at = "$.filter.and[" + conditions + "]";
        browser.click(css(".group-root > .add-bar [data-testid=\"add-" + kind + "\"]"));
        browser.find(css("[data-testid=\"condition\"][data-path=\"" + at + "\"]"));
        conditions++;
        return new Block(browser, at, kind);
    }

    /** Presses "Create segment" and waits for the new segment's page; answers its id. */
    String create() {
        browser.click(testId("save-segment"));
        String route = browser.awaitRoute("/segments/sgm_[a-z0-9]+");
        return route.substring("/segments/".length());
    }

    /** One condition of the builder, at {@code $.filter.and[i]}. */
    static final class Block {
        private final Browser browser;
        private final String at;
        private final String kind;
        private int filters;

        Block(Browser browser, String at, String kind) {
            this.browser = browser;
            this.at = at;
            this.kind = kind;
        }

        private By inside(String selector) {
            return css("[data-testid=\"condition\"][data-path=\"" + at + "\"] " + selector);
        }

        /** Types the event of a "did" or "did not" block. */
        Block event(String name) {
            browser.type(path("input", at + "." + kind), name);
            return this;
        }

        /** "in the last AMOUNT UNIT". */
        Block inTheLast(int amount, String unit) {
            browser.choose(path("select", at + ".when"), "last");
            browser.type(path("input", at + ".when.last"), Integer.toString(amount));
            browser.choose(inside("select[data-testid=\"when-unit\"]"), unit);
            return this;
        }

        /** "between FROM … and TO … ago". */
        Block between(int from, int to, String unit) {
            browser.choose(path("select", at + ".when"), "ago");
            browser.type(path("input", at + ".when.from"), Integer.toString(from));
            browser.choose(inside("select[data-testid=\"when-from-unit\"]"), unit);
            browser.type(path("input", at + ".when.to"), Integer.toString(to));
            browser.choose(inside("select[data-testid=\"when-to-unit\"]"), unit);
            return this;
        }

        /** "+ Count": how many times, e.g. {@code gte 3}. */
        Block count(String op, int times) {
            browser.click(inside("[data-testid=\"add-count\"]"));
            browser.choose(path("select", at + ".count.op"), op);
            browser.type(path("input", at + ".count.value"), Integer.toString(times));
            return this;
        }

        /** "+ Sum / average": e.g. the {@code sum} of {@code amount} {@code gt} 700. */
        Block aggregate(String fn, String property, String op, String value) {
            browser.click(inside("[data-testid=\"add-aggregate\"]"));
            browser.choose(path("select", at + ".aggregate.fn"), fn);
            browser.type(path("input", at + ".aggregate.property"), property);
            browser.choose(path("select", at + ".aggregate.op"), op);
            browser.type(path("input", at + ".aggregate.value"), value);
            return this;
        }

        /** "+ Property filter": the event's {@code property op value}, the value typed as text. */
        Block where(String property, String op, String value) {
            String filter = at + ".where[" + filters + "]";
            browser.click(inside("[data-testid=\"add-filter\"]"));
            browser.type(path("input", filter + ".property"), property);
            browser.choose(path("select", filter + ".op"), op);
            browser.type(path("input", filter + ".value"), value);
            filters++;
            return this;
        }

        /** Ticks "for the first time". */
        Block firstTime() {
            browser.click(path("input", at + ".firstTime"));
            browser.await("the first-time box to be ticked", d -> d.findElement(path("input", at + ".firstTime")).isSelected());
            return this;
        }

        /** A user attribute test: {@code name op value}. */
        Block attribute(String name, String op, String value) {
            browser.type(path("input", at + ".attribute"), name);
            browser.choose(path("select", at + ".op"), op);
            browser.type(path("input", at + ".value"), value);
            return this;
        }

        /** The event of step {@code index} of a sequence ({@code did} or, for the last step, {@code didNot}). */
        Block step(int index, String mode, String event) {
            String step = at + ".sequence[" + index + "]";
            if (index > 0) {
                browser.choose(css("[data-testid=\"step\"][data-path=\"" + step + "\"] select[data-testid=\"step-mode\"]"),
                        mode);
            }
            browser.type(path("input", step + "." + mode), event);
            return this;
        }

        /** How soon step {@code index} must follow the one before. */
        Block within(int index, int amount, String unit) {
            String step = at + ".sequence[" + index + "]";
            browser.type(path("input", step + ".within"), Integer.toString(amount));
            browser.choose(css("[data-testid=\"step\"][data-path=\"" + step + "\"] select[data-testid=\"step-within-unit\"]"),
                    unit);
            return this;
        }

        /** Which first-step events count: {@code any} or {@code last}. */
        Block occurrence(String occurrence) {
            browser.choose(path("select", at + ".occurrence"), occurrence);
            return this;
        }
    }
}

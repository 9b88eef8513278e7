package io.segments.ui;

/**
 * Where the web UI lives on the classpath, so the server serves it without hard-coding paths.
 *
 * <p>The UI is static files (HTML, CSS and JavaScript modules, no build step) under
 * {@link #STATIC_ROOT}, served at {@code /}: {@code /index.html}, {@code /css/app.css},
 * {@code /js/app.js}. Pages are addressed in the URL fragment ({@code /#/segments/sgm_1}), so
 * every page is {@code /index.html} to the server. Chart.js comes from its WebJar, whose files
 * are under {@link #WEBJARS_ROOT} and must be served at {@link #WEBJARS_PATH}.
 */
public final class UiAssets {
    /** Classpath directory of the UI's files, to be served at {@code /}. */
    public static final String STATIC_ROOT = "/io/segments/ui/static";

    /** The page every route of the UI is rendered by. */
    public static final String INDEX = STATIC_ROOT + "/index.html";

    /** Classpath directory of the WebJars the UI uses. */
    public static final String WEBJARS_ROOT = "/META-INF/resources/webjars";

    /** The URL path the WebJars are served at. */
    public static final String WEBJARS_PATH = "/webjars";

    /** The URL of Chart.js that {@code index.html} loads. */
    public static final String CHART_JS = WEBJARS_PATH + "/chart.js/4.4.1/dist/chart.umd.js";

    private UiAssets() {
    }

    /** The classpath resource that serves a URL path of the UI ({@code /} is the index). */
    public static String resourceFor(String urlPath) {
        if (urlPath == null || !urlPath.startsWith("/")) {
            throw new IllegalArgumentException("a UI path starts with /: " + urlPath);
        }
        if (urlPath.equals("/")) {
            return INDEX;
        }
        if (urlPath.startsWith(WEBJARS_PATH + "/")) {
            return WEBJARS_ROOT + urlPath.substring(WEBJARS_PATH.length());
        }
        return STATIC_ROOT + urlPath;
    }
}

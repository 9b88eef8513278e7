package io.segments.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The UI's files are where {@link UiAssets} says, and every file a page loads exists: the
 * scripts and stylesheet of {@code index.html}, Chart.js from its WebJar, and every module
 * that a module imports (a broken import would leave the browser with a blank page).
 */
class UiAssetsTest {
    private static final Pattern INDEX_REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile(
            "(?m)^\\s*(?:import|export)\\s+(?:\\{[^}]*\\}|\\*\\s+as\\s+\\w+|\\w+)\\s+from\\s+'([^']+)'");

    @Test
    void indexIsOnTheClasspath() throws IOException {
        String index = read(UiAssets.INDEX);
        assertThat(index).contains("<script type=\"module\" src=\"/js/app.js\">");
        assertThat(index).contains(UiAssets.CHART_JS);
    }

    @Test
    void everyFileIndexLoadsExists() throws IOException {
        Matcher m = INDEX_REFERENCE.matcher(read(UiAssets.INDEX));
        List<String> references = new ArrayList<>();
        while (m.find()) {
            references.add(m.group(1));
        }
        assertThat(references).contains("/css/app.css", "/js/app.js", UiAssets.CHART_JS);
        for (String reference : references) {
            assertThat(UiAssets.class.getResource(UiAssets.resourceFor(reference)))
                    .as("resource for %s", reference)
                    .isNotNull();
        }
    }

    @Test
    void everyModuleImportResolves() throws IOException, URISyntaxException {
        Path js = directory(UiAssets.STATIC_ROOT + "/js");
        List<Path> modules;
        try (Stream<Path> files = Files.walk(js)) {
            modules = files.filter(p -> p.toString().endsWith(".js")).toList();
        }
        assertThat(modules).extracting(p -> js.relativize(p).toString().replace('\\', '/'))
                .contains("app.js", "api.js", "h.js", "router.js", "describe.js", "paths.js", "editor.js");
        int imports = 0;
        for (Path module : modules) {
            Matcher m = IMPORT.matcher(Files.readString(module, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                assertThat(target).as("import in %s", module.getFileName()).startsWith(".").endsWith(".js");
                assertThat(module.getParent().resolve(target).normalize())
                        .as("%s imports %s", js.relativize(module), target)
                        .isRegularFile();
                imports++;
            }
        }
        assertThat(imports).isGreaterThan(20);
    }

    @Test
    void resourceForMapsUrlPaths() {
        assertThat(UiAssets.resourceFor("/")).isEqualTo(UiAssets.INDEX);
        assertThat(UiAssets.resourceFor("/js/app.js")).isEqualTo("/io/segments/ui/static/js/app.js");
        assertThat(UiAssets.resourceFor(UiAssets.CHART_JS))
                .isEqualTo("/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertThatThrownBy(() -> UiAssets.resourceFor("js/app.js"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("js/app.js");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = UiAssets.class.getResourceAsStream(resource)) {
            assertThat(in).as("classpath resource %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path directory(String resource) throws URISyntaxException {
        URL url = UiAssets.class.getResource(resource);
        assertThat(url).as("classpath directory %s", resource).isNotNull();
        URI uri = url.toURI();
        assertThat(uri.getScheme()).as("tests read the module's own output directory").isEqualTo("file");
        return Path.of(uri);
    }
}

package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.segments.e2e.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segment list longer than one counts request may hold ({@code POST /api/segments/counts} takes at most 1,000
 * ids): every row still shows its count. The segments are cheap (static, one member each), created through the API,
 * and deleted at the end so that other test classes' lists stay short.
 */
@ExtendWith(E2eExtension.class)
class SegmentListChunksTest {
    private static final int SEGMENTS = 1003;
    private static final int COUNTS_CAP = 1000;

    @Test
    void aListOfMoreThanAThousandSegmentsShowsEveryCount(Product product, Browser browser) {
        Api api = product.api();
        String n = Nonce.next();
        String member = "many-" + n;
        api.ingest("/v1/identify", Product.WRITE_KEY, "{\"userId\": \"" + member + "\"}");
        String prefix = "Many " + n + " ";
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < SEGMENTS; i++) {
                ids.add(api.post("/api/segments", "{\"name\": \"" + prefix + i + "\", \"type\": \"static\","
                        + " \"members\": [\"" + (i % 2 == 0 ? member : "nobody-" + n) + "\"]}").get("id").asText());
            }
            List<String> listed = new ArrayList<>();
            api.get("/api/segments?q=" + Api.encode(prefix)).get("segments").forEach(s -> listed.add(s.get("id").asText()));
            assertThat(listed).hasSize(SEGMENTS).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(api.send("POST", "/api/segments/counts", countsBody(listed)).status())
                    .as("one request cannot count them all").isEqualTo(400);
            Map<String, String> expected = new HashMap<>();
            for (int from = 0; from < listed.size(); from += COUNTS_CAP) {
                JsonNode counts = api.post("/api/segments/counts",
                        countsBody(listed.subList(from, Math.min(listed.size(), from + COUNTS_CAP))));
                counts.get("counts").forEach(c -> expected.put(c.get("id").asText(), c.get("count").asText()));
            }

            browser.signIn(Product.ADMIN_KEY);
            browser.open("/segments?q=" + Api.encode(prefix));
            @SuppressWarnings("unchecked")
            Map<String, String> shown = browser.await("every row's count", d -> {
                Map<String, String> cells = (Map<String, String>) browser.js("const m = {};"
                        + "for (const r of document.querySelectorAll('[data-testid=\"segment-row\"]')) {"
                        + "  const c = r.querySelector('[data-testid=\"segment-count\"]');"
                        + "  m[r.dataset.id] = c.dataset.count ?? (c.textContent.includes('error') ? 'error' : null);"
                        + "}"
                        + "return m;");
                return cells.size() == SEGMENTS && cells.values().stream().allMatch(v -> v != null) ? cells : null;
            });
            assertThat(shown).isEqualTo(expected);
            assertThat(shown.values()).containsOnly("0", "1");
        } finally {
            for (String id : ids) {
                api.delete("/api/segments/" + id);
            }
        }
    }

    private static String countsBody(List<String> ids) {
        ObjectNode body = Api.object();
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        return body.toString();
    }
}

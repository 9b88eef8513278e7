package io.segments.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code json} example of {@code docs/segment-language.md} is a valid segment (when it has a
 * name) or condition, and is written in canonical form: reading then writing gives it back.
 */
class DocsExamplesTest {
    private static final Path GUIDE = Path.of("..", "docs", "segment-language.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyJsonExampleOfTheGuideIsValidAndCanonical() throws IOException {
        String guide = Files.readString(GUIDE);
        List<String> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(guide);
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertThat(examples).as("examples in %s", GUIDE).hasSizeGreaterThan(20);
        return examples.stream().map(json -> DynamicTest.dynamicTest(json.strip().lines().findFirst().orElse(""), () -> {
            JsonNode tree = SegmentJson.readTree(json);
            String compact = PLAIN.writeValueAsString(PLAIN.readTree(json));
            if (tree.has("name")) {
                assertThat(SegmentJson.write(SegmentJson.readSegment(tree))).isEqualTo(compact);
            } else {
                assertThat(SegmentJson.write(SegmentJson.readCondition(tree, "$.filter"))).isEqualTo(compact);
            }
        }));
    }
}

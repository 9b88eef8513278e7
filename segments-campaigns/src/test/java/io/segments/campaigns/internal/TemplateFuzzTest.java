package io.segments.campaigns.internal;

import io.segments.model.SegmentsException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateFuzzTest {

    @Provide
    Arbitrary<String> templateLike() {
        return Arbitraries.strings().withChars("{}|\"\\. \nab$-é").ofMaxLength(40);
    }

    @Property(tries = 2000)
    void anyTextParsesOrFailsWithTheDocumentedError(@ForAll("templateLike") String source) {
        try {
            Template t = Template.parse(source, "$.message.text");
            Map<String, Object> traits = new HashMap<>();
            for (String name : t.names()) {
                traits.put(name, "v");
            }
            if (t.firstMissing(traits).isEmpty()) {
                assertThat(t.render(traits, Escape.HTML)).isNotNull();
            } else {
                // "a" and "a.b" cannot both be strings: the dotted one is missing
                assertThat(t.names()).anyMatch(n -> n.contains("."));
            }
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.path()).contains("$.message.text");
            assertThat(e.getMessage()).containsPattern("at character \\d+");
        }
    }

    @Property(tries = 500)
    void textWithoutBracesOrBackslashesRendersAsItself(@ForAll String text) {
        String plain = text.replace("{", "").replace("\\", "");
        assertThat(Template.parse(plain, "$.x").render(Map.of(), Escape.HTML)).isEqualTo(plain);
    }

    @Property(tries = 500)
    void aPlaceholderWithAFallbackIsNeverMissing(@ForAll("fallbackText") String fallback) {
        String quoted = "\"" + fallback.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Template t = Template.parse("{{name | " + quoted + "}}", "$.x");
        assertThat(t.firstMissing(Map.of())).isEmpty();
        assertThat(t.render(Map.of(), Escape.NONE)).isEqualTo(fallback);
    }

    @Provide
    Arbitrary<String> fallbackText() {
        return Arbitraries.strings().withChars("ab\"\\{} |").ofMaxLength(12);
    }

    @Property(tries = 300)
    void htmlEscapingLeavesNoMarkupCharacter(@ForAll String value) {
        String escaped = Escape.HTML.apply(value);
        assertThat(escaped).doesNotContain("<", ">", "\"", "'");
        assertThat(escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&")).isEqualTo(value);
    }
}

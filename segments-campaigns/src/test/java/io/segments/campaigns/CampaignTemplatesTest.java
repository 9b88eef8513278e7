package io.segments.campaigns;

import io.segments.model.SegmentsException;
import io.segments.model.eval.Profile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.segments.campaigns.Profiles.traits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CampaignTemplatesTest {

    private static String sms(String template, Map<String, Object> traits) {
        Rendering r = CampaignTemplates.render(new Message.Sms(template), traits);
        assertThat(r).isInstanceOf(Rendering.Rendered.class);
        return ((Message.Sms) ((Rendering.Rendered) r).message()).text();
    }

    static Stream<Arguments> renderings() {
        return Stream.of(
                arguments("Hi {{firstName}}!", traits("firstName", "Ann"), "Hi Ann!"),
                arguments("Hi {{firstName | \"there\"}}", traits("firstName", "Ann"), "Hi Ann"),
                arguments("Hi {{firstName | \"there\"}}", traits(), "Hi there"),
                arguments("Hi {{firstName | \"there\"}}", traits("firstName", null), "Hi there"),
                arguments("Hi {{firstName | \"there\"}}", traits("firstName", "  "), "Hi there"),
                arguments("Hi {{firstName | \"there\"}}", traits("firstName", List.of("a")), "Hi there"),
                arguments("Hi {{firstName | \"there\"}}", traits("firstName", Map.of("a", 1)), "Hi there"),
                arguments("{{ firstName   |   \"x\"   }}", traits("firstName", "Bo"), "Bo"),
                arguments("{{address.city}}", traits("address", Map.of("city", "Pune")), "Pune"),
                arguments("{{address.city | \"your city\"}}", traits("address", "Pune"), "your city"),
                arguments("{{points}} points", traits("points", 3), "3 points"),
                arguments("{{points}}", traits("points", 12345678901L), "12345678901"),
                arguments("{{price}}", traits("price", new BigDecimal("19.90")), "19.90"),
                arguments("{{price}}", traits("price", 2.5), "2.5"),
                arguments("{{price}}", traits("price", 1e20), "100000000000000000000"),
                arguments("{{vip}}", traits("vip", true), "true"),
                arguments("{{vip}}", traits("vip", false), "false"),
                arguments("{{a | \"say \\\"hi\\\" \\\\ ok\"}}", traits(), "say \"hi\" \\ ok"),
                arguments("{{a | \"\"}}!", traits(), "!"),
                arguments("literal \\{{firstName}}", traits("firstName", "Ann"), "literal {{firstName}}"),
                arguments("css {a{b:c}} }}", traits(), "css {a{b:c}} }}"),
                arguments("{{first-name}} {{_x}} {{$y}}", traits("first-name", "A", "_x", "B", "$y", "C"), "A B C"),
                arguments("{{firstName}}", traits("firstName", "{{lastName}}"), "{{lastName}}"),
                arguments("no placeholders at all", traits(), "no placeholders at all"),
                arguments("{{名前}}", traits("名前", "太郎"), "太郎"));
    }

    @ParameterizedTest(name = "{0} with {1} renders {2}")
    @MethodSource("renderings")
    void rendersPlaceholdersFromTraits(String template, Map<String, Object> traits, String expected) {
        assertThat(sms(template, traits)).isEqualTo(expected);
    }

    @Test
    void valuesAndFallbacksAreHtmlEscapedInTheHtmlBodyOnly() {
        Message.Email email = new Message.Email("Hi {{name}}", Optional.of("<p>Hi {{name}}, {{x | \"<b>&</b>\"}}</p>"),
                Optional.of("Hi {{name}}"));
        Rendering r = CampaignTemplates.render(email, traits("name", "<script>alert('x') & \"y\"</script>"));
        Message.Email out = (Message.Email) ((Rendering.Rendered) r).message();
        assertThat(out.html()).hasValue("<p>Hi &lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;, "
                + "&lt;b&gt;&amp;&lt;/b&gt;</p>");
        assertThat(out.text()).hasValue("Hi <script>alert('x') & \"y\"</script>");
        assertThat(out.subject()).isEqualTo("Hi <script>alert('x') & \"y\"</script>");
    }

    @Test
    void lineBreaksInValuesBecomeSpacesInTheSubject() {
        Message.Email email = new Message.Email("Hello {{name}}", Optional.empty(), Optional.of("{{name}}"));
        Message.Email out = (Message.Email) ((Rendering.Rendered) CampaignTemplates.render(email,
                traits("name", "Ann\r\nBcc: evil@example.com"))).message();
        assertThat(out.subject()).isEqualTo("Hello Ann  Bcc: evil@example.com").doesNotContain("\n");
        assertThat(out.text()).hasValue("Ann\r\nBcc: evil@example.com");
    }

    @Test
    void deepLinkValuesArePercentEncoded() {
        Message.Push push = new Message.Push("T", "B", Optional.of("myapp://search?q={{query}}"));
        Message.Push out = (Message.Push) ((Rendering.Rendered) CampaignTemplates.render(push,
                traits("query", "red shoes & más/?"))).message();
        assertThat(out.deepLink()).hasValue("myapp://search?q=red%20shoes%20%26%20m%C3%A1s%2F%3F");
    }

    @Test
    void aMissingPlaceholderNamesItselfAndTheFirstTextWhereItIsMissing() {
        Message.Email email = new Message.Email("Hi {{firstName | \"there\"}}",
                Optional.of("<p>{{coupon.code}}</p>"), Optional.of("{{lastName}} {{coupon.code}}"));
        Rendering r = CampaignTemplates.render(email, traits("firstName", "Ann"));
        assertThat(r).isEqualTo(new Rendering.Missing("coupon.code", "$.message.html"));
        assertThat(((Rendering.Missing) r).reason()).isEqualTo("missing placeholder value: coupon.code");
    }

    @Test
    void previewRendersForOneProfileWithoutAnyProvider() {
        Campaign c = Campaign.draft("sgm_1", "Welcome", new Message.Sms("Hi {{firstName}}, {{points}} points"));
        Rendering r = CampaignTemplates.preview(c, Profile.of("u1", traits("firstName", "Ann", "points", 7)));
        assertThat(r).isEqualTo(new Rendering.Rendered(new Message.Sms("Hi Ann, 7 points")));
        assertThat(CampaignTemplates.placeholders(c.message())).containsExactly("firstName", "points");
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("Hi {{firstName", "unclosed placeholder: '{{' at character 4 has no closing '}}'"),
                arguments("Hi {{firstName | \"x\"", "unclosed placeholder: '{{' at character 4"),
                arguments("{{}}", "empty placeholder at character 1"),
                arguments("{{   }}", "empty placeholder at character 1"),
                arguments("{{ | \"x\"}}", "unexpected '|' at character 4: a placeholder starts with a trait name"),
                arguments("{{a..b}}", "invalid trait name \"a..b\" at character 3"),
                arguments("{{.a}}", "invalid trait name \".a\""),
                arguments("{{a.}}", "invalid trait name \"a.\""),
                arguments("{{a | there}}", "unexpected 't' at character 7: a fallback is a double-quoted string"),
                arguments("{{a | 'x'}}", "a fallback is a double-quoted string"),
                arguments("{{a | \"x}}", "unterminated fallback string opened at character 7"),
                arguments("{{a | \"x\\n\"}}", "unknown escape \\n at character 9"),
                arguments("{{a b}}", "unexpected 'b' at character 5 in the placeholder opened at character 1: expected '}}'"),
                arguments("{{a | \"x\" y}}", "unexpected 'y' at character 11"),
                arguments("{{a | \"x\" | \"y\"}}", "unexpected '|' at character 11"),
                arguments("{{a}", "unexpected '}' at character 4"),
                arguments("x {{a\n}} {{b", "unclosed placeholder: '{{' at character 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void syntaxErrorsAreInvalidRequestsWithThePathOfTheText(String template, String message) {
        assertThatThrownBy(() -> CampaignTemplates.check(new Message.Push("ok", template, Optional.empty())))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).contains("$.message.body");
                    assertThat(e.getMessage()).contains(message);
                });
    }
}

package io.segments.model.eval;

import io.segments.model.Channel;
import io.segments.model.Literal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The value rules that the spec rows cannot show one by one. */
class ValuesAndReachabilityTest {

    @Test
    void everyJavaNumberTypeComparesByValue() {
        Literal fiveHundred = Literal.Num.of(500);
        for (Object x : List.of(500, 500L, (short) 500, 500.0, 500.0f, new BigDecimal("500.000"), BigInteger.valueOf(500))) {
            assertThat(Values.equal(x, fiveHundred)).as("%s (%s)", x, x.getClass().getSimpleName()).isTrue();
        }
    }

    @Test
    void doublesAreTakenAtTheirShortestDecimal() {
        assertThat(Values.equal(0.1, Literal.Num.of("0.1"))).isTrue();
        assertThat(Values.equal(0.1f, Literal.Num.of("0.1"))).isTrue();
    }

    @Test
    void notANumberIsNoNumber() {
        assertThat(Values.number(Double.NaN)).isEmpty();
        assertThat(Values.number(Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(Values.number("5")).isEmpty();
        assertThat(Values.number(true)).isEmpty();
    }

    @Test
    void stringsOrderByCodePoint() {
        // UTF-16 would put the emoji (a surrogate pair) before U+FFFD; code points put it after
        assertThat(Values.compareStrings("\uD83D\uDE00", "\uFFFD")).isPositive();
        assertThat(Values.compareStrings("2026-11-05", "2026-11-10")).isNegative();
        assertThat(Values.compareStrings("ab", "a")).isPositive();
        assertThat(Values.compareStrings("a", "a")).isZero();
    }

    @Test
    void dottedNamesWalkNestedMapsOnly() {
        Map<String, Object> fields = Map.of("a", Map.of("b", Map.of("c", 1)), "x", List.of(Map.of("y", 1)));
        assertThat(Values.lookup(fields, "a.b.c")).contains(1);
        assertThat(Values.lookup(fields, "a.b")).contains(Map.of("c", 1));
        assertThat(Values.lookup(fields, "a.z")).isEmpty();
        assertThat(Values.lookup(fields, "x.y")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann@example.com", "a.b.c@x-y.example.org", "o'neil+tag@mail.co", "x_1@a1.io"})
    void validEmails(String email) {
        assertThat(Reachability.isEmail(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ann", "ann@", "@example.com", "ann@example", "ann@example.c", ".ann@example.com",
            "ann.@example.com", "an..n@example.com", "ann@-example.com", "ann@example-.com", "ann@exa mple.com",
            "ann@example.com ", "ann@@example.com", "ann@example..com", "ann@example.123"})
    void invalidEmails(String email) {
        assertThat(Reachability.isEmail(email)).isFalse();
    }

    @Test
    void reachabilityOnlyOptsOutOnTheBooleanTrue() {
        Profile optedOut = Profile.of("u", Map.of("email", "ann@example.com", "emailOptOut", true));
        Profile textTrue = Profile.of("u", Map.of("email", "ann@example.com", "emailOptOut", "true"));
        assertThat(Reachability.isReachable(optedOut, Channel.EMAIL)).isFalse();
        assertThat(Reachability.isReachable(textTrue, Channel.EMAIL)).isTrue();
    }

    @Test
    void anEmptyPushTokenIsNoToken() {
        assertThat(Reachability.isReachable(new Profile("u", Map.of(), java.util.Set.of("")), Channel.PUSH)).isFalse();
        assertThat(Reachability.isReachable(new Profile("u", Map.of(), java.util.Set.of("t")), Channel.PUSH)).isTrue();
    }
}

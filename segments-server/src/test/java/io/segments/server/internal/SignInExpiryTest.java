package io.segments.server.internal;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A sign-in token works once, and only within {@link SignIn#VALIDITY} of its making. */
class SignInExpiryTest {
    private static final Keys KEYS = new Keys("wk_expiry", "ak_expiry", false, false);
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now = START;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_token_works_until_just_before_its_validity_ends() {
        MovableClock clock = new MovableClock();
        SignIn signIn = new SignIn(KEYS, clock);
        String token = signIn.newToken();

        clock.now = START.plus(SignIn.VALIDITY).minusMillis(1);

        assertThat(signIn.redeem(token)).isTrue();
        assertThat(signIn.redeem(token)).as("a second time").isFalse();
    }

    @Test
    void an_expired_token_is_refused() {
        MovableClock clock = new MovableClock();
        SignIn signIn = new SignIn(KEYS, clock);
        String token = signIn.newToken();

        clock.now = START.plus(SignIn.VALIDITY);

        assertThat(signIn.redeem(token)).isFalse();
    }

    @Test
    void tokens_are_distinct_and_each_works_once() {
        SignIn signIn = new SignIn(KEYS, new MovableClock());
        String a = signIn.newToken();
        String b = signIn.newToken();

        assertThat(a).isNotEqualTo(b).startsWith("st_").hasSizeGreaterThan(30);
        assertThat(signIn.redeem(b)).isTrue();
        assertThat(signIn.redeem(a)).isTrue();
        assertThat(signIn.redeem(a)).isFalse();
        assertThat(signIn.redeem("st_" + a.substring(3).toUpperCase())).isFalse();
    }
}

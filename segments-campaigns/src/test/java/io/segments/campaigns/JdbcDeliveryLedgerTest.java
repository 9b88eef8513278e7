package io.segments.campaigns;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.segments.campaigns.DeliveryLedger.Claim.CLAIMED;
import static io.segments.campaigns.DeliveryLedger.Claim.DONE;
import static io.segments.campaigns.DeliveryLedger.Claim.RECLAIMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcDeliveryLedgerTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path dir;
    Connection connection;
    DeliveryLedger ledger;

    @BeforeEach
    void open() throws Exception {
        connection = TestLedgers.open(dir);
        ledger = new JdbcDeliveryLedger(connection, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void enrollingAddsEachUserOnceAsPending() {
        assertThat(ledger.enroll("c1", List.of("u1", "u2", "u2"))).isEqualTo(2);
        assertThat(ledger.enroll("c1", List.of("u2", "u3"))).isEqualTo(1);
        assertThat(ledger.enroll("c2", List.of("u1"))).isEqualTo(1);
        assertThat(ledger.unfinished("c1")).containsExactlyInAnyOrder("u1", "u2", "u3");
        Delivery d = ledger.delivery("c1", "u1").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(d.idempotencyKey()).isEqualTo(new DeliveryKey("c1", "u1").idempotencyKey());
        assertThat(d.updatedAt()).isEqualTo(NOW);
        assertThat(ledger.stats("c1")).isEqualTo(new DeliveryStats("c1", 3, 0, 0, Map.of(), 3));
    }

    @Test
    void aClaimWithoutOutcomeIsReportedAsReclaimedAndAnOutcomeAsDone() {
        ledger.enroll("c", List.of("u"));
        assertThat(ledger.claim("c", "u", "u@example.com")).isEqualTo(CLAIMED);
        assertThat(ledger.claim("c", "u", "u@example.com")).isEqualTo(RECLAIMED);
        assertThat(ledger.recordSent("c", "u", "<id@x>", 2)).isTrue();
        assertThat(ledger.claim("c", "u", "u@example.com")).isEqualTo(DONE);
        Delivery d = ledger.delivery("c", "u").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.providerMessageId()).hasValue("<id@x>");
        assertThat(d.recipient()).hasValue("u@example.com");
        assertThat(d.attempts()).isEqualTo(2);
    }

    @Test
    void aClaimGivenBackIsPendingAgainButAnOutcomeIsNotGivenBack() {
        ledger.enroll("c", List.of("u", "v"));
        assertThat(ledger.release("c", "u")).as("only a claim is given back").isFalse();
        ledger.claim("c", "u", "u@example.com");
        assertThat(ledger.release("c", "u")).isTrue();
        assertThat(ledger.delivery("c", "u").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(ledger.claim("c", "u", "u@example.com")).as("a fresh claim, not one in doubt").isEqualTo(CLAIMED);
        ledger.claim("c", "v", "v@example.com");
        ledger.recordSent("c", "v", "id", 1);
        assertThat(ledger.release("c", "v")).isFalse();
        assertThat(ledger.delivery("c", "v").orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void outcomesAreFinal() {
        ledger.enroll("c", List.of("a", "b", "s"));
        ledger.claim("c", "a", "a@x.io");
        assertThat(ledger.recordFailed("c", "a", "HTTP 400", 1)).isTrue();
        assertThat(ledger.recordSent("c", "a", "id", 1)).isFalse();
        assertThat(ledger.recordSkipped("c", "a", SkipReason.OPTED_OUT, "opted out: x")).isFalse();
        assertThat(ledger.recordSent("c", "b", "id", 1)).as("sent needs a claim").isFalse();
        assertThat(ledger.recordSkipped("c", "s", SkipReason.NOT_REACHABLE, "not reachable: no email")).isTrue();
        assertThat(ledger.claim("c", "s", "x")).isEqualTo(DONE);
        assertThat(ledger.delivery("c", "a").orElseThrow().reason()).hasValue("HTTP 400");
        assertThat(ledger.delivery("c", "s").orElseThrow().skipReason()).hasValue(SkipReason.NOT_REACHABLE);
        assertThat(ledger.unfinished("c")).containsExactly("b");
    }

    @Test
    void aUserOutsideTheAudienceCannotBeClaimed() {
        assertThatThrownBy(() -> ledger.claim("c", "ghost", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in the audience");
    }

    @Test
    void statsCountEveryStatusAndSkipReason() {
        ledger.enroll("c", List.of("s1", "s2", "f", "k1", "k2", "k3", "p", "q"));
        for (String u : List.of("s1", "s2")) {
            ledger.claim("c", u, u);
            ledger.recordSent("c", u, "id-" + u, 1);
        }
        ledger.claim("c", "f", "f");
        ledger.recordFailed("c", "f", "boom", 3);
        ledger.recordSkipped("c", "k1", SkipReason.OPTED_OUT, "opted out: emailOptOut is true");
        ledger.recordSkipped("c", "k2", SkipReason.MISSING_PLACEHOLDER, "missing placeholder value: a");
        ledger.recordSkipped("c", "k3", SkipReason.MISSING_PLACEHOLDER, "missing placeholder value: b");
        ledger.claim("c", "q", "q");
        DeliveryStats stats = ledger.stats("c");
        assertThat(stats).isEqualTo(new DeliveryStats("c", 8, 2, 1,
                Map.of(SkipReason.OPTED_OUT, 1L, SkipReason.MISSING_PLACEHOLDER, 2L), 2));
        assertThat(CampaignState.after(stats)).isEqualTo(CampaignState.SENDING);
        assertThat(ledger.stats("other").audience()).isZero();
    }

    @Test
    void deliveriesArePagedInUserIdOrderAndFilteredByStatus() {
        ledger.enroll("c", List.of("u3", "u1", "u4", "u2"));
        ledger.recordSkipped("c", "u2", SkipReason.OPTED_OUT, "opted out: smsOptOut is true");
        assertThat(ledger.deliveries("c", Optional.empty(), Optional.empty(), 2)).extracting(Delivery::userId)
                .containsExactly("u1", "u2");
        assertThat(ledger.deliveries("c", Optional.empty(), Optional.of("u2"), 10)).extracting(Delivery::userId)
                .containsExactly("u3", "u4");
        assertThat(ledger.deliveries("c", Optional.of(DeliveryStatus.PENDING), Optional.empty(), 10))
                .extracting(Delivery::userId).containsExactly("u1", "u3", "u4");
    }

    @Test
    void theLedgerSurvivesReopeningTheDatabaseFile() throws Exception {
        ledger.enroll("c", List.of("a", "b"));
        ledger.claim("c", "a", "a@x.io");
        ledger.recordSent("c", "a", "id-a", 1);
        ledger.claim("c", "b", "b@x.io");
        connection.close();
        connection = TestLedgers.open(dir);
        DeliveryLedger reopened = new JdbcDeliveryLedger(connection);
        assertThat(reopened.claim("c", "a", "a@x.io")).isEqualTo(DONE);
        assertThat(reopened.claim("c", "b", "b@x.io")).isEqualTo(RECLAIMED);
        assertThat(reopened.stats("c").sent()).isEqualTo(1);
    }

    @Test
    void theTablesCanBeCreatedTwiceAndAsOneScript() throws Exception {
        JdbcDeliveryLedger.createTables(connection);
        try (var s = connection.createStatement()) {
            s.execute(CampaignTables.script());
        }
        assertThat(CampaignTables.DDL).allMatch(sql -> sql.contains("IF NOT EXISTS"));
        assertThat(ledger.enroll("c", List.of("x"))).isEqualTo(1);
    }
}

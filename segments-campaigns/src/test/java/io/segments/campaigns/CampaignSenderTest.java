package io.segments.campaigns;

import io.segments.campaigns.internal.OutboxProvider;
import io.segments.campaigns.internal.Ticker;
import io.segments.model.Channel;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Profile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.segments.campaigns.Profiles.pushUser;
import static io.segments.campaigns.Profiles.traits;
import static io.segments.campaigns.Profiles.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender's rules over the outbox provider, a DuckDB ledger and a controllable clock. */
class CampaignSenderTest {
    @TempDir
    Path dir;
    Connection connection;
    DeliveryLedger ledger;
    FakeTicker ticker = new FakeTicker();
    Map<Channel, CountingProvider> providers = new EnumMap<>(Channel.class);

    /** Counts the sends per idempotency key of the provider it wraps; a test may replace what a send does. */
    static final class CountingProvider implements ChannelProvider {
        final ChannelProvider delegate;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile Function<DeliveryKey, SendResult> override;

        CountingProvider(ChannelProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public Channel channel() {
            return delegate.channel();
        }

        @Override
        public SendResult send(Message message, Recipient recipient, DeliveryKey key) {
            calls.computeIfAbsent(key.userId(), k -> new AtomicInteger()).incrementAndGet();
            Function<DeliveryKey, SendResult> o = override;
            return o != null ? o.apply(key) : delegate.send(message, recipient, key);
        }

        @Override
        public String describe() {
            return "counting " + delegate.describe();
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @BeforeEach
    void open() throws Exception {
        connection = TestLedgers.open(dir);
        ledger = new JdbcDeliveryLedger(connection);
        for (Channel c : Channel.values()) {
            providers.put(c, new CountingProvider(new OutboxProvider(dir.resolve("outbox"), c)));
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    CampaignSender sender(SendPolicy policy) {
        return new CampaignSender(Map.copyOf(providers), ledger, policy, ticker);
    }

    static SendPolicy policy(int attempts, Map<Channel, Double> rates) {
        return new SendPolicy(attempts, Duration.ofMillis(100), Duration.ofSeconds(1), rates);
    }

    static Campaign sms(String id, String text) {
        return Campaign.draft("sgm_1", "SMS " + id, new Message.Sms(text)).withId(id);
    }

    static List<Profile> phones(String prefix, int n) {
        List<Profile> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(user(prefix + i, "phone", "+49151000000" + (10 + i), "firstName", "U" + i));
        }
        return users;
    }

    @Test
    void theRateLimitOfAChannelHoldsAcrossCampaigns() {
        CampaignSender sender = sender(policy(1, Map.of(Channel.SMS, 5.0)));
        long start = ticker.nanoTime();
        sender.send(sms("c1", "Hi {{firstName}}"), phones("a", 10));
        sender.send(sms("c2", "Hi {{firstName}}"), phones("b", 10));
        assertThat(providers.get(Channel.SMS).total()).isEqualTo(20);
        // 20 permits from a bucket of one token refilled at 5/s need 19 / 5 = 3.8 s of clock time
        assertThat(ticker.elapsedSince(start)).isGreaterThanOrEqualTo(Duration.ofMillis(3800));
        assertThat(ticker.sleeps()).hasSize(19).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(200)));
    }

    @Test
    void sendingAgainServesOnlyUsersWithoutAnOutcome() {
        CampaignSender sender = sender(policy(1, Map.of()));
        Campaign c = sms("c", "Hi {{firstName}}");
        List<Profile> first = phones("u", 3);
        SendReport r1 = sender.send(c, first);
        assertThat(r1.state()).isEqualTo(CampaignState.SENT);
        List<Profile> second = new ArrayList<>(phones("u", 4));
        second.add(second.get(0));
        SendReport r2 = sender.send(c, second);
        assertThat(providers.get(Channel.SMS).calls).containsOnlyKeys("u0", "u1", "u2", "u3")
                .allSatisfy((u, n) -> assertThat(n.get()).as(u).isEqualTo(1));
        assertThat(r2.stats()).isEqualTo(new DeliveryStats("c", 4, 4, 0, Map.of(), 0));
    }

    @Test
    void aLiveTriggerSendsToAnEnteringUserOnce() throws Exception {
        CampaignSender sender = sender(policy(1, Map.of()));
        Campaign c = sms("live", "Welcome {{firstName | \"friend\"}}");
        Profile ann = user("ann", "phone", "+4915112345678");
        Delivery d1 = sender.sendOne(c, ann);
        Delivery d2 = sender.sendOne(c, ann);
        assertThat(d1.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d2).isEqualTo(d1);
        assertThat(providers.get(Channel.SMS).total()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("outbox/live/ann.sms.txt"))).endsWith("\nWelcome friend\n");
        sender.sendOne(c, user("bob", "phone", "+4915112345679"));
        assertThat(sender.stats("live").audience()).isEqualTo(2);
    }

    @Test
    void aUserBeingDeliveredByOneThreadIsPassedOverByAnother() throws Exception {
        CampaignSender sender = sender(policy(1, Map.of()));
        Campaign c = sms("c", "hi");
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        providers.get(Channel.SMS).override = key -> {
            inSend.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SendResult.Accepted("id-" + key.userId());
        };
        Profile ann = user("ann", "phone", "+4915112345678");
        Thread first = new Thread(() -> sender.sendOne(c, ann));
        first.start();
        assertThat(inSend.await(10, TimeUnit.SECONDS)).isTrue();
        Delivery during = sender.sendOne(c, ann);
        release.countDown();
        first.join(10_000);
        assertThat(during.status()).isEqualTo(DeliveryStatus.CLAIMED);
        assertThat(providers.get(Channel.SMS).total()).isEqualTo(1);
        assertThat(ledger.delivery("c", "ann").orElseThrow().providerMessageId()).hasValue("id-ann");
    }

    @Test
    void aProviderThatThrowsIsRetriedWithBackoffThenRecordedAsFailed() {
        CampaignSender sender = sender(policy(3, Map.of(Channel.SMS, 1e6)));
        providers.get(Channel.SMS).override = key -> {
            throw new IllegalStateException("boom");
        };
        SendReport r = sender.send(sms("c", "hi"), phones("u", 1));
        Delivery d = ledger.delivery("c", "u0").orElseThrow();
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.reason()).hasValue("provider error: java.lang.IllegalStateException: boom (after 3 attempts)");
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(r.state()).as("nothing sent, something failed").isEqualTo(CampaignState.FAILED);
    }

    @Test
    void aRejectionThatIsNotRetryableFailsAtOnce() {
        CampaignSender sender = sender(policy(5, Map.of()));
        providers.get(Channel.SMS).override = key -> key.userId().equals("u0")
                ? new SendResult.Rejected("number blocked", false) : new SendResult.Accepted("ok");
        SendReport r = sender.send(sms("c", "hi"), phones("u", 2));
        assertThat(providers.get(Channel.SMS).calls.get("u0").get()).isEqualTo(1);
        assertThat(ledger.delivery("c", "u0").orElseThrow().reason()).hasValue("number blocked");
        assertThat(r.stats()).isEqualTo(new DeliveryStats("c", 2, 1, 1, Map.of(), 0));
        assertThat(r.state()).isEqualTo(CampaignState.SENT);
    }

    @Test
    void anInterruptedRunLeavesTheRestPendingAndAResumeFinishesIt() {
        CampaignSender sender = sender(policy(1, Map.of()));
        CountingProvider sms = providers.get(Channel.SMS);
        sms.override = key -> {
            if (sms.total() == 2) {
                Thread.currentThread().interrupt();
            }
            return new SendResult.Accepted("id-" + key.userId());
        };
        Campaign c = sms("c", "hi");
        SendReport r = sender.send(c, phones("u", 5));
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(r.state()).isEqualTo(CampaignState.SENDING);
        assertThat(r.stats().sent()).isEqualTo(2);
        assertThat(r.stats().pending()).isEqualTo(3);
        sms.override = null;
        SendReport resumed = sender.send(c, phones("u", 5));
        assertThat(resumed.state()).isEqualTo(CampaignState.SENT);
        assertThat(sms.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void aUserInterruptedWhileWaitingForTheRateLimitIsGivenBackNotLeftInDoubt() {
        Ticker interruptedWait = new Ticker() {
            @Override
            public long nanoTime() {
                return ticker.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                throw new InterruptedException("stopped while waiting for a token");
            }
        };
        CampaignSender sender = new CampaignSender(Map.copyOf(providers), ledger, policy(1, Map.of()), interruptedWait);
        SendReport r = sender.send(sms("c", "hi"), phones("u", 3));
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(r.stats().sent()).as("the first token is free, the second is waited for").isEqualTo(1);
        assertThat(ledger.delivery("c", "u1").orElseThrow().status())
                .as("nothing was handed to the provider: pending, not claimed").isEqualTo(DeliveryStatus.PENDING);
        assertThat(providers.get(Channel.SMS).total()).isEqualTo(1);
    }

    @Test
    void smsAndPushReachabilityAndConsentFollowTheSpec() {
        CampaignSender sender = sender(policy(1, Map.of()));
        sender.send(sms("s", "hi"), List.of(
                user("ok", "phone", "+4915112345678", "smsOptOut", "true"),
                user("bad", "phone", "015112345678"),
                user("none"),
                user("out", "phone", "+4915112345678", "smsOptOut", true)));
        assertThat(reasons("s")).containsExactly("ok=sent", "bad=not reachable: phone is not an E.164 number",
                "none=not reachable: no phone", "out=opted out: smsOptOut is true");

        Campaign push = Campaign.draft("sgm", "P", new Message.Push("Hi {{firstName | \"you\"}}", "Back in stock",
                Optional.of("shop://item/{{itemId | \"0\"}}"))).withId("p");
        sender.send(push, List.of(
                pushUser("two", Set.of("tok-b", "tok-a"), "pushToken", "tok-c"),
                pushUser("trait", Set.of(), "pushToken", "tok-t"),
                pushUser("empty", Set.of(""), "pushToken", ""),
                pushUser("out", Set.of("tok"), "pushOptOut", true)));
        assertThat(reasons("p")).containsExactly("two=sent", "trait=sent", "empty=not reachable: no push token",
                "out=opted out: pushOptOut is true");
        assertThat(ledger.delivery("p", "two").orElseThrow().recipient()).hasValue("tok-a, tok-b, tok-c");
    }

    private List<String> reasons(String campaignId) {
        List<String> out = new ArrayList<>();
        for (Delivery d : ledger.deliveries(campaignId, Optional.empty(), Optional.empty(), 100)) {
            out.add(d.userId() + "=" + d.reason().orElse(d.status().json()));
        }
        return sortByInsertion(out, campaignId);
    }

    /** Deliveries come in user id order; the tests list them in audience order. */
    private List<String> sortByInsertion(List<String> rows, String campaignId) {
        List<String> order = campaignId.equals("s") ? List.of("ok", "bad", "none", "out")
                : List.of("two", "trait", "empty", "out");
        return order.stream().flatMap(u -> rows.stream().filter(r -> r.startsWith(u + "="))).toList();
    }

    @Test
    void aCampaignIsSentOnlyOnceStoredAndOnlyWithValidTemplates() {
        CampaignSender sender = sender(policy(1, Map.of()));
        Campaign draft = Campaign.draft("sgm", "n", new Message.Sms("hi"));
        assertThatThrownBy(() -> sender.send(draft, phones("u", 1)))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).hasValue("$.id"));
        assertThatThrownBy(() -> sender.send(sms("c", "hi {{name"), phones("u", 1)))
                .isInstanceOfSatisfying(SegmentsException.class,
                        e -> assertThat(e.path()).hasValue("$.message.text"));
        assertThat(ledger.stats("c").audience()).as("nothing enrolled for a broken campaign").isZero();
    }

    @Test
    void aTestSendGoesToOneAddressOutsideTheLedger() throws Exception {
        CampaignSender sender = sender(policy(1, Map.of()));
        Campaign c = sms("c", "Hi {{firstName}}");
        SendResult r = sender.testSend(c, "+4915112345678", traits("firstName", "Tess"));
        assertThat(r).isInstanceOf(SendResult.Accepted.class);
        String file = ((SendResult.Accepted) r).providerMessageId();
        assertThat(file).startsWith("c/" + DeliveryKey.TEST_SEND_PREFIX).endsWith(".sms.txt");
        assertThat(Files.readString(dir.resolve("outbox").resolve(file))).endsWith("\nHi Tess\n");
        assertThat(ledger.stats("c").audience()).isZero();
        assertThatThrownBy(() -> sender.testSend(c, "0151", traits("firstName", "T")))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).hasValue("$.to");
                    assertThat(e.getMessage()).contains("E.164");
                });
        assertThatThrownBy(() -> sender.testSend(c, "+4915112345678", traits()))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).hasValue("$.message.text");
                    assertThat(e.getMessage()).startsWith("missing placeholder value: firstName");
                });
    }

    @Test
    void providersMustDeliverTheChannelTheyAreRegisteredFor() {
        assertThatThrownBy(() -> new CampaignSender(Map.of(Channel.SMS, providers.get(Channel.PUSH)), ledger,
                SendPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the provider for sms delivers push");
        assertThat(Stream.of(Channel.values()).map(ch -> CampaignSender.recipient(ch, user("x", "email", "a@b.co",
                "phone", "+4915112345678", "pushToken", "t")).display())).containsExactly("a@b.co", "+4915112345678", "t");
    }
}

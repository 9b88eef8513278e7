package io.segments.engine;

import io.segments.model.Channel;
import io.segments.model.Condition;
import io.segments.model.eval.Profile;
import io.segments.model.eval.Reachability;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.eval.Values;
import io.segments.testing.Dataset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Reachability counts computed in SQL agree with the model's rules; member pages are in id order. */
class ReachAndPagesTest {
    private static final StoreFixture STORE = StoreFixture.inMemory();

    @Property(tries = 60)
    void reachabilityInSqlAgreesWithTheModelsRules(@ForAll("profiles") List<Profile> profiles,
                                                   @ForAll("subsets") List<Boolean> chosen) {
        Dataset data = new Dataset(profiles, Map.of());
        STORE.load(data);
        RoaringBitmap members = new RoaringBitmap();
        long[] expected = new long[3];
        for (int uid = 0; uid < profiles.size(); uid++) {
            if (chosen.get(uid % chosen.size())) {
                members.add(uid);
                Profile p = profiles.get(uid);
                expected[0] += Reachability.isReachable(p, Channel.EMAIL) ? 1 : 0;
                expected[1] += Reachability.isReachable(p, Channel.SMS) ? 1 : 0;
                expected[2] += Reachability.isReachable(p, Channel.PUSH) ? 1 : 0;
            }
        }
        assertThat(STORE.engine().reach(members))
                .isEqualTo(new Reach(members.getCardinality(), expected[0], expected[1], expected[2]));
        for (Channel channel : Channel.values()) {
            RoaringBitmap reachable = STORE.engine().members(new Condition.Reachable(channel), Data.NOW,
                    SegmentLookup.none());
            for (int uid = 0; uid < profiles.size(); uid++) {
                assertThat(reachable.contains(uid)).as("%s %s", channel, profiles.get(uid))
                        .isEqualTo(Reachability.isReachable(profiles.get(uid), channel));
            }
        }
    }

    @Provide
    Arbitrary<List<Profile>> profiles() {
        Arbitrary<Object> emails = Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09.@-_+!#$%&'*/=?^`{|}~ é").ofMaxLength(14).map(s -> (Object) s),
                Combinators.combine(Arbitraries.strings().withChars("a.Z_+'-").ofMinLength(0).ofMaxLength(5),
                                Arbitraries.strings().withChars("ab-9.").ofMinLength(0).ofMaxLength(6),
                                Arbitraries.strings().withChars("cOm1").ofMinLength(0).ofMaxLength(3))
                        .as((local, domain, tld) -> (Object) (local + "@" + domain + "." + tld)),
                Arbitraries.of("ann@example.com", "a.b@c.de", "a..b@c.de", "a@b.c", "a@-b.com", 5, true)
                        .map(v -> (Object) v));
        Arbitrary<Object> phones = Arbitraries.oneOf(
                Arbitraries.strings().withChars("+0123456789 -").ofMaxLength(18).map(s -> (Object) s),
                Arbitraries.of("+919876543210", "+1234567", "+123456", "+1234567890123456", 919876543210L)
                        .map(v -> (Object) v));
        Arbitrary<Object> optOuts = Arbitraries.of(true, false, "true", 1).map(v -> (Object) v);
        Arbitrary<Object> tokens = Arbitraries.of("tok", "", 7).map(v -> (Object) v);
        Arbitrary<Map<String, Object>> traits = Combinators.combine(emails.optional(0.8), phones.optional(0.8),
                        optOuts.optional(0.3), optOuts.optional(0.3), optOuts.optional(0.3), tokens.optional(0.3))
                .as((email, phone, emailOut, smsOut, pushOut, token) -> {
                    Map<String, Object> t = new HashMap<>();
                    email.ifPresent(v -> t.put("email", v));
                    phone.ifPresent(v -> t.put("phone", v));
                    emailOut.ifPresent(v -> t.put("emailOptOut", v));
                    smsOut.ifPresent(v -> t.put("smsOptOut", v));
                    pushOut.ifPresent(v -> t.put("pushOptOut", v));
                    token.ifPresent(v -> t.put("pushToken", v));
                    return t;
                });
        Arbitrary<Set<String>> pushTokens = Arbitraries.of(Set.of(), Set.of("t1"), Set.of(""), Set.of("", "t2"));
        return Combinators.combine(traits, pushTokens).as((t, p) -> new Object[] {t, p})
                .list().ofMinSize(1).ofMaxSize(40).map(drafts -> {
                    List<Profile> profiles = new ArrayList<>();
                    for (int i = 0; i < drafts.size(); i++) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> t = (Map<String, Object>) drafts.get(i)[0];
                        @SuppressWarnings("unchecked")
                        Set<String> p = (Set<String>) drafts.get(i)[1];
                        profiles.add(new Profile("u" + i, t, p));
                    }
                    return profiles;
                });
    }

    @Provide
    Arbitrary<List<Boolean>> subsets() {
        return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(7);
    }

    @Test
    void memberIdsComeInPagesInCodePointOrder() {
        try (StoreFixture store = StoreFixture.inMemory()) {
            memberIdsComeInPagesInCodePointOrder(store);
        }
    }

    private static void memberIdsComeInPagesInCodePointOrder(StoreFixture store) {
        List<String> ids = List.of("b", "a", "c", "aa", "B", "é", "z", "😀", "\uffee", "a b", "10", "9");
        Data data = new Data();
        ids.forEach(id -> data.user(id, Map.of()));
        store.load(data.build());
        RoaringBitmap members = new RoaringBitmap();
        List<String> expected = new ArrayList<>();
        for (int uid = 0; uid < ids.size(); uid++) {
            if (uid != 2) {
                members.add(uid);
                expected.add(ids.get(uid));
            }
        }
        expected.sort(Values::compareStrings);
        List<String> paged = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        while (true) {
            List<String> page = store.engine().userIds(members, cursor, 3);
            assertThat(page.size()).isLessThanOrEqualTo(3);
            if (page.isEmpty()) {
                break;
            }
            paged.addAll(page);
            cursor = Optional.of(page.get(page.size() - 1));
        }
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(store.engine().userIds(members, Optional.empty(), 0)).isEmpty();
        assertThat(store.engine().userIds(new RoaringBitmap(), Optional.empty(), 5)).isEmpty();
    }

    @AfterContainer
    static void close() {
        STORE.close();
    }
}

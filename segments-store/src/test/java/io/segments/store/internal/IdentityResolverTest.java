package io.segments.store.internal;

import io.segments.store.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segment's identity rules on the in-memory directory alone, no database: who each message belongs to, which
 * users are identified, merged or renamed, and the trait operations in message order.
 */
class IdentityResolverTest {
    private static Message track(String userId, String anonymousId) {
        return new Message(Message.Kind.TRACK, "m", Optional.ofNullable(userId), Optional.ofNullable(anonymousId),
                Optional.empty(), Optional.of("E"), Map.of(), Map.of(), Optional.empty(), 0);
    }

    private static Message identify(String userId, String anonymousId, Map<String, Object> traits) {
        return new Message(Message.Kind.IDENTIFY, "m", Optional.ofNullable(userId), Optional.ofNullable(anonymousId),
                Optional.empty(), Optional.empty(), Map.of(), traits, Optional.empty(), 0);
    }

    private static Message alias(String userId, String previousId) {
        return new Message(Message.Kind.ALIAS, "m", Optional.of(userId), Optional.empty(), Optional.of(previousId),
                Optional.empty(), Map.of(), Map.of(), Optional.empty(), 0);
    }

    @Test
    void anAnonymousVisitorIdentifiedByANewUserIdIsRenamedInPlace() {
        Directory d = Directory.empty();
        IdentityResolver.Resolution r = IdentityResolver.resolve(d, List.of(
                track(null, "a1"), identify("u1", "a1", Map.of("plan", "pro")), track("u1", null), track(null, "a1")));
        assertThat(r.uids()).containsExactly(0, 0, 0, 0);
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.userId(0)).isEqualTo("u1");
        assertThat(d.isAnonymous(0)).isFalse();
        assertThat(r.traitOps()).containsExactly(new IdentityResolver.TraitOp.Patch(0, Map.of("plan", "pro")));
    }

    @Test
    void aKnownUserAbsorbsAnAnonymousOneThatAlreadyHadEvents() {
        Directory d = Directory.empty();
        IdentityResolver.Resolution r = IdentityResolver.resolve(d, List.of(
                track("u1", null), track(null, "a1"), identify("u1", "a1", Map.of())));
        assertThat(r.uids()).containsExactly(0, 1, 0);
        assertThat(d.mergedInto(1)).isEqualTo(0);
        assertThat(d.lookup("a1")).isEqualTo(0);
        assertThat(d.merges()).hasSize(1);
        assertThat(r.traitOps()).containsExactly(new IdentityResolver.TraitOp.Merge(1, 0));
    }

    @Test
    void anIdentifiedUserBehindTheAnonymousIdKeepsItsDataAndOnlyTheIdMoves() {
        Directory d = Directory.empty();
        IdentityResolver.Resolution r = IdentityResolver.resolve(d, List.of(
                track("u1", null), identify("u2", "x", Map.of()), identify("u1", "x", Map.of())));
        assertThat(r.uids()).containsExactly(0, 1, 0);
        assertThat(d.mergedInto(1)).as("u2 is not merged").isLessThan(0);
        assertThat(d.lookup("x")).as("the id moved to u1").isEqualTo(0);
        assertThat(d.lookup("u2")).isEqualTo(1);
        assertThat(r.traitOps()).isEmpty();
    }

    @Test
    void anAliasMergesTheUserBehindItsPreviousIdWhateverItIs() {
        Directory d = Directory.empty();
        IdentityResolver.Resolution r = IdentityResolver.resolve(d, List.of(
                track("old", null), track("new", null), alias("new", "old")));
        assertThat(r.uids()).containsExactly(0, 1, 1);
        assertThat(d.mergedInto(0)).isEqualTo(1);
        assertThat(d.lookup("old")).isEqualTo(1);
        assertThat(r.traitOps()).containsExactly(new IdentityResolver.TraitOp.Merge(0, 1));
    }

    @Test
    void anIdSeenAsAnonymousAndThenUsedAsAUserIdIdentifiesThatUser() {
        Directory d = Directory.empty();
        IdentityResolver.Resolution r = IdentityResolver.resolve(d, List.of(track(null, "z"), track("z", null)));
        assertThat(r.uids()).containsExactly(0, 0);
        assertThat(d.isAnonymous(0)).isFalse();
        assertThat(d.userId(0)).isEqualTo("z");
    }

    @Test
    void aRollbackForgetsTheGroupsUsers() {
        Directory d = Directory.empty();
        IdentityResolver.resolve(d, List.of(track("u1", null)));
        d.commit();
        IdentityResolver.resolve(d, List.of(track("u2", null), identify("u1", "u2", Map.of())));
        d.rollback();
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.lookup("u2")).isNegative();
    }
}

package io.segments.store.internal;

import io.segments.store.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Segment's identity rules, on the in-memory {@link Directory} and nothing else: gives each message of a group
 * its user, in order, creating, identifying and merging users as the messages say, and records the trait
 * operations that follow. A message with a userId and an anonymousId links them: an anonymous user behind the
 * anonymousId becomes part of the identified one (a merge; an alias does so for any user behind its previousId),
 * an identified one keeps its data and only the id moves. The directory's changes are the group's, kept or
 * rolled back by the caller with its transaction.
 */
final class IdentityResolver {
    private final Directory directory;
    private final List<TraitOp> traitOps = new ArrayList<>();

    /** An operation on users' traits, in message order. */
    sealed interface TraitOp {
        /** The message's traits set on the user (last write wins per trait). */
        record Patch(int uid, Map<String, Object> traits) implements TraitOp {
            public Patch {
                requireNonNull(traits, "traits is null");
            }
        }

        /** User {@code source} was merged into {@code target}: the target's traits win, the source's fill in. */
        record Merge(int source, int target) implements TraitOp {
        }
    }

    /** Each message's uid (as the directory named it when the message was resolved) and the trait operations. */
    record Resolution(int[] uids, List<TraitOp> traitOps) {
        Resolution {
            traitOps = List.copyOf(traitOps);
        }
    }

    private IdentityResolver(Directory directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Resolves {@code messages} in order on {@code directory}. */
    static Resolution resolve(Directory directory, List<Message> messages) {
        IdentityResolver resolver = new IdentityResolver(directory);
        int[] uids = new int[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            uids[i] = resolver.resolve(messages.get(i));
        }
        return new Resolution(uids, resolver.traitOps);
    }

    private int resolve(Message m) {
        String userId = m.userId().orElse(null);
        String anonymousId = m.anonymousId().filter(a -> !a.equals(userId)).orElse(null);
        int uid;
        if (userId == null) {
            uid = lookupOrCreate(anonymousId, true);
        } else if (anonymousId == null) {
            uid = lookupOrCreate(userId, false);
        } else {
            uid = link(userId, anonymousId, false);
        }
        if (m.kind() == Message.Kind.ALIAS && m.previousId().isPresent() && userId != null
                && !m.previousId().get().equals(userId)) {
            uid = link(userId, m.previousId().get(), true);
        }
        if (!m.traits().isEmpty()) {
            traitOps.add(new TraitOp.Patch(uid, m.traits()));
        }
        return uid;
    }

    private int lookupOrCreate(String externalId, boolean isAnonymous) {
        int uid = directory.lookup(externalId);
        if (uid < 0) {
            return directory.create(externalId, isAnonymous);
        }
        if (!isAnonymous && directory.isAnonymous(uid)) {
            // an id first seen as an anonymousId is now used as a userId: the user is identified
            directory.identify(uid, directory.userId(uid));
        }
        return uid;
    }

    /**
     * The message names known user {@code userId} and {@code otherId} (an anonymousId, or an alias
     * previousId when {@code alias}). An anonymous user behind {@code otherId} (any user, for alias)
     * becomes part of the known user; an identified one keeps its data and only the id moves.
     */
    private int link(String userId, String otherId, boolean alias) {
        int known = directory.lookup(userId);
        int other = directory.lookup(otherId);
        if (other < 0) {
            if (known < 0) {
                known = directory.create(userId, false);
            } else if (directory.isAnonymous(known)) {
                directory.identify(known, directory.userId(known));
            }
            directory.map(otherId, known);
            return known;
        }
        if (known == other) {
            if (directory.isAnonymous(known)) {
                directory.identify(known, directory.userId(known));
            }
            return known;
        }
        boolean absorb = alias || directory.isAnonymous(other);
        if (known < 0) {
            if (absorb) {
                directory.identify(other, userId);
                directory.map(userId, other);
                return other;
            }
            known = directory.create(userId, false);
            moveId(otherId, other, known);
            return known;
        }
        if (directory.isAnonymous(known)) {
            directory.identify(known, directory.userId(known));
        }
        if (absorb) {
            directory.merge(other, known);
            traitOps.add(new TraitOp.Merge(other, known));
        } else {
            moveId(otherId, other, known);
        }
        return known;
    }

    /** Moves an anonymousId to another user, unless it is the user id of the user holding it (ids collide). */
    private void moveId(String externalId, int from, int to) {
        if (!externalId.equals(directory.userId(from))) {
            directory.map(externalId, to);
        }
    }
}

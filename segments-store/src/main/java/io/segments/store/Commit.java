package io.segments.store;

import io.segments.model.eval.Event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What one committed ingestion transaction stored, as {@link CommitListener}s see it. User ids are the
 * canonical external ids after identity resolution, as of the end of the transaction (what
 * {@code users.user_id} holds then). A listener that keeps per-user state applies the parts in this
 * order: {@link #moves}, then {@link #profiles}, then {@link #events} (in the order they were stored).
 *
 * @param committedAt the writer's clock at the commit, epoch milliseconds
 * @param moves       users that stopped existing under an id: an anonymous user identified under a new
 *                    userId (renamed), or a user merged into another one; each with the events it had
 *                    stored before this transaction, which now belong to {@code into}
 * @param profiles    users whose traits changed or who gained push tokens, with all their traits now
 * @param events      the events stored, in storing order
 */
public record Commit(long committedAt, List<Move> moves, List<ProfileChange> profiles, List<StoredEvent> events) {
    public Commit {
        moves = List.copyOf(moves);
        profiles = List.copyOf(profiles);
        events = List.copyOf(events);
    }

    /** An event stored for user {@code userId}. */
    public record StoredEvent(String userId, Event event) {
        public StoredEvent {
            requireNonNull(userId, "userId is null");
            requireNonNull(event, "event is null");
        }
    }

    /**
     * User {@code userId}'s profile changed: {@code traits} are all the user's traits now (traits are
     * only ever set, never removed), {@code addedPushTokens} the push tokens stored by this transaction.
     */
    public record ProfileChange(String userId, Map<String, Object> traits, Set<String> addedPushTokens) {
        public ProfileChange {
            requireNonNull(userId, "userId is null");
            traits = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(traits, "traits is null")));
            addedPushTokens = Set.copyOf(addedPushTokens);
        }
    }

    /**
     * The user known until now as {@code from} is now part of user {@code into} (a different id):
     * {@code movedEvents} are the events stored under {@code from} before this transaction, now
     * {@code into}'s; its traits and push tokens went to {@code into} as well.
     */
    public record Move(String from, String into, List<Event> movedEvents) {
        public Move {
            requireNonNull(from, "from is null");
            requireNonNull(into, "into is null");
            movedEvents = List.copyOf(movedEvents);
        }
    }
}

package io.segments.store.internal;

import io.segments.model.eval.Event;
import io.segments.store.Commit;
import io.segments.store.Message;
import io.segments.store.Schema;
import io.segments.store.TypedColumns;
import io.segments.store.TypedColumns.Scope;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Stores a group of submitted batches in one DuckDB transaction: drops messageIds stored already (same 128-bit
 * fingerprint, among those the {@link MessageIds} window remembers) or earlier in the group, resolves external ids
 * to uids (allocating, identifying and merging users), applies trait updates, then writes everything set-based
 * (appenders, and one statement per kind of change).
 *
 * <p>In-memory state (directory, hash sets, traits cache) changes only when the transaction has
 * committed; when it fails, the directory is rolled back and nothing else was touched.
 */
final class GroupCommit {
    static final String STAGING_TABLES = """
            CREATE TEMP TABLE IF NOT EXISTS stage_hashes (h BIGINT);
            CREATE TEMP TABLE IF NOT EXISTS stage_uids (uid INTEGER);
            CREATE TEMP TABLE IF NOT EXISTS stage_identities (external_id VARCHAR, uid INTEGER);
            CREATE TEMP TABLE IF NOT EXISTS stage_merges (src INTEGER, dst INTEGER);
            CREATE TEMP TABLE IF NOT EXISTS stage_tokens (uid INTEGER, token VARCHAR);
            """ + UserRows.TABLES + PropertyCatalog.TABLES + EventSummaryRows.TABLES;

    private static final Map<String, Object> NO_TRAITS = Map.of();

    private final DuckDBConnection connection;
    private final Directory directory;
    private final MessageIds messageIds;
    private final LongHashSet tokenHashes;
    private final TraitsCache traitsCache;
    private final PropertyCatalog catalog;

    // per group
    private final List<Message> accepted = new ArrayList<>();
    private final List<String> acceptedProps = new ArrayList<>();
    private final List<Long> acceptedHashes = new ArrayList<>();
    private final List<Long> acceptedChecks = new ArrayList<>();
    private final LongHashSet inGroup = new LongHashSet(1 << 16);
    private Set<String> acceptedIds;
    private int[] uids = new int[0];
    private final List<IdentityResolver.TraitOp> traitOps = new ArrayList<>();
    private final Map<Integer, Map<String, Object>> initialTraits = new HashMap<>();
    private final Map<Integer, Map<String, Object>> traits = new HashMap<>();
    private final Set<Integer> traitsChanged = new LinkedHashSet<>();
    private final List<Commit.Move> moves = new ArrayList<>();
    private final Map<Integer, Set<String>> newTokens = new LinkedHashMap<>();
    private boolean report;

    /** What a committed group stored; {@code commit} is the report for listeners, null when none was asked. */
    record Outcome(int messages, int duplicates, int events, Commit commit, boolean slotsChanged) {
    }

    GroupCommit(DuckDBConnection connection, Directory directory, MessageIds messageIds,
                LongHashSet tokenHashes, TraitsCache traitsCache, PropertyCatalog catalog) {
        this.connection = connection;
        this.directory = directory;
        this.messageIds = messageIds;
        this.tokenHashes = tokenHashes;
        this.traitsCache = traitsCache;
        this.catalog = catalog;
    }

    /** Stores {@code batches} in one transaction; {@code report}: also build the {@link Commit} for listeners. */
    Outcome run(List<PendingBatch> batches, long now, boolean report) throws SQLException {
        clear();
        this.report = report;
        boolean committed = false;
        execute("BEGIN TRANSACTION");
        try {
            int duplicates = selectNew(batches);
            resolveUsers();
            observe();
            loadTraits();
            applyTraits();
            List<Long> newTokenHashes = write(now);
            catalog.write(connection);
            catalog.writeOtherNumbers(connection);
            execute("COMMIT");
            committed = true;
            boolean slotsChanged = catalog.slotsChanged();
            catalog.commit();
            messageIds.committed(acceptedHashes);
            Commit commit = report ? commitReport(now) : null;
            directory.commit();
            for (long h : newTokenHashes) {
                tokenHashes.add(h);
            }
            for (Map.Entry<Integer, Map<String, Object>> e : traits.entrySet()) {
                traitsCache.put(e.getKey(), e.getValue());
            }
            int events = 0;
            for (Message m : accepted) {
                if (m.kind() == Message.Kind.TRACK) {
                    events++;
                }
            }
            return new Outcome(accepted.size(), duplicates, events, commit, slotsChanged);
        } finally {
            if (!committed) {
                directory.rollback();
                catalog.rollback();
                rollbackQuietly();
            }
            clear();
        }
    }

    private void clear() {
        accepted.clear();
        acceptedProps.clear();
        acceptedHashes.clear();
        acceptedChecks.clear();
        traitOps.clear();
        initialTraits.clear();
        traits.clear();
        traitsChanged.clear();
        moves.clear();
        newTokens.clear();
    }

    /** The report of the committed group, built before the directory forgets this group's changes. */
    private Commit commitReport(long now) {
        List<Commit.ProfileChange> profiles = new ArrayList<>();
        Set<Integer> changed = new LinkedHashSet<>();
        for (int uid : traitsChanged) {
            changed.add(directory.find(uid));
        }
        changed.addAll(newTokens.keySet());
        for (int uid : changed) {
            Map<String, Object> current = traits.get(uid);
            Map<String, Object> changedTraits = new LinkedHashMap<>();
            if (current != null) {
                Map<String, Object> before = initialTraits.getOrDefault(uid, NO_TRAITS);
                for (Map.Entry<String, Object> e : current.entrySet()) {
                    if (!before.containsKey(e.getKey()) || !Objects.equals(before.get(e.getKey()), e.getValue())) {
                        changedTraits.put(e.getKey(), e.getValue());
                    }
                }
            }
            Set<String> tokens = newTokens.getOrDefault(uid, Set.of());
            if (!changedTraits.isEmpty() || !tokens.isEmpty()) {
                profiles.add(new Commit.ProfileChange(directory.userId(uid), changedTraits, tokens));
            }
        }
        List<Commit.StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            Message m = accepted.get(i);
            if (m.kind() == Message.Kind.TRACK) {
                events.add(new Commit.StoredEvent(directory.userId(directory.find(uids[i])),
                        new Event(m.event().orElseThrow(), m.timestamp(), m.properties())));
            }
        }
        return new Commit(now, moves, profiles, events);
    }

    /**
     * Keeps the messages whose messageId is neither remembered as stored nor earlier in this group; returns the
     * number dropped. A message whose {@code h} the window remembers is checked against the stored {@code h2}.
     */
    private int selectNew(List<PendingBatch> batches) throws SQLException {
        List<Long> candidates = new ArrayList<>();
        int ages = 0;
        for (PendingBatch b : batches) {
            for (long h : b.hashes) {
                int a = messageIds.ages(h);
                if (a != 0) {
                    candidates.add(h);
                    ages |= a;
                }
            }
        }
        Set<MessageIds.Fingerprint> stored = candidates.isEmpty() ? Set.of() : messageIds.stored(candidates, ages);
        inGroup.clear();
        acceptedIds = null;
        int duplicates = 0;
        for (PendingBatch b : batches) {
            for (int i = 0; i < b.size(); i++) {
                Message m = b.messages.get(i);
                long h = b.hashes[i];
                if ((!stored.isEmpty() && stored.contains(new MessageIds.Fingerprint(h, b.checks[i])))
                        || (!inGroup.add(h) && acceptedEarlier(m.messageId()))) {
                    duplicates++;
                    continue;
                }
                accepted.add(m);
                if (acceptedIds != null) {
                    acceptedIds.add(m.messageId());
                }
                acceptedProps.add(b.props[i]);
                acceptedHashes.add(h);
                acceptedChecks.add(b.checks[i]);
            }
        }
        messageIds.beforeWrite(!accepted.isEmpty());
        return duplicates;
    }

    /**
     * Whether a message with this messageId was accepted earlier in this group, asked when its hash was
     * seen before in the group (a duplicate, or rarely a collision): from then on the group also keeps
     * the accepted ids themselves.
     */
    private boolean acceptedEarlier(String messageId) {
        if (acceptedIds == null) {
            acceptedIds = new HashSet<>();
            for (Message m : accepted) {
                acceptedIds.add(m.messageId());
            }
        }
        return acceptedIds.contains(messageId);
    }

    /** Gives every accepted message its uid, in order, recording trait updates and merges as they happen. */
    private void resolveUsers() {
        IdentityResolver.Resolution resolution = IdentityResolver.resolve(directory, accepted);
        uids = resolution.uids();
        traitOps.addAll(resolution.traitOps());
    }

    /** Tells the catalog the top-level keys of this group's event properties and trait updates. */
    private void observe() {
        for (Message m : accepted) {
            if (m.kind() == Message.Kind.TRACK) {
                catalog.observe(TypedColumns.Document.EVENT_PROPERTIES, m.event().orElseThrow(), m.properties());
            }
            if (!m.traits().isEmpty()) {
                catalog.observe(TypedColumns.Document.USER_TRAITS, "", m.traits());
            }
        }
    }

    /** Reads the committed traits of every existing user a trait operation touches and the cache lacks. */
    private void loadTraits() throws SQLException {
        Set<Integer> missing = new LinkedHashSet<>();
        for (IdentityResolver.TraitOp op : traitOps) {
            if (op instanceof IdentityResolver.TraitOp.Patch p) {
                need(p.uid(), missing);
            } else if (op instanceof IdentityResolver.TraitOp.Merge merge) {
                need(merge.source(), missing);
                need(merge.target(), missing);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (DuckDBAppender a = connection.createAppender("temp", "main", "stage_uids")) {
            for (int uid : missing) {
                a.beginRow().append(uid).endRow();
            }
            a.flush();
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT uid, traits FROM users WHERE uid IN (SELECT uid FROM stage_uids)")) {
            while (rs.next()) {
                initialTraits.put(rs.getInt(1), Json.readObject(rs.getString(2)));
            }
        }
        execute("DELETE FROM stage_uids");
        for (int uid : missing) {
            if (!initialTraits.containsKey(uid)) {
                throw new IllegalStateException("users row of uid " + uid + " is missing");
            }
        }
    }

    private void need(int uid, Set<Integer> missing) {
        if (initialTraits.containsKey(uid)) {
            return;
        }
        if (uid >= directory.firstNewUid()) {
            initialTraits.put(uid, NO_TRAITS);
            return;
        }
        Map<String, Object> cached = traitsCache.get(uid);
        if (cached != null) {
            initialTraits.put(uid, cached);
        } else {
            missing.add(uid);
        }
    }

    /** Last write wins per trait in message order; on a merge, the known user's traits win over the absorbed one's. */
    private void applyTraits() {
        for (IdentityResolver.TraitOp op : traitOps) {
            if (op instanceof IdentityResolver.TraitOp.Patch p) {
                Map<String, Object> current = traitsOf(p.uid());
                for (Map.Entry<String, Object> e : p.traits().entrySet()) {
                    Object old = current.get(e.getKey());
                    if (!Objects.equals(old, e.getValue()) || !current.containsKey(e.getKey())) {
                        current.put(e.getKey(), e.getValue());
                        traitsChanged.add(p.uid());
                    }
                }
            } else if (op instanceof IdentityResolver.TraitOp.Merge merge) {
                Map<String, Object> absorbed = traitsOf(merge.source());
                Map<String, Object> target = traitsOf(merge.target());
                for (Map.Entry<String, Object> e : absorbed.entrySet()) {
                    if (!target.containsKey(e.getKey())) {
                        target.put(e.getKey(), e.getValue());
                        traitsChanged.add(merge.target());
                    }
                }
            }
        }
    }

    private Map<String, Object> traitsOf(int uid) {
        return traits.computeIfAbsent(uid, u -> new LinkedHashMap<>(initialTraits.get(u)));
    }

    /** Writes the group; returns the push token hashes stored. */
    private List<Long> write(long now) throws SQLException {
        if (report) {
            moves.addAll(UserMoves.read(connection, directory));
        }
        SlotValues traitValues = UserRows.write(connection, directory, traits, traitsChanged,
                catalog.groupSlots(Scope.TRAITS), now);
        catalog.otherNumbers(Scope.TRAITS, traitValues.otherNumbers());

        IdentityRows.write(connection, directory);

        // events (with the slots of their event name, the document without what they hold) and message ids
        Map<String, SlotValues> propertyValues = new HashMap<>();
        try (DuckDBAppender events = connection.createAppender("main", Schema.EVENTS_RECENT);
             DuckDBAppender ids = connection.createAppender("main", "message_ids")) {
            for (int i = 0; i < accepted.size(); i++) {
                Message m = accepted.get(i);
                if (m.kind() == Message.Kind.TRACK) {
                    String name = m.event().orElseThrow();
                    SlotValues values = propertyValues.computeIfAbsent(name, n -> catalog.groupSlots(Scope.event(n)));
                    SlotValues.Slot[] slots = values.slots(m.properties());
                    events.beginRow().append(directory.find(uids[i])).append(name).append(m.timestamp())
                            .append(values.document(m.properties(), slots, acceptedProps.get(i)));
                    values.append(events, slots);
                    events.endRow();
                }
                ids.beginRow().append(acceptedHashes.get(i)).append(acceptedChecks.get(i)).endRow();
            }
            events.flush();
            ids.flush();
        }
        propertyValues.forEach((name, values) -> catalog.otherNumbers(Scope.event(name), values.otherNumbers()));

        // push tokens not known to be stored, inserted unless present
        List<Long> stored = new ArrayList<>();
        Map<Integer, Set<String>> tokens = PushTokenRows.write(connection, accepted, uids, directory, tokenHashes, stored);
        if (report) {
            newTokens.putAll(tokens);
        }
        return stored;
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open, or the connection is gone: nothing was committed either way
        }
    }
}

package io.segments.engine.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.datagen.GeneratedMessage;
import io.segments.datagen.Generator;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.store.Schema;
import io.segments.store.internal.IngestWriter;
import io.segments.testing.Dataset;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generator's data set as users and events, resolved the way ingestion resolves identities: an
 * anonymous visitor keeps its {@code uid} when a message carrying both ids identifies it, traits
 * are merged key by key (the later value wins), push tokens come from {@code context.device.token}.
 * Either held in memory as a {@link Dataset} (small sizes, for tests that also evaluate in
 * memory) or streamed into a DuckDB file with the {@link Schema} tables (benchmark sizes).
 */
final class GeneratedStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratedStore() {
    }

    /** The whole data set in memory: profiles in uid order, events per user id. */
    static Dataset dataset(Generator generator) {
        Identities identities = new Identities();
        List<List<Event>> events = new ArrayList<>();
        generator.forEachMessage(m -> {
            int uid = identities.resolve(m);
            while (events.size() <= uid) {
                events.add(new ArrayList<>());
            }
            if (m.type() == GeneratedMessage.Type.TRACK) {
                events.get(uid).add(new Event(m.event(), m.timestamp(), m.properties()));
            }
        });
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<Event>> byUser = new LinkedHashMap<>();
        for (int uid = 0; uid < identities.size(); uid++) {
            String id = identities.userIds.get(uid);
            profiles.add(new Profile(id, identities.traits.get(uid), identities.tokens.get(uid)));
            byUser.put(id, uid < events.size() ? events.get(uid) : List.of());
        }
        return new Dataset(profiles, byUser);
    }

    /**
     * A DuckDB file at {@code file} holding the generator's data, built when it does not exist
     * yet (the generator is deterministic, so a file built from the same settings is the same).
     */
    static Path file(Generator generator, Path file) {
        if (Files.exists(file)) {
            return file;
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(partial);
            try (DuckDBConnection c = DriverManager.getConnection("jdbc:duckdb:" + partial)
                    .unwrap(DuckDBConnection.class)) {
                write(generator, c);
            }
            Files.move(partial, file);
            return file;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the data file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Generator generator, DuckDBConnection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String migration : Schema.MIGRATIONS) {
                s.execute(migration);
            }
            s.execute("CREATE TEMP TABLE stage_events (uid INTEGER, name VARCHAR, ts BIGINT, props VARCHAR)");
            s.execute("CREATE TEMP TABLE stage_users (uid INTEGER, user_id VARCHAR, traits VARCHAR)");
            s.execute("CREATE TEMP TABLE stage_tokens (uid INTEGER, token VARCHAR)");
        }
        Identities identities = new Identities();
        try (DuckDBAppender events = c.createAppender("temp", "main", "stage_events")) {
            SQLException[] failure = new SQLException[1];
            generator.forEachMessage(m -> {
                int uid = identities.resolve(m);
                if (m.type() != GeneratedMessage.Type.TRACK || failure[0] != null) {
                    return;
                }
                try {
                    events.beginRow().append(uid).append(m.event()).append(m.timestamp())
                            .append(json(m.properties())).endRow();
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        try (DuckDBAppender users = c.createAppender("temp", "main", "stage_users");
             DuckDBAppender tokens = c.createAppender("temp", "main", "stage_tokens")) {
            for (int uid = 0; uid < identities.size(); uid++) {
                users.beginRow().append(uid).append(identities.userIds.get(uid))
                        .append(json(identities.traits.get(uid))).endRow();
                for (String token : identities.tokens.get(uid)) {
                    tokens.beginRow().append(uid).append(token).endRow();
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO users (uid, user_id, traits, merged_into, created_at, updated_at)"
                    + " SELECT uid, user_id, traits, NULL, 0, 0 FROM stage_users ORDER BY uid;"
                    + "INSERT INTO identities (external_id, uid) SELECT user_id, uid FROM stage_users;"
                    + "INSERT INTO push_tokens (uid, token) SELECT uid, token FROM stage_tokens;"
                    // the layout ingestion leaves: runs of sortRows events in arrival order, each sorted by name
                    + "INSERT INTO events_sorted (uid, name, ts, props) SELECT uid, name, ts, props FROM stage_events"
                    + " ORDER BY rowid // " + IngestWriter.Config.DEFAULT_SORT_ROWS + ", name, ts;"
                    + "INSERT INTO " + Schema.EVENT_SUMMARY + " " + Schema.summaryOf(Schema.EVENTS_SORTED) + ";"
                    + "CHECKPOINT;");
        }
    }

    /** External ids to dense uids, with each uid's shown id, merged traits and push tokens. */
    private static final class Identities {
        private final Map<String, Integer> uids = new HashMap<>();
        private final List<String> userIds = new ArrayList<>();
        private final List<Map<String, Object>> traits = new ArrayList<>();
        private final List<Set<String>> tokens = new ArrayList<>();

        int size() {
            return userIds.size();
        }

        int resolve(GeneratedMessage m) {
            Integer byUserId = m.userId() == null ? null : uids.get(m.userId());
            Integer byAnonymousId = m.anonymousId() == null ? null : uids.get(m.anonymousId());
            int uid;
            if (byUserId != null) {
                uid = byUserId;
            } else if (byAnonymousId != null) {
                uid = byAnonymousId;
                if (m.userId() != null) {
                    userIds.set(uid, m.userId()); // identified: the visitor's row takes the user id
                }
            } else {
                uid = userIds.size();
                userIds.add(m.subjectId());
                traits.add(new LinkedHashMap<>());
                tokens.add(new LinkedHashSet<>());
            }
            if (m.userId() != null) {
                uids.putIfAbsent(m.userId(), uid);
            }
            if (m.anonymousId() != null) {
                uids.putIfAbsent(m.anonymousId(), uid);
            }
            traits.get(uid).putAll(m.traits());
            if (m.pushToken() != null && !m.pushToken().isEmpty()) {
                tokens.get(uid).add(m.pushToken());
            }
            return uid;
        }
    }

    private static String json(Map<String, Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + values, e);
        }
    }
}

package io.segments.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.store.Schema;
import io.segments.store.TypedColumns;
import io.segments.testing.Dataset;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An in-memory DuckDB store with the {@link Schema} tables, loaded straight from a
 * {@link Dataset}: the i-th profile gets {@code uid} i, traits and properties are stored as JSON
 * text, profile push tokens go to {@code push_tokens}. Its engine reads the typed slots of the most frequent keys
 * ({@link TypedColumns#rebuild}), or with {@link #inMemoryJsonOnly()} every field from its JSON.
 */
public final class StoreFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DuckDBConnection root;
    private final boolean typed;
    private volatile TypedColumns slots = TypedColumns.NONE;
    private final SegmentEngine engine;
    private final List<String> userIds = new ArrayList<>();
    private Dataset loaded;

    private StoreFixture(DuckDBConnection root, boolean typed) {
        this.root = root;
        this.typed = typed;
        ConnectionSource duplicates = ConnectionSource.duplicating(root);
        this.engine = new SegmentEngine(new ConnectionSource() {
            @Override
            public Connection open() throws SQLException {
                return duplicates.open();
            }

            @Override
            public TypedColumns typedColumns(Connection connection) {
                return slots; // the fixture's rows keep their whole documents: no slots means the JSON
            }
        });
    }

    /** A store whose engine reads the typed slots of the loaded data (as a store's engine does). */
    public static StoreFixture inMemory() {
        return inMemory(true);
    }

    /** A store whose engine reads every field from its JSON document. */
    public static StoreFixture inMemoryJsonOnly() {
        return inMemory(false);
    }

    private static StoreFixture inMemory(boolean typed) {
        try {
            DuckDBConnection root = DriverManager.getConnection("jdbc:duckdb:").unwrap(DuckDBConnection.class);
            try (Statement s = root.createStatement()) {
                for (String migration : Schema.MIGRATIONS) {
                    s.execute(migration);
                }
            }
            return new StoreFixture(root, typed);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an in-memory store", e);
        }
    }

    public SegmentEngine engine() {
        return engine;
    }

    /** The root connection (tests only read and count with it). */
    public Connection connection() {
        return root;
    }

    /** The external id of {@code uid}. */
    public String userId(int uid) {
        return userIds.get(uid);
    }

    /** Replaces the store's content with {@code data}, unless it is the data set loaded last. */
    public void load(Dataset data) {
        if (data == loaded) {
            return;
        }
        try (Statement s = root.createStatement()) {
            s.execute("DELETE FROM events_recent; DELETE FROM events_sorted; DELETE FROM events_compacted; DELETE FROM " + Schema.EVENT_SUMMARY + "; DELETE FROM push_tokens; DELETE FROM identities; DELETE FROM users;"
                    + "CREATE OR REPLACE TEMP TABLE stage_users (uid INTEGER, user_id VARCHAR, traits VARCHAR);"
                    + "CREATE OR REPLACE TEMP TABLE stage_events (uid INTEGER, name VARCHAR, ts BIGINT, props VARCHAR);"
                    + "CREATE OR REPLACE TEMP TABLE stage_tokens (uid INTEGER, token VARCHAR);");
            userIds.clear();
            Map<String, Integer> uids = new HashMap<>();
            // staged through appenders, then copied by column name: the store may add columns with defaults
            try (DuckDBAppender users = root.createAppender("temp", "main", "stage_users");
                 DuckDBAppender tokens = root.createAppender("temp", "main", "stage_tokens")) {
                for (Profile profile : data.profiles()) {
                    int uid = userIds.size();
                    if (uids.putIfAbsent(profile.userId(), uid) != null) {
                        throw new IllegalArgumentException("duplicate user id " + profile.userId());
                    }
                    userIds.add(profile.userId());
                    users.beginRow().append(uid).append(profile.userId()).append(json(profile.traits())).endRow();
                    for (String token : new TreeSet<>(profile.pushTokens())) {
                        tokens.beginRow().append(uid).append(token).endRow();
                    }
                }
            }
            try (DuckDBAppender events = root.createAppender("temp", "main", "stage_events")) {
                for (Map.Entry<String, List<Event>> entry : data.events().entrySet()) {
                    Integer uid = uids.get(entry.getKey());
                    if (uid == null) {
                        continue; // events of an id without a profile are not a user's
                    }
                    for (Event event : entry.getValue()) {
                        events.beginRow().append(uid).append(event.name()).append(event.timestamp())
                                .append(json(event.properties())).endRow();
                    }
                }
            }
            s.execute("INSERT INTO users (uid, user_id, traits, merged_into, created_at, updated_at)"
                    + " SELECT uid, user_id, traits, NULL, 0, 0 FROM stage_users;"
                    + "INSERT INTO identities (external_id, uid) SELECT user_id, uid FROM stage_users;"
                    + "INSERT INTO push_tokens (uid, token) SELECT uid, token FROM stage_tokens;"
                    // the events lie in the three tables of the view, as in a store that has moved and
                    // compacted some of them
                    + "INSERT INTO events_compacted (uid, name, ts, props) SELECT uid, name, ts, props FROM"
                    + " stage_events WHERE ((uid + ts) % 3 + 3) % 3 = 0 ORDER BY name, ts;"
                    + "INSERT INTO events_sorted (uid, name, ts, props) SELECT uid, name, ts, props FROM stage_events"
                    + " WHERE ((uid + ts) % 3 + 3) % 3 = 1 ORDER BY name, ts;"
                    + "INSERT INTO events_recent (uid, name, ts, props) SELECT uid, name, ts, props FROM stage_events"
                    + " WHERE ((uid + ts) % 3 + 3) % 3 = 2;"
                    // the summary of the sorted and compacted ones, as the store keeps it
                    + "INSERT INTO " + Schema.EVENT_SUMMARY + " " + Schema.summaryOf(Schema.EVENTS_SETTLED) + ";");
            // the slots of the loaded documents, as a store gives them to rows written before typed columns
            slots = typed ? TypedColumns.rebuild(root) : TypedColumns.NONE;
            loaded = data;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the data set", e);
        }
    }

    private static String json(Map<String, Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + values, e);
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

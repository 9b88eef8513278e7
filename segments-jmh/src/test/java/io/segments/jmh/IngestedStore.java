package io.segments.jmh;

import io.segments.datagen.Generator;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.store.EventDocuments;
import io.segments.store.Message;
import io.segments.store.MessageParser;
import io.segments.store.Store;
import io.segments.store.internal.Json;
import io.segments.testing.Dataset;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real store holding a generator's messages, ingested as the server ingests them (parsed by
 * {@link MessageParser}, stored by the {@link io.segments.store.Ingestor}, identities resolved and merged
 * by the store), and the same users and events read back as a {@link Dataset} for the reference evaluator.
 */
final class IngestedStore implements AutoCloseable {
    private final Store store;
    private final Map<Integer, String> userIds = new HashMap<>();
    private final Dataset dataset;

    IngestedStore(Path dir, Generator generator) {
        store = Store.open(dir);
        MessageParser parser = new MessageParser();
        List<Message> batch = new ArrayList<>();
        long receivedAt = generator.end().toEpochMilli();
        generator.forEachJson((bytes, offset, length) -> {
            batch.add(parser.parse(io.segments.server.internal.Json.parse(Arrays.copyOfRange(bytes, offset, offset + length)),
                    receivedAt, "$"));
            if (batch.size() == 1000) {
                store.ingestor().submit(List.copyOf(batch)).join();
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            store.ingestor().submit(batch).join();
        }
        dataset = store.withConnection(this::readBack);
    }

    private Dataset readBack(Connection c) throws SQLException {
        Map<Integer, Map<String, Object>> traits = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT uid, user_id, traits FROM users WHERE merged_into IS NULL ORDER BY uid");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                userIds.put(rs.getInt(1), rs.getString(2));
                traits.put(rs.getInt(1), Json.readObject(rs.getString(3)));
            }
        }
        Map<Integer, Set<String>> tokens = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT uid, token FROM push_tokens");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                tokens.computeIfAbsent(rs.getInt(1), u -> new HashSet<>()).add(rs.getString(2));
            }
        }
        Map<String, List<Event>> events = new HashMap<>();
        EventDocuments.query(c, d -> "SELECT e.uid, e.name, e.ts, " + d.columns("e") + " FROM events e ORDER BY e.ts",
                List.of(), (rs, d) -> {
                    String user = userIds.get(rs.getInt(1));
                    if (user != null) {
                        events.computeIfAbsent(user, u -> new ArrayList<>())
                                .add(new Event(rs.getString(2), rs.getLong(3), d.properties(rs.getString(2), rs, 4)));
                    }
                });
        List<Profile> profiles = new ArrayList<>();
        traits.forEach((uid, t) -> profiles.add(new Profile(userIds.get(uid), t, tokens.getOrDefault(uid, Set.of()))));
        return new Dataset(profiles, events);
    }

    Dataset dataset() {
        return dataset;
    }

    Store store() {
        return store;
    }

    /** The external id of a live user's {@code uid}. */
    String userId(int uid) {
        String id = userIds.get(uid);
        if (id == null) {
            throw new IllegalArgumentException("no live user with uid " + uid);
        }
        return id;
    }

    @Override
    public void close() {
        store.close();
    }
}

package io.segments.bench.internal;

import io.segments.datagen.GeneratedMessage;
import io.segments.datagen.Generator;
import io.segments.engine.SegmentEngine;
import io.segments.live.ChangeListener;
import io.segments.live.LiveEngine;
import io.segments.live.LiveSegment;
import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.BenchmarkSegments;
import io.segments.store.Store;
import org.roaringbitmap.RoaringBitmap;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * W5: the live engine replaying a data set's messages in time order at full speed, with the 20 live segments of
 * {@link BenchmarkSegments} created before the first message; beside it the same loop without the engine, and
 * one batch evaluation of the same 20 segments at the end through {@link SegmentEngine}.
 *
 * <p>Messages stream from the generator (a data set need not fit in memory) and each is given to the engine
 * under the user it belongs to in the store ({@code identities}: every userId and anonymousId to its current
 * {@code uid}), so that at the end the live members must be exactly the batch members.
 */
public final class LiveReplay {
    private final Generator generator;
    private final Map<String, Integer> uids;
    private final String[] keys;
    private final Instant createdAt;
    private final Instant now;
    private final List<Condition> filters;
    private final SegmentLookup lookup = BenchmarkSegments.lookup();

    /**
     * @param uids every external id of the store to its current uid
     * @param now  the end of the replay, where live and batch members are compared
     */
    public LiveReplay(Generator generator, Map<String, Integer> uids, Instant now) {
        this.generator = requireNonNull(generator, "generator is null");
        this.uids = Map.copyOf(uids);
        this.now = requireNonNull(now, "now is null");
        this.createdAt = generator.start();
        int max = uids.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.keys = new String[max + 1];
        for (int uid : uids.values()) {
            keys[uid] = Integer.toString(uid);
        }
        this.filters = BenchmarkSegments.FILTERS.stream().map(f -> SegmentJson.readCondition(f, "$.filter")).toList();
    }

    /** Every external id the store knows (userId, anonymousId) and the uid it belongs to now. */
    public static Map<String, Integer> identities(Store store) {
        return store.withConnection(c -> {
            Map<String, Integer> map = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT external_id, uid FROM identities")) {
                while (rs.next()) {
                    map.put(rs.getString(1), rs.getInt(2));
                }
            }
            return map;
        });
    }

    /** What one replay did: messages, of them track events, and the live members of each segment at the end. */
    public record Replayed(long messages, long events, List<RoaringBitmap> members) {
    }

    /** The replay through the live engine. */
    public Replayed live() {
        LiveEngine engine = LiveEngine.create(createdAt, lookup, ChangeListener.none());
        for (int i = 0; i < filters.size(); i++) {
            engine.register(new LiveSegment("live_" + i, filters.get(i), createdAt));
        }
        long[] counted = new long[2];
        long[] clock = {createdAt.toEpochMilli()};
        long end = now.toEpochMilli();
        List<String> none = List.of();
        generator.forEachMessage(m -> {
            String key = key(m);
            long ts = m.timestamp();
            if (ts > clock[0] && ts <= end) {
                engine.advanceTo(Instant.ofEpochMilli(ts));
                clock[0] = ts;
            }
            counted[0]++;
            if (m.type() == GeneratedMessage.Type.TRACK) {
                counted[1]++;
                engine.event(key, new Event(m.event(), ts, m.properties()));
                if (m.pushToken() != null) {
                    engine.mergeTraits(key, Map.of(), List.of(m.pushToken()));
                }
            } else {
                engine.mergeTraits(key, m.traits(), m.pushToken() == null ? none : List.of(m.pushToken()));
            }
        });
        if (end > clock[0]) {
            engine.advanceTo(now);
        }
        List<RoaringBitmap> members = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            RoaringBitmap bitmap = new RoaringBitmap();
            for (String key : engine.members("live_" + i)) {
                bitmap.add(Integer.parseInt(key));
            }
            members.add(bitmap);
        }
        return new Replayed(counted[0], counted[1], members);
    }

    /** The same loop without the engine: the messages streamed and resolved to their users. */
    public long loop() {
        long[] checksum = {0, createdAt.toEpochMilli()};
        long end = now.toEpochMilli();
        generator.forEachMessage(m -> {
            String key = key(m);
            long ts = m.timestamp();
            if (ts > checksum[1] && ts <= end) {
                checksum[1] = ts;
            }
            checksum[0] += key.length() + (m.type() == GeneratedMessage.Type.TRACK ? m.properties().size()
                    : m.traits().size());
        });
        return checksum[0] + checksum[1];
    }

    /** The 20 segments' members at the end, evaluated once each by the batch engine. */
    public List<RoaringBitmap> batch(SegmentEngine engine) {
        List<RoaringBitmap> members = new ArrayList<>();
        for (Condition filter : filters) {
            members.add(engine.members(filter, now, lookup, Optional.of(createdAt)));
        }
        return members;
    }

    /** Cardinalities, as the correctness check compares them. */
    public static long[] counts(List<RoaringBitmap> members) {
        return members.stream().mapToLong(RoaringBitmap::getLongCardinality).toArray();
    }

    /**
     * Fails unless live and batch members are the same users for every segment, naming the segment, both counts
     * and a few users found by only one of them.
     */
    public static void verify(List<RoaringBitmap> live, List<RoaringBitmap> batch) {
        for (int i = 0; i < live.size(); i++) {
            if (!live.get(i).equals(batch.get(i))) {
                RoaringBitmap onlyLive = RoaringBitmap.andNot(live.get(i), batch.get(i));
                RoaringBitmap onlyBatch = RoaringBitmap.andNot(batch.get(i), live.get(i));
                throw new CountCheck.CountMismatchException("W5: live segment " + i + " " + BenchmarkSegments.FILTERS.get(i)
                        + ": the live engine has " + live.get(i).getLongCardinality() + " members at the end, the batch"
                        + " evaluation " + batch.get(i).getLongCardinality() + "; only live: " + sample(onlyLive)
                        + ", only batch: " + sample(onlyBatch));
            }
        }
    }

    /** Labels of the 20 counts. */
    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < BenchmarkSegments.FILTERS.size(); i++) {
            labels.add("live segment " + i);
        }
        return labels;
    }

    private String key(GeneratedMessage m) {
        Integer uid = uids.get(m.subjectId());
        if (uid == null) {
            throw new IllegalStateException("W5: the store knows no user " + m.subjectId() + " of message "
                    + m.messageId());
        }
        return keys[uid];
    }

    private static String sample(RoaringBitmap users) {
        List<Integer> some = new ArrayList<>();
        users.forEach((int uid) -> {
            if (some.size() < 5) {
                some.add(uid);
            }
        });
        return users.getLongCardinality() + " " + some + (users.getLongCardinality() > 5 ? "..." : "");
    }
}

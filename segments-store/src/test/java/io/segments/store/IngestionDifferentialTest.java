package io.segments.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segments.store.internal.IngestWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random message streams over a few users and anonymous ids, submitted as random batches (grouped
 * into commits however the writer happens to take them, with a tiny traits cache and reopening the
 * store at random points) end in exactly the state the one-message-at-a-time reference describes.
 */
class IngestionDifferentialTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final MessageParser PARSER = new MessageParser();

    @Property(tries = 40)
    void groupCommittedIngestionMatchesTheReference(@ForAll("streams") List<JsonNode> stream,
                                                    @ForAll("seeds") long seed,
                                                    @ForAll @IntRange(min = 1, max = 6) int maxGroupMessages,
                                                    @ForAll @IntRange(min = 1, max = 12) int sortRows,
                                                    @ForAll @IntRange(min = 1, max = 30) int compactRows) throws Exception {
        List<Message> messages = stream.stream().map(n -> PARSER.parse(n, Wire.RECEIVED_AT, "$")).toList();
        ReferenceIngestion reference = new ReferenceIngestion();
        messages.forEach(reference::apply);

        Path dir = Files.createTempDirectory("segments-differential");
        IngestWriter.Config config = new IngestWriter.Config(maxGroupMessages, 1_000, 2, sortRows,
                IngestWriter.Config.DEFAULT_DEDUP_WINDOW, compactRows);
        Random random = new Random(seed);
        Store store = Store.open(dir, config);
        try {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            int i = 0;
            while (i < messages.size()) {
                int size = 1 + random.nextInt(4);
                acks.add(store.ingestor().submit(messages.subList(i, Math.min(messages.size(), i + size))));
                i += size;
                if (random.nextInt(8) == 0) {
                    for (CompletableFuture<Void> ack : acks) {
                        ack.get(30, TimeUnit.SECONDS);
                    }
                    acks.clear();
                    store.close();
                    store = Store.open(dir, config);
                }
            }
            for (CompletableFuture<Void> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
            assertSameState(store, reference);
            store.ingestor().sortEvents().get(30, TimeUnit.SECONDS);
            assertThat(Tables.count(store, "SELECT count(*) FROM " + Schema.EVENTS_SORTED))
                    .as("the writer compacts the sorted runs once they hold %d rows", compactRows)
                    .isLessThan(compactRows);
            assertSameState(store, reference);
            store.close();
            store = Store.open(dir, config);
            assertSameState(store, reference);
        } finally {
            store.close();
            deleteRecursively(dir);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertSameState(Store store, ReferenceIngestion reference) {
        List<Map<String, Object>> allEvents = Tables.events(store);
        for (String externalId : reference.externalIds()) {
            assertThat(Tables.userOf(store, externalId)).as("user of %s", externalId)
                    .isEqualTo(reference.resolve(externalId).userId);
        }
        assertThat(Tables.count(store, "SELECT count(*) FROM identities")).isEqualTo(reference.externalIds().size());
        assertThat(Tables.liveUsers(store)).containsExactlyInAnyOrderElementsOf(
                reference.liveUsers().stream().map(p -> p.userId).toList());
        for (ReferenceIngestion.Person p : reference.liveUsers()) {
            JsonNode stored = Wire.MAPPER.valueToTree(store.profile(p.userId).orElseThrow().traits());
            JsonNode expected = Wire.MAPPER.valueToTree(p.traits);
            assertThat(stored).as("traits of %s", p.userId).isEqualTo(expected);
            assertThat(store.profile(p.userId).orElseThrow().pushTokens()).as("tokens of %s", p.userId)
                    .isEqualTo(p.tokens);
            List<String> events = allEvents.stream().filter(r -> p.userId.equals(r.get("user_id")))
                    .map(r -> ReferenceIngestion.event((String) r.get("name"), (Long) r.get("ts"),
                            (Map<String, Object>) r.get("props")))
                    .sorted().toList();
            assertThat(events).as("events of %s", p.userId).isEqualTo(p.events.stream().sorted().toList());
        }
        // every trait slot of every row holds what SQL computes from the row's JSON, through merges and trait
        // changes (event documents leave out what their slots hold: the events above are read through the slots)
        TypedColumns typed = store.typedColumns();
        typed.slots(TypedColumns.Scope.TRAITS).forEach((key, slot) ->
                SlotValuesTest.assertSameAsSql(store, "users", "traits", slot, key, 0));
        // the summary of the sorted and compacted events, kept through moves, compactions and merges, is what
        // they sum up to
        String summary = "SELECT uid, name, first_ts, last_ts, n FROM " + Schema.EVENT_SUMMARY;
        String recomputed = "SELECT * FROM (" + Schema.summaryOf(Schema.EVENTS_SETTLED) + ")";
        assertThat(Tables.rows(store, "(" + summary + " EXCEPT ALL " + recomputed + ") UNION ALL (" + recomputed
                + " EXCEPT ALL " + summary + ")")).as("summary rows not of the sorted and compacted events, or missing").isEmpty();
        // merged users hold nothing; identities never point at them; uids are dense
        assertThat(Tables.count(store, """
                SELECT count(*) FROM events e JOIN users u USING (uid) WHERE u.merged_into IS NOT NULL""")).isZero();
        assertThat(Tables.count(store, """
                SELECT count(*) FROM push_tokens p JOIN users u USING (uid) WHERE u.merged_into IS NOT NULL""")).isZero();
        assertThat(Tables.count(store, """
                SELECT count(*) FROM identities i JOIN users u USING (uid) WHERE u.merged_into IS NOT NULL""")).isZero();
        assertThat(Tables.count(store, """
                SELECT count(*) FROM users m JOIN users t ON m.merged_into = t.uid WHERE t.merged_into IS NOT NULL""")).isZero();
        assertThat(Tables.count(store, "SELECT count(*) - coalesce(max(uid) + 1, 0) FROM users")).isZero();
        // a user's own id is always theirs
        assertThat(Tables.count(store, """
                SELECT count(*) FROM users u LEFT JOIN identities i ON i.external_id = u.user_id
                WHERE u.merged_into IS NULL AND (i.uid IS NULL OR i.uid <> u.uid)""")).isZero();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<JsonNode>> streams() {
        return message().list().ofMinSize(1).ofMaxSize(40);
    }

    private Arbitrary<JsonNode> message() {
        Arbitrary<String> users = Arbitraries.of("u0", "u1", "u2", "u3", "a0").injectNull(0.4);
        Arbitrary<String> anonymous = Arbitraries.of("a0", "a1", "a2", "a3", "a4").injectNull(0.4);
        Arbitrary<String> messageIds = Arbitraries.integers().between(0, 50).map(i -> "m" + i).injectNull(0.2);
        Arbitrary<String> types = Arbitraries.frequency(
                Tuple.of(5, "track"), Tuple.of(3, "identify"),
                Tuple.of(1, "page"), Tuple.of(2, "alias"), Tuple.of(1, "group"));
        Arbitrary<Map<String, Object>> traits = Arbitraries.maps(Arbitraries.of("t0", "t1", "t2"),
                Arbitraries.<Object>of(0, 1, 2, "s", List.of(1)).injectNull(0.15)).ofMaxSize(2);
        Arbitrary<String> tokens = Arbitraries.of("k0", "k1", "k2").injectNull(0.7);
        Arbitrary<Map<String, Object>> properties = Arbitraries.maps(Arbitraries.of("p", "q"),
                Arbitraries.<Object>of(0, 1.5, "x")).ofMaxSize(2);
        return Combinators.combine(types, users, anonymous, messageIds, traits, traits.injectNull(0.6), tokens,
                        Combinators.combine(properties, Arbitraries.of("E1", "E2"), Arbitraries.longs().between(0, 1000),
                                Arbitraries.of("u0", "u1", "a1", "a2")).as(List::of))
                .as((type, user, anon, messageId, ownTraits, contextTraits, token, rest) -> {
                    ObjectNode o = F.objectNode();
                    o.put("type", type);
                    String userId = user;
                    if (type.equals("alias") && userId == null) {
                        userId = "u0";
                    }
                    if (userId == null && anon == null) {
                        anon = "a0";
                    }
                    o.put("userId", userId);
                    o.put("anonymousId", anon);
                    o.put("messageId", messageId);
                    o.put("timestamp", Instant.ofEpochMilli(1_790_000_000_000L + (Long) rest.get(2) * 1000).toString());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> props = (Map<String, Object>) rest.get(0);
                    switch (type) {
                        case "track" -> {
                            o.put("event", (String) rest.get(1));
                            o.set("properties", Wire.MAPPER.valueToTree(props));
                        }
                        case "page" -> o.put("name", (String) rest.get(1));
                        case "identify" -> o.set("traits", Wire.MAPPER.valueToTree(ownTraits));
                        case "alias" -> o.put("previousId", (String) rest.get(3));
                        case "group" -> o.put("groupId", "g" + ((Long) rest.get(2) % 2));
                        default -> throw new IllegalStateException(type);
                    }
                    ObjectNode context = o.putObject("context");
                    if (contextTraits != null) {
                        context.set("traits", Wire.MAPPER.valueToTree(new TreeMap<>(contextTraits)));
                    }
                    if (token != null) {
                        context.putObject("device").put("token", token);
                    }
                    return (JsonNode) o;
                });
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

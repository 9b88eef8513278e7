package io.segments.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.datagen.Generator;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.store.EventDocuments;
import io.segments.store.Importer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realistic generated data set loaded through ingestion: every stored segment's count, member
 * pages and reachability agree with the reference evaluator over the same users and events, and
 * each user's segments agree with the segments' member lists.
 */
class GeneratedDataTest {
    /** The generated period ends here; queries run at this time unless they say otherwise. */
    private static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Fixture f;
    private static List<Segment> segments;
    private static List<Profile> profiles;
    private static Map<String, List<Event>> events;

    @BeforeAll
    static void load() throws IOException {
        Generator generator = Generator.builder().users(400).days(100).seed(20261120).end(END).build();
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        generator.writeNdjson(ndjson);

        // the live segment is created 20 days before the end: it sees only the last 20 days
        f = new Fixture(dir, END.minus(Duration.ofDays(20)));
        Importer.Result imported = new Importer(f.store.ingestor())
                .importStream(new ByteArrayInputStream(ndjson.toByteArray()), ndjson.size(), new Importer.Listener() {
                });
        assertThat(imported.badLines()).isZero();

        segments = new ArrayList<>();
        segments.add(f.catalog.create(SegmentCatalogTest.body("{'name': 'Live buyers', 'type': 'live',"
                + " 'filter': {'did': 'Charged', 'when': {'last': '30d'}}}")));
        f.clock.set(END);
        segments.addAll(ExampleSegments.createIn(f.catalog));
        profiles = readProfiles();
        events = readEvents();
        List<String> someUsers = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i += 3) {
            someUsers.add(profiles.get(i).userId());
        }
        someUsers.add("never-seen-user");
        segments.add(f.catalog.create(SegmentCatalogTest.staticSegment("Every third user",
                someUsers.toArray(String[]::new))));
        String highSpenders = segments.get(3).id().orElseThrow();
        String frequent = segments.get(2).id().orElseThrow();
        String listed = segments.get(segments.size() - 1).id().orElseThrow();
        segments.add(f.catalog.create(SegmentCatalogTest.dynamic("Composite", "{'or': [{'and': [{'inSegment': '"
                + highSpenders + "'}, {'not': {'inSegment': '" + frequent + "'}}]}, {'and': [{'inSegment': '" + listed
                + "'}, {'reachable': 'email'}]}]}")));
        segments.add(f.catalog.create(SegmentCatalogTest.dynamic("Via live", "{'and': [{'inSegment': '"
                + segments.get(0).id().orElseThrow() + "'}, {'attribute': 'country', 'op': 'eq', 'value': 'IN'}]}")));
    }

    @AfterAll
    static void close() {
        f.close();
    }

    /** The users as the store holds them (not merged into another). */
    private static List<Profile> readProfiles() {
        List<String> ids = f.store.withConnection(c -> {
            List<String> list = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT user_id FROM users WHERE merged_into IS NULL ORDER BY user_id");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getString(1));
                }
            }
            return list;
        });
        List<Profile> list = new ArrayList<>();
        for (String id : ids) {
            list.add(f.store.profile(id).orElseThrow());
        }
        return list;
    }

    private static Map<String, List<Event>> readEvents() {
        return f.store.withConnection(c -> {
            Map<String, List<Event>> byUser = new HashMap<>();
            EventDocuments.query(c, d -> "SELECT u.user_id, e.name, e.ts, " + d.columns("e") + " FROM events e"
                    + " JOIN users u ON u.uid = e.uid WHERE u.merged_into IS NULL", List.of(), (rs, d) -> byUser
                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Event(rs.getString(2), rs.getLong(3), d.properties(rs.getString(2), rs, 4))));
            return byUser;
        });
    }

    private static Set<String> expectedMembers(Segment segment, Instant now) {
        ReferenceEvaluator reference = new ReferenceEvaluator(f.catalog.lookup());
        Set<String> members = new TreeSet<>();
        for (Profile profile : profiles) {
            if (reference.isMember(segment, profile, events.getOrDefault(profile.userId(), List.of()), now)) {
                members.add(profile.userId());
            }
        }
        return members;
    }

    private static List<String> allMemberPages(String id, int limit) {
        List<String> all = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            SegmentQueries.MemberPage page = f.queries.members(id, limit, after);
            all.addAll(page.members());
            after = page.next();
        } while (after.isPresent());
        return all;
    }

    @Test
    void theDataSetIsRealistic() {
        assertThat(profiles.size()).isGreaterThanOrEqualTo(400);
        assertThat(events.values().stream().mapToInt(List::size).sum()).isGreaterThan(5_000);
        long nonTrivial = segments.stream().filter(s -> {
            int n = expectedMembers(s, END).size();
            return n > 0 && n < profiles.size();
        }).count();
        assertThat(nonTrivial).as("segments with some but not all users").isGreaterThanOrEqualTo(segments.size() - 2);
    }

    @Test
    void countsAndMembersEqualTheReferenceEvaluator() {
        for (Segment segment : segments) {
            String id = segment.id().orElseThrow();
            Set<String> expected = expectedMembers(segment, END);

            assertThat(f.queries.count(id, Optional.empty()).count()).as(segment.name()).isEqualTo(expected.size());
            List<String> paged = allMemberPages(id, 37);
            assertThat(paged).as(segment.name()).isSorted().containsExactlyElementsOf(expected);
        }
    }

    @Test
    void countsAsOfEarlierTimesEqualTheReferenceEvaluator() {
        for (Instant asOf : List.of(END.minus(Duration.ofDays(9)), Instant.parse("2026-10-31T23:59:59.999Z"))) {
            for (Segment segment : segments) {
                if (segment.type() == SegmentType.LIVE) {
                    continue; // its events start at its creation; covered at END
                }
                long expected = expectedMembers(segment, asOf).size();
                SegmentQueries.Count count = f.queries.count(segment.id().orElseThrow(), Optional.of(asOf));
                assertThat(count.count()).as(segment.name() + " at " + asOf).isEqualTo(expected);
                assertThat(count.asOf()).isEqualTo(asOf);
            }
        }
    }

    @Test
    void previewOfAnExampleEqualsItsStoredCount() {
        Segment example = segments.get(1);
        long preview = f.queries.preview(example.filter().orElseThrow(), Optional.empty()).count();
        assertThat(preview).isEqualTo(f.queries.count(example.id().orElseThrow(), Optional.empty()).count())
                .isEqualTo(expectedMembers(example, END).size());
    }

    @Test
    void reachabilityEqualsTheReferenceChannelRules() {
        for (Segment segment : segments.subList(0, 4)) {
            Set<String> members = expectedMembers(segment, END);
            long[] expected = new long[3];
            for (Profile profile : profiles) {
                if (members.contains(profile.userId())) {
                    int i = 0;
                    for (io.segments.model.Channel channel : io.segments.model.Channel.values()) {
                        if (io.segments.model.eval.Reachability.isReachable(profile, channel)) {
                            expected[i]++;
                        }
                        i++;
                    }
                }
            }
            assertThat(f.queries.reachability(segment.id().orElseThrow()))
                    .isEqualTo(new io.segments.engine.Reach(members.size(), expected[0], expected[1], expected[2]));
        }
    }

    @Test
    void eachUsersSegmentsAgreeWithTheSegmentsMembers() {
        Map<String, Set<String>> membersBySegment = new LinkedHashMap<>();
        for (Segment segment : segments) {
            String id = segment.id().orElseThrow();
            membersBySegment.put(id, new LinkedHashSet<>(allMemberPages(id, 10_000)));
        }
        int withSegments = 0;
        for (int i = 0; i < profiles.size(); i += 23) {
            String userId = profiles.get(i).userId();
            Set<String> expected = new LinkedHashSet<>();
            membersBySegment.forEach((segment, members) -> {
                if (members.contains(userId)) {
                    expected.add(segment);
                }
            });
            SegmentQueries.UserView view = f.queries.user(userId);
            assertThat(view.profile()).isEqualTo(profiles.get(i));
            assertThat(view.segmentIds()).as(userId).containsExactlyInAnyOrderElementsOf(expected);
            if (!expected.isEmpty()) {
                withSegments++;
            }
        }
        assertThat(withSegments).isPositive();
    }
}

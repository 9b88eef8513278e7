package io.segments.catalog;

import io.segments.engine.Reach;
import io.segments.model.Segment;
import io.segments.model.SegmentsException;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.segments.catalog.Fixture.NOW;
import static io.segments.catalog.Fixture.ago;
import static io.segments.catalog.SegmentCatalogTest.dynamic;
import static io.segments.catalog.SegmentCatalogTest.failure;
import static io.segments.catalog.SegmentCatalogTest.staticSegment;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentQueriesTest {
    @TempDir
    Path dir;
    Fixture f;
    SegmentQueries queries;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        queries = f.queries;
    }

    @AfterEach
    void close() {
        f.close();
    }

    private String create(Segment body) {
        return f.catalog.create(body).id().orElseThrow();
    }

    private static io.segments.model.Condition filter(String singleQuoted) {
        return SegmentJson.readCondition(singleQuoted.replace('\'', '"'), "$.filter");
    }

    @Test
    void countIsTheNumberOfMembersNowAndSaysWhenNowWas() {
        f.track("a", "Charged", ago("1d")).track("b", "Charged", ago("2d")).track("c", "Viewed", ago("1d")).ingest();
        String id = create(dynamic("Buyers", "{'did': 'Charged'}"));

        SegmentQueries.Count count = queries.count(id, Optional.empty());

        assertThat(count.count()).isEqualTo(2);
        assertThat(count.asOf()).isEqualTo(NOW);
    }

    @Test
    void countReflectsEventsIngestedJustBefore() {
        String id = create(dynamic("Buyers", "{'did': 'Charged', 'count': {'op': 'gte', 'value': 2}}"));
        f.track("a", "Charged", ago("1m")).ingest();
        assertThat(queries.count(id, Optional.empty()).count()).isZero();

        for (int i = 0; i < 20; i++) {
            f.track("u" + i, "Charged", ago("5m")).track("u" + i, "Charged", ago("4m")).ingest();
            assertThat(queries.count(id, Optional.empty()).count()).isEqualTo(i + 1);
        }
    }

    @Test
    void countWithTheSystemClockSeesEventsAcknowledgedJustBefore() {
        SegmentQueries wallClock = new SegmentQueries(f.store, f.catalog);
        String id = create(dynamic("Launched", "{'did': 'App Launched', 'when': {'last': '1h'}}"));
        for (int i = 0; i < 5; i++) {
            f.track("w" + i, "App Launched", Instant.now()).ingest();
            assertThat(wallClock.count(id, Optional.empty()).count()).isEqualTo(i + 1);
        }
    }

    @Test
    void asOfInThePastIgnoresLaterEvents() {
        f.track("early", "Charged", Instant.parse("2026-11-10T08:00:00Z"))
                .track("late_same_day", "Charged", Instant.parse("2026-11-10T23:59:59.999Z"))
                .track("next_day", "Charged", Instant.parse("2026-11-11T00:00:00Z"))
                .ingest();
        String id = create(dynamic("Buyers", "{'did': 'Charged'}"));

        SegmentQueries.Count endOfDay = queries.count(id, QueryParameters.asOf(Optional.of("2026-11-10")));
        assertThat(endOfDay.asOf()).isEqualTo(Instant.parse("2026-11-10T23:59:59.999Z"));
        assertThat(endOfDay.count()).isEqualTo(2);

        SegmentQueries.Count instant = queries.count(id, QueryParameters.asOf(Optional.of("2026-11-10T12:00:00Z")));
        assertThat(instant.count()).isEqualTo(1);
        assertThat(queries.count(id, Optional.empty()).count()).isEqualTo(3);
        assertThat(queries.count(id, Optional.of(Instant.parse("2026-11-01T00:00:00Z"))).count()).isZero();
    }

    @Test
    void asOfMovesRelativeWindows() {
        f.track("a", "Charged", Instant.parse("2026-11-01T10:00:00Z")).ingest();
        String id = create(dynamic("Recent", "{'did': 'Charged', 'when': {'last': '7d'}}"));

        assertThat(queries.count(id, Optional.empty()).count()).isZero();
        assertThat(queries.count(id, QueryParameters.asOf(Optional.of("2026-11-05"))).count()).isEqualTo(1);
    }

    @Test
    void previewCountsAFilterWithoutSavingIt() {
        f.track("a", "Charged", ago("1d")).track("a", "Charged", ago("2d")).track("b", "Charged", ago("40d"))
                .ingest();

        assertThat(queries.preview(filter("{'did': 'Charged'}"), Optional.empty()))
                .isEqualTo(new SegmentQueries.Count(2, NOW));
        assertThat(queries.preview(filter("{'did': 'Charged', 'when': {'last': '30d'}}"), Optional.empty()).count())
                .isEqualTo(1);
        assertThat(queries.preview(filter("{'did': 'Charged'}"), Optional.of(ago("10d"))))
                .isEqualTo(new SegmentQueries.Count(1, ago("10d")));
        // nothing after now is known: a later instant is now
        assertThat(queries.preview(filter("{'did': 'Charged', 'when': {'last': '30d'}}"),
                Optional.of(NOW.plusSeconds(86_400 * 30)))).isEqualTo(new SegmentQueries.Count(1, NOW));
        assertThat(f.catalog.list(Optional.empty())).isEmpty();
    }

    @Test
    void previewReadsItsBody() {
        f.track("a", "Charged", ago("1d")).track("b", "Charged", ago("40d")).ingest();

        assertThat(queries.preview(SegmentJson.readTree("{\"filter\": {\"did\": \"Charged\"}}")).count())
                .isEqualTo(2);
        assertThat(queries.preview(SegmentJson.readTree("{\"filter\": {\"did\": \"Charged\"},"
                + " \"asOf\": \"2026-10-20\"}"))).isEqualTo(new SegmentQueries.Count(1,
                Instant.parse("2026-10-20T23:59:59.999Z")));
    }

    @Test
    void previewBodyErrorsNameTheirPlace() {
        SegmentsException unknownKey = failure(() -> queries.preview(SegmentJson.readTree(
                "{\"filter\": {\"did\": \"X\"}, \"limit\": 3}")));
        assertThat(unknownKey.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        assertThat(unknownKey.path()).contains("$.limit");

        SegmentsException oddKey = failure(() -> queries.preview(SegmentJson.readTree(
                "{\"filter\": {\"did\": \"X\"}, \"as of\": \"2026-11-01\"}")));
        assertThat(oddKey.path()).contains("$['as of']");

        SegmentsException noFilter = failure(() -> queries.preview(SegmentJson.readTree("{}")));
        assertThat(noFilter.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(noFilter.path()).contains("$.filter");

        SegmentsException badFilter = failure(() -> queries.preview(SegmentJson.readTree(
                "{\"filter\": {\"and\": [{\"did\": \"X\", \"when\": {\"last\": \"10q\"}}]}}")));
        assertThat(badFilter.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(badFilter.path()).contains("$.filter.and[0].when.last");

        SegmentsException badAsOf = failure(() -> queries.preview(SegmentJson.readTree(
                "{\"filter\": {\"did\": \"X\"}, \"asOf\": \"yesterday\"}")));
        assertThat(badAsOf.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        assertThat(badAsOf.path()).contains("$.asOf");
        assertThat(badAsOf.getMessage()).contains("asOf", "yesterday");

        SegmentsException numericAsOf = failure(() -> queries.preview(SegmentJson.readTree(
                "{\"filter\": {\"did\": \"X\"}, \"asOf\": 20261120}")));
        assertThat(numericAsOf.path()).contains("$.asOf");

        SegmentsException unknownSegment = failure(() -> queries.preview(SegmentJson.readTree(
                "{\"filter\": {\"or\": [{\"did\": \"X\"}, {\"inSegment\": \"sgm_none\"}]}}")));
        assertThat(unknownSegment.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(unknownSegment.path()).contains("$.filter.or[1].inSegment");

        SegmentsException notAnObject = failure(() -> queries.preview(SegmentJson.readTree("[]")));
        assertThat(notAnObject.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
    }

    @Test
    void queriesOnAMissingSegmentAreNotFound() {
        for (Runnable call : List.<Runnable>of(
                () -> queries.count("sgm_none", Optional.empty()),
                () -> queries.members("sgm_none", 10, Optional.empty()),
                () -> queries.reachability("sgm_none"),
                () -> queries.memberUids("sgm_none", Optional.empty()),
                () -> {
                    try {
                        queries.writeMembersCsv("sgm_none", new ByteArrayOutputStream());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                })) {
            assertThat(failure(call).code()).isEqualTo(SegmentsException.Code.NOT_FOUND);
        }
    }

    @Test
    void memberPagesCoverEveryMemberOnceInAscendingOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 237; i++) {
            String user = String.format("user-%03d", (i * 7919) % 1000);
            f.track(user, i % 3 == 0 ? "Viewed" : "Charged", ago("1d"));
            if (i % 3 != 0) {
                expected.add(user);
            }
        }
        f.track("Zed", "Charged", ago("1d")).track("ünï", "Charged", ago("1d"))
                .track("a b,\"c\"", "Charged", ago("1d"))
                .ingest();
        expected.addAll(List.of("Zed", "ünï", "a b,\"c\""));
        expected.sort(null);
        String id = create(dynamic("Buyers", "{'did': 'Charged'}"));

        for (int limit : new int[] {1, 7, 100, expected.size(), expected.size() + 1, 10_000}) {
            List<String> seen = new ArrayList<>();
            Optional<String> after = Optional.empty();
            int pages = 0;
            do {
                SegmentQueries.MemberPage page = queries.members(id, limit, after);
                assertThat(page.members().size()).isLessThanOrEqualTo(limit);
                seen.addAll(page.members());
                after = page.next();
                pages++;
            } while (after.isPresent());
            assertThat(seen).as("limit %d", limit).isEqualTo(expected);
            assertThat(pages).isEqualTo(Math.max(1, (expected.size() + limit - 1) / limit));
        }
    }

    @Test
    void anEmptySegmentHasOneEmptyPage() {
        String id = create(dynamic("Nobody", "{'did': 'Never'}"));
        SegmentQueries.MemberPage page = queries.members(id, 100, Optional.empty());
        assertThat(page.members()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void badPageParametersAreInvalidRequests() {
        f.track("a", "Charged", ago("1d")).ingest();
        String id = create(dynamic("Buyers", "{'did': 'Charged'}"));

        for (int limit : new int[] {0, -1, 10_001}) {
            SegmentsException e = failure(() -> queries.members(id, limit, Optional.empty()));
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("limit");
        }
        for (String cursor : new String[] {"", "!!", "YQ=", "=", "_w"}) {
            SegmentsException e = failure(() -> queries.members(id, 10, Optional.of(cursor)));
            assertThat(e.code()).as(cursor).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("after");
        }
    }

    @Test
    void csvHasAHeaderAndEveryMemberAndReadsBackAsTheSameIds() throws IOException {
        List<String> expected = new ArrayList<>(List.of("plain", "with,comma", "with \"quote\"", " padded ",
                "line\nbreak", "userId", "ünïcödé"));
        for (int i = 0; i < 25_000; i++) {
            expected.add("bulk-" + i);
        }
        for (String user : expected) {
            f.track(user, "Charged", ago("1h"));
        }
        f.track("not-a-buyer", "Viewed", ago("1h")).ingest();
        expected.sort(null);
        String id = create(dynamic("Buyers", "{'did': 'Charged'}"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = queries.writeMembersCsv(id, out);

        assertThat(written).isEqualTo(expected.size());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("userId\n").contains("\n\"with,comma\"\n", "\n\"with \"\"quote\"\"\"\n",
                "\n\" padded \"\n", "\n\"line\nbreak\"\n", "\nplain\n");
        assertThat(StaticMembers.fromCsv(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(expected);
    }

    @Test
    void csvOfAnEmptySegmentIsTheHeader() throws IOException {
        String id = create(dynamic("Nobody", "{'did': 'Never'}"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(queries.writeMembersCsv(id, out)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("userId\n");
    }

    @Test
    void reachabilityCountsMembersPerChannel() {
        f.identify("both", Map.of("email", "both@example.com", "phone", "+4915112345678"))
                .identify("email_opted_out", Map.of("email", "x@example.com", "emailOptOut", true))
                .identify("bad_email", Map.of("email", "not-an-address", "phone", "0123"))
                .identify("outsider", Map.of("email", "o@example.com"))
                .pushToken("push_only", "tok-1")
                .track("both", "Charged", ago("1d")).track("email_opted_out", "Charged", ago("1d"))
                .track("bad_email", "Charged", ago("1d")).track("push_only", "Charged", ago("1d"))
                .ingest();
        String id = create(dynamic("Buyers", "{'did': 'Charged'}"));

        assertThat(queries.reachability(id)).isEqualTo(new Reach(4, 1, 1, 1));
    }

    @Test
    void staticMembersAreTheListedIdsThatAreUsers() throws IOException {
        f.identify("known1", Map.of("email", "k1@example.com")).identify("known2", Map.of()).ingest();
        String id = create(staticSegment("Imported", "known1", "known2", "not_yet_seen"));

        assertThat(queries.count(id, Optional.empty()).count()).isEqualTo(2);
        assertThat(queries.members(id, 10, Optional.empty()).members()).containsExactly("known1", "known2");
        assertThat(queries.reachability(id)).isEqualTo(new Reach(2, 1, 0, 0));
        String inIt = create(dynamic("In imported", "{'inSegment': '" + id + "'}"));
        assertThat(queries.count(inIt, Optional.empty()).count()).isEqualTo(2);

        f.track("not_yet_seen", "App Launched", ago("1m")).ingest();

        assertThat(queries.count(id, Optional.empty()).count()).isEqualTo(3);
        assertThat(queries.count(inIt, Optional.empty()).count()).isEqualTo(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        queries.writeMembersCsv(id, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("userId\nknown1\nknown2\nnot_yet_seen\n");
        assertThat(f.catalog.get(id).members()).containsExactly("known1", "known2", "not_yet_seen");
    }

    @Test
    void aStaticMemberListedByAMergedAnonymousIdIsNotAMember() {
        f.trackAnonymous("anon-1", "App Launched", ago("1h")).identify("other", Map.of()).ingest();
        String id = create(staticSegment("Visitors", "anon-1", "other"));
        String inIt = create(dynamic("In visitors", "{'inSegment': '" + id + "'}"));
        assertThat(queries.count(id, Optional.empty()).count()).isEqualTo(2);

        f.identifyAnonymous("anon-1", "identified").ingest();

        assertThat(queries.members(id, 10, Optional.empty()).members()).containsExactly("other");
        assertThat(queries.count(inIt, Optional.empty()).count()).isEqualTo(1);
        assertThat(queries.memberBreakdown(id)).as("identified under a new id, anon-1 is that user's no longer")
                .isEqualTo(new MemberBreakdown(2, 0, 0, 1, 1, List.of(), List.of(),
                        List.of(new MemberBreakdown.Merged("anon-1", "identified"))));
    }

    @Test
    void aStaticListsBreakdownCountsAsTheSegmentCounts() {
        f.identify("known1", Map.of()).identify("known2", Map.of()).trackAnonymous("anon-2", "App Launched", ago("1h"))
                .ingest();
        f.identifyAnonymous("anon-2", "known2").ingest();
        List<String> listed = List.of("known2", "zed", "anon-2", "known1", "known2", "alf", "known2");
        String id = create(staticSegment("Mixed", listed.toArray(String[]::new)));

        MemberBreakdown stored = queries.memberBreakdown(id);
        MemberBreakdown typed = queries.memberBreakdown(listed);

        assertThat(stored.users()).isEqualTo(queries.count(id, Optional.empty()).count()).isEqualTo(2);
        assertThat(stored).isEqualTo(new MemberBreakdown(5, 0, 2, 1, 2, List.of(), List.of("alf", "zed"),
                List.of(new MemberBreakdown.Merged("anon-2", "known2"))));
        assertThat(typed).isEqualTo(new MemberBreakdown(7, 2, 2, 1, 2, List.of("known2"), List.of("alf", "zed"),
                List.of(new MemberBreakdown.Merged("anon-2", "known2"))));
        assertThat(failure(() -> queries.memberBreakdown(List.of("known1", ""))).path()).contains("$.members[1]");
        String dynamic = create(dynamic("Launched", "{'did': 'App Launched'}"));
        assertThat(failure(() -> queries.memberBreakdown(dynamic)).code()).isEqualTo(SegmentsException.Code.CONFLICT);
    }

    @Test
    void liveSegmentsSeeOnlyEventsFromTheirCreationOn() {
        f.track("before", "Charged", ago("1h")).ingest();
        String live = create(SegmentCatalogTest.body("{'name': 'Live buyers', 'type': 'live',"
                + " 'filter': {'did': 'Charged'}}"));
        String dynamic = create(dynamic("Buyers", "{'did': 'Charged'}"));
        assertThat(queries.count(live, Optional.empty()).count()).isZero();

        f.track("after", "Charged", NOW).track("later", "Charged", NOW.plusSeconds(60)).ingest();

        assertThat(queries.count(live, Optional.empty()).count()).isEqualTo(1);
        assertThat(queries.count(dynamic, Optional.empty()).count()).isEqualTo(2);
        f.clock.advance("1m");
        assertThat(queries.members(live, 10, Optional.empty()).members()).containsExactly("after", "later");
        String viaLive = create(dynamic("Via live", "{'inSegment': '" + live + "'}"));
        assertThat(queries.count(viaLive, Optional.empty()).count()).isEqualTo(2);
    }

    @Test
    void countsOfSeveralSegmentsAreEachOnesCountInTheOrderAsked() {
        f.identify("ann", Map.of("country", "IN")).track("ann", "Charged", ago("1d")).track("ann", "Charged", ago("2d"))
                .track("bob", "Charged", ago("3d")).track("bob", "Viewed", ago("1h")).track("cy", "Viewed", ago("40d"))
                .ingest();
        String buyers = create(dynamic("Buyers", "{'did': 'Charged'}"));
        String twice = create(dynamic("Twice", "{'did': 'Charged', 'count': {'op': 'gte', 'value': 2}}"));
        String recentViewers = create(dynamic("Viewers", "{'did': 'Viewed', 'when': {'last': '7d'}}"));
        String indians = create(dynamic("India", "{'attribute': 'country', 'op': 'eq', 'value': 'IN'}"));
        String listed = create(staticSegment("Listed", "bob", "cy", "nobody"));
        String notBuyers = create(dynamic("Not buyers", "{'not': {'inSegment': '" + buyers + "'}}"));
        String live = create(SegmentCatalogTest.body("{'name': 'Live', 'type': 'live', 'filter': {'did': 'Charged'}}"));
        f.track("cy", "Charged", NOW.plusSeconds(1)).ingest();
        f.clock.advance("1m");
        List<String> ids = List.of(listed, buyers, twice, live, recentViewers, indians, notBuyers, buyers);

        List<SegmentQueries.Count> counts = queries.counts(ids, Optional.empty());

        List<Long> each = new ArrayList<>();
        for (String id : ids) {
            each.add(queries.count(id, Optional.empty()).count());
        }
        assertThat(counts).extracting(SegmentQueries.Count::count).containsExactlyElementsOf(each)
                .containsExactly(2L, 3L, 1L, 1L, 1L, 1L, 0L, 3L);
        assertThat(counts).extracting(SegmentQueries.Count::asOf).containsOnly(f.clock.instant());
        // as of an earlier time: cy's purchase is not seen yet
        assertThat(queries.counts(List.of(buyers, live), Optional.of(NOW)))
                .extracting(SegmentQueries.Count::count).containsExactly(2L, 0L);
        assertThat(queries.counts(List.of(), Optional.empty())).isEmpty();
    }

    @Test
    void countsNameTheFirstUnknownSegment() {
        String buyers = create(dynamic("Buyers", "{'did': 'Charged'}"));

        SegmentsException e = failure(() -> queries.counts(List.of(buyers, "sgm_nothing", "sgm_other"), Optional.empty()));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.NOT_FOUND);
        assertThat(e.getMessage()).contains("sgm_nothing");
        assertThat(e.path()).contains("$.ids[1]");
    }

    @Test
    void userShowsTheProfileAndTheSegmentsTheUserIsIn() {
        f.identify("ann", Map.of("country", "IN", "email", "ann@example.com")).pushToken("ann", "tok")
                .track("ann", "Charged", ago("1d")).track("bob", "Viewed", ago("1d")).ingest();
        String buyers = create(dynamic("Buyers", "{'did': 'Charged'}"));
        String indians = create(dynamic("India", "{'attribute': 'country', 'op': 'eq', 'value': 'IN'}"));
        String viewers = create(dynamic("Viewers", "{'did': 'Viewed'}"));
        String listed = create(staticSegment("Listed", "ann", "bob"));
        f.clock.advance("1s");
        String notBuyers = create(dynamic("Not buyers", "{'not': {'inSegment': '" + buyers + "'}}"));

        SegmentQueries.UserView ann = queries.user("ann");
        assertThat(ann.profile().userId()).isEqualTo("ann");
        assertThat(ann.profile().traits()).containsEntry("country", "IN");
        assertThat(ann.profile().pushTokens()).containsExactly("tok");
        assertThat(ann.segmentIds()).containsExactlyInAnyOrder(buyers, indians, listed);

        SegmentQueries.UserView bob = queries.user("bob");
        assertThat(bob.segmentIds()).startsWith(notBuyers).containsExactlyInAnyOrder(notBuyers, viewers, listed);
    }

    @Test
    void userByAnonymousIdIsTheUserItWasMergedInto() {
        f.trackAnonymous("anon-7", "Charged", ago("1h")).ingest();
        f.identifyAnonymous("anon-7", "carol").ingest();
        String buyers = create(dynamic("Buyers", "{'did': 'Charged'}"));

        SegmentQueries.UserView carol = queries.user("anon-7");

        assertThat(carol.profile().userId()).isEqualTo("carol");
        assertThat(carol.segmentIds()).containsExactly(buyers);
    }

    @Test
    void anUnknownUserIsNotFound() {
        SegmentsException e = failure(() -> queries.user("nobody"));
        assertThat(e.code()).isEqualTo(SegmentsException.Code.NOT_FOUND);
        assertThat(e.getMessage()).contains("nobody");
    }

    @Test
    void memberUidsServeOtherFeatures() {
        f.track("a", "Charged", ago("1d")).track("b", "Charged", ago("20d")).ingest();
        String id = create(dynamic("Buyers", "{'did': 'Charged', 'when': {'last': '7d'}}"));

        assertThat(queries.memberUids(id, Optional.empty()).getCardinality()).isEqualTo(1);
        assertThat(queries.memberUids(id, Optional.of(ago("15d"))).getCardinality()).isEqualTo(1);
        assertThat(queries.memberUids(id, Optional.of(ago("30d"))).getCardinality()).isZero();
    }
}

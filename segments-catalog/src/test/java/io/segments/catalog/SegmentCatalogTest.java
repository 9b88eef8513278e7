package io.segments.catalog;

import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentCatalogTest {
    @TempDir
    Path dir;
    Fixture f;
    SegmentCatalog catalog;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        catalog = f.catalog;
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** A segment body from JSON written with single quotes. */
    static Segment body(String singleQuoted) {
        return SegmentJson.readSegment(singleQuoted.replace('\'', '"'));
    }

    static Segment dynamic(String name, String filter) {
        return body("{'name': '" + name + "', 'filter': " + filter + "}");
    }

    static Segment staticSegment(String name, String... members) {
        return new Segment(Optional.empty(), name, Optional.empty(), SegmentType.STATIC, Optional.empty(),
                List.of(members), Optional.empty(), Optional.empty());
    }

    static SegmentsException failure(Runnable call) {
        try {
            call.run();
        } catch (SegmentsException e) {
            return e;
        }
        throw new AssertionError("expected a SegmentsException");
    }

    @Test
    void createAssignsIdAndTimesAndStoresTheCanonicalDefinition() {
        Segment created = catalog.create(body("{'name': 'Buyers', 'description': 'bought once',"
                + " 'filter': {'did': 'Charged', 'when': {'last': '30d'}}}"));

        assertThat(created.id()).get().asString().matches("sgm_[0-9a-z]{8}");
        assertThat(created.createdAt()).contains(Fixture.NOW);
        assertThat(created.updatedAt()).contains(Fixture.NOW);
        assertThat(created.description()).contains("bought once");
        assertThat(created.type()).isEqualTo(SegmentType.DYNAMIC);
        assertThat(SegmentJson.write(created.filter().orElseThrow()))
                .isEqualTo("{\"did\":\"Charged\",\"when\":{\"last\":\"30d\"}}");
        assertThat(catalog.get(created.id().get())).isEqualTo(created);
    }

    @Test
    void serverAssignedFieldsInACreateBodyAreIgnored() {
        Segment created = catalog.create(body("{'id': 'sgm_mine', 'name': 'A', 'filter': {'did': 'X'},"
                + " 'createdAt': '2020-01-01T00:00:00Z', 'updatedAt': '2020-01-01T00:00:00Z'}"));

        assertThat(created.id()).get().isNotEqualTo("sgm_mine");
        assertThat(created.createdAt()).contains(Fixture.NOW);
        assertThat(catalog.find("sgm_mine")).isEmpty();
    }

    @Test
    void idsAreDistinct() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(catalog.create(dynamic("s" + i, "{'did': 'X'}")).id().orElseThrow());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void definitionsAreValidatedOnCreate() {
        SegmentsException e = failure(() -> catalog.create(new Segment(Optional.empty(), " ", Optional.empty(),
                SegmentType.DYNAMIC, Optional.of(body("{'name': 'x', 'filter': {'did': 'X'}}").filter().get()),
                List.of(), Optional.empty(), Optional.empty())));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.name");
        assertThat(catalog.list(Optional.empty())).isEmpty();
    }

    @Test
    void unknownInSegmentIsRejectedAtCreateWithItsPath() {
        Segment other = catalog.create(dynamic("Other", "{'did': 'X'}"));

        SegmentsException e = failure(() -> catalog.create(dynamic("Refers", "{'and': [{'inSegment': '"
                + other.id().get() + "'}, {'not': {'inSegment': 'sgm_nothere'}}]}")));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.filter.and[1].not.inSegment");
        assertThat(e.getMessage()).contains("sgm_nothere");
        assertThat(catalog.list(Optional.empty())).containsExactly(other);
    }

    @Test
    void unknownInSegmentIsRejectedAtUpdate() {
        Segment s = catalog.create(dynamic("S", "{'did': 'X'}"));

        SegmentsException e = failure(() -> catalog.update(s.id().get(), dynamic("S", "{'inSegment': 'sgm_gone'}")));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.filter.inSegment");
        assertThat(catalog.get(s.id().get())).isEqualTo(s);
    }

    @Test
    void aCycleIsRejectedAtUpdateWithItsPathAndNothingChanges() {
        Segment a = catalog.create(dynamic("A", "{'did': 'X'}"));
        Segment b = catalog.create(dynamic("B", "{'inSegment': '" + a.id().get() + "'}"));
        Segment c = catalog.create(dynamic("C", "{'or': [{'did': 'Y'}, {'inSegment': '" + b.id().get() + "'}]}"));

        SegmentsException e = failure(() -> catalog.update(a.id().get(),
                dynamic("A", "{'and': [{'did': 'X'}, {'inSegment': '" + c.id().get() + "'}]}")));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.filter.and[1].inSegment");
        assertThat(e.getMessage()).startsWith("“A” uses “C”, which uses “B”, which uses “A”");
        assertThat(e.details().get("cycle")).asList().hasSize(4);
        assertThat(catalog.get(a.id().get())).isEqualTo(a);
    }

    @Test
    void aSegmentCannotReferToItself() {
        Segment a = catalog.create(dynamic("A", "{'did': 'X'}"));

        SegmentsException e = failure(() -> catalog.update(a.id().get(),
                dynamic("A", "{'not': {'inSegment': '" + a.id().get() + "'}}")));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.filter.not.inSegment");
    }

    @Test
    void updateReplacesEverythingButCreatedAt() {
        Segment s = catalog.create(body("{'name': 'Old', 'description': 'd', 'filter': {'did': 'X'}}"));
        f.clock.advance("2h");

        Segment updated = catalog.update(s.id().get(), body("{'name': 'New', 'type': 'live',"
                + " 'filter': {'did': 'Y', 'when': {'last': '1d'}}}"));

        assertThat(updated.id()).isEqualTo(s.id());
        assertThat(updated.name()).isEqualTo("New");
        assertThat(updated.description()).isEmpty();
        assertThat(updated.type()).isEqualTo(SegmentType.LIVE);
        assertThat(SegmentJson.write(updated.filter().get())).isEqualTo("{\"did\":\"Y\",\"when\":{\"last\":\"1d\"}}");
        assertThat(updated.createdAt()).isEqualTo(s.createdAt());
        assertThat(updated.updatedAt()).contains(Fixture.NOW.plusSeconds(7200));
        assertThat(catalog.get(s.id().get())).isEqualTo(updated);
    }

    @Test
    void aSegmentReadBeforeAWriteIsReadAnewAfterIt() {
        Segment s = catalog.create(dynamic("S", "{'did': 'X'}"));
        assertThat(catalog.get(s.id().get()).name()).isEqualTo("S");
        assertThat(catalog.lookup().find(s.id().get())).isPresent();

        catalog.update(s.id().get(), dynamic("T", "{'did': 'Y'}"));
        assertThat(catalog.get(s.id().get()).name()).isEqualTo("T");

        catalog.delete(s.id().get());
        assertThat(catalog.find(s.id().get())).isEmpty();
        assertThat(catalog.lookup().find(s.id().get())).isEmpty();
    }

    @Test
    void typeChangesBetweenStaticAndFilteredAreAllowed() {
        Segment s = catalog.create(dynamic("S", "{'did': 'X'}"));

        Segment nowStatic = catalog.update(s.id().get(), staticSegment("S", "u2", "u1"));
        assertThat(nowStatic.type()).isEqualTo(SegmentType.STATIC);
        assertThat(nowStatic.filter()).isEmpty();
        assertThat(nowStatic.members()).containsExactly("u1", "u2");

        Segment dynamicAgain = catalog.update(s.id().get(), dynamic("S", "{'did': 'Z'}"));
        assertThat(dynamicAgain.type()).isEqualTo(SegmentType.DYNAMIC);
        assertThat(dynamicAgain.members()).isEmpty();
        assertThat(catalog.get(s.id().get())).isEqualTo(dynamicAgain);
    }

    @Test
    void anUpdateBodyMayOnlyCarryItsOwnId() {
        Segment s = catalog.create(dynamic("S", "{'did': 'X'}"));
        Segment t = catalog.create(dynamic("T", "{'did': 'X'}"));

        SegmentsException e = failure(() -> catalog.update(s.id().get(), t));
        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.id");

        Segment roundTrip = catalog.update(s.id().get(), body(SegmentJson.write(s).replace('"', '\'')
                .replace("'S'", "'S2'")));
        assertThat(roundTrip.name()).isEqualTo("S2");
    }

    @Test
    void missingSegmentsAreNotFound() {
        for (Runnable call : List.<Runnable>of(
                () -> catalog.get("sgm_none"),
                () -> catalog.update("sgm_none", dynamic("x", "{'did': 'X'}")),
                () -> catalog.delete("sgm_none"),
                () -> catalog.copy("sgm_none"))) {
            SegmentsException e = failure(call);
            assertThat(e.code()).isEqualTo(SegmentsException.Code.NOT_FOUND);
            assertThat(e.getMessage()).contains("sgm_none");
        }
        assertThat(catalog.find("sgm_none")).isEmpty();
    }

    @Test
    void deleteRemovesTheSegmentAndItsMembers() {
        Segment s = catalog.create(staticSegment("S", "u1", "u2"));

        catalog.delete(s.id().get());

        assertThat(catalog.find(s.id().get())).isEmpty();
        assertThat(catalog.list(Optional.empty())).isEmpty();
        long rows = f.store.withConnection(c -> {
            try (var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM catalog_static_members")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(rows).isZero();
    }

    @Test
    void deletingAReferencedSegmentIsAConflictNamingTheUsers() {
        Segment a = catalog.create(staticSegment("A", "u1"));
        Segment b = catalog.create(dynamic("B", "{'inSegment': '" + a.id().get() + "'}"));
        Segment c = catalog.create(dynamic("C", "{'not': {'inSegment': '" + a.id().get() + "'}}"));

        SegmentsException e = failure(() -> catalog.delete(a.id().get()));

        assertThat(e.code()).isEqualTo(SegmentsException.Code.CONFLICT);
        assertThat(e.getMessage()).startsWith("“A” is used by “B” and “C”");
        assertThat(e.details().get("usedBy")).isEqualTo(List.of(Map.of("id", b.id().get(), "name", "B"),
                Map.of("id", c.id().get(), "name", "C")));
        assertThat(catalog.find(a.id().get())).contains(a);

        catalog.delete(b.id().get());
        catalog.delete(c.id().get());
        catalog.delete(a.id().get());
        assertThat(catalog.list(Optional.empty())).isEmpty();
    }

    @Test
    void cloneOfADynamicSegmentHasANewIdAndTheSameDefinition() {
        Segment s = catalog.create(body("{'name': 'Buyers', 'description': 'd', 'type': 'live',"
                + " 'filter': {'did': 'Charged'}}"));
        f.clock.advance("1m");

        Segment copy = catalog.copy(s.id().get());

        assertThat(copy.id()).isNotEqualTo(s.id());
        assertThat(copy.name()).isEqualTo("Copy of Buyers");
        assertThat(copy.description()).isEqualTo(s.description());
        assertThat(copy.type()).isEqualTo(SegmentType.LIVE);
        assertThat(copy.filter()).isEqualTo(s.filter());
        assertThat(copy.createdAt()).contains(Fixture.NOW.plusSeconds(60));
        assertThat(catalog.list(Optional.empty())).containsExactly(copy, s);
    }

    @Test
    void cloneOfAStaticSegmentHasTheSameMembers() {
        Segment s = catalog.create(staticSegment("Imported", "b", "a", "c"));

        Segment copy = catalog.copy(s.id().get());

        assertThat(copy.type()).isEqualTo(SegmentType.STATIC);
        assertThat(copy.members()).containsExactly("a", "b", "c");
        catalog.update(s.id().get(), staticSegment("Imported", "z"));
        assertThat(catalog.get(copy.id().get()).members()).containsExactly("a", "b", "c");
    }

    @Test
    void cloneNamesAreCutTo200Characters() {
        String longName = "\uD83D\uDE00".repeat(195) + "abcde";
        Segment s = catalog.create(dynamic(longName, "{'did': 'X'}"));

        Segment copy = catalog.copy(s.id().get());

        assertThat(copy.name().codePointCount(0, copy.name().length())).isEqualTo(200);
        assertThat(copy.name()).isEqualTo("Copy of " + "\uD83D\uDE00".repeat(192));
    }

    @Test
    void listIsNewestFirstThenById() {
        Segment first = catalog.create(dynamic("first", "{'did': 'X'}"));
        f.clock.advance("1s");
        Segment second = catalog.create(dynamic("second", "{'did': 'X'}"));
        Segment sameMillisecond = catalog.create(dynamic("third", "{'did': 'X'}"));
        f.clock.advance("1s");
        catalog.update(first.id().get(), dynamic("first, updated", "{'did': 'X'}"));

        List<String> ids = catalog.list(Optional.empty()).stream().map(s -> s.id().get()).toList();

        List<String> sameTime = new ArrayList<>(List.of(second.id().get(), sameMillisecond.id().get()));
        sameTime.sort(null);
        assertThat(ids).containsExactly(sameTime.get(0), sameTime.get(1), first.id().get());
    }

    @Test
    void searchIsACaseInsensitiveSubstringOfTheName() {
        catalog.create(dynamic("Abandoned cart", "{'did': 'X'}"));
        catalog.create(dynamic("CART, no purchase", "{'did': 'X'}"));
        catalog.create(dynamic("High spenders", "{'did': 'X'}"));
        catalog.create(dynamic("100% buyers_", "{'did': 'X'}"));
        catalog.create(staticSegment("Straße list", "u1"));

        assertThat(names("cart")).containsExactlyInAnyOrder("Abandoned cart", "CART, no purchase");
        assertThat(names("ART, N")).containsExactly("CART, no purchase");
        assertThat(names("%")).containsExactly("100% buyers_");
        assertThat(names("_")).containsExactly("100% buyers_");
        assertThat(names("STRASSE")).isEmpty();
        assertThat(names("STRAßE")).containsExactly("Straße list");
        assertThat(names("nothing")).isEmpty();
        assertThat(names("")).hasSize(5);
        assertThat(catalog.list(Optional.of("straße")).get(0).members()).containsExactly("u1");
    }

    private List<String> names(String q) {
        return catalog.list(Optional.of(q)).stream().map(Segment::name).toList();
    }

    @Test
    void staticMembersAreASortedSetAndLargeListsAreStoredWhole() {
        List<String> members = new ArrayList<>();
        for (int i = 120_000; i > 0; i--) {
            members.add("user-" + i);
        }
        members.add("user-7");
        Segment s = catalog.create(staticSegment("Big", members.toArray(String[]::new)));

        assertThat(s.members()).hasSize(120_000).isSorted();
        assertThat(catalog.get(s.id().get()).members()).isEqualTo(s.members());
    }

    @Test
    void aStaticMemberIdMustNotBeEmpty() {
        SegmentsException e = failure(() -> catalog.create(staticSegment("S", "u1", "")));
        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
        assertThat(e.path()).contains("$.members[1]");
    }

    @Test
    void theLookupSeesTheCatalogAsItIsNow() {
        Segment s = catalog.create(dynamic("S", "{'did': 'X'}"));
        var lookup = catalog.lookup();
        assertThat(lookup.find(s.id().get())).contains(s);

        Segment updated = catalog.update(s.id().get(), dynamic("S", "{'did': 'Y'}"));
        assertThat(lookup.find(s.id().get())).contains(updated);
        catalog.delete(s.id().get());
        assertThat(lookup.find(s.id().get())).isEmpty();
    }

    @Test
    void segmentsOutliveTheStore() {
        Segment d = catalog.create(dynamic("D", "{'did': 'X', 'where': [{'property': 'amount', 'op': 'gt',"
                + " 'value': 500.50}]}"));
        Segment s = catalog.create(staticSegment("S", "u1", "u2"));
        f.close();

        f = new Fixture(dir, Instant.parse("2026-12-01T00:00:00Z"));
        SegmentCatalog reopened = f.catalog;
        assertThat(reopened.get(d.id().get())).isEqualTo(d);
        assertThat(SegmentJson.write(reopened.get(d.id().get()))).contains("500.50");
        assertThat(reopened.get(s.id().get())).isEqualTo(s);
    }

    @Test
    void anUpdateThatFailsHalfWayStoresNothing() throws Exception {
        Segment s = catalog.create(staticSegment("Before", "u1", "u2"));
        // another transaction holds the member rows, so the update's second statement fails
        try (java.sql.Connection other = f.store.connect()) {
            other.setAutoCommit(false);
            try (var st = other.createStatement()) {
                st.execute("DELETE FROM catalog_static_members WHERE segment_id = '" + s.id().get() + "'");
            }

            assertThatThrownBy(() -> catalog.update(s.id().get(), staticSegment("After", "u3")))
                    .isInstanceOf(io.segments.store.StoreException.class)
                    .hasMessageContaining("writing the segment catalog failed");

            other.rollback();
        }
        assertThat(catalog.get(s.id().get())).isEqualTo(s);
        assertThat(catalog.update(s.id().get(), staticSegment("After", "u3")).members()).containsExactly("u3");
    }

    @Test
    void concurrentSavesAreAllStored() throws Exception {
        Segment base = catalog.create(dynamic("Base", "{'did': 'X'}"));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        Segment created = catalog.create(dynamic("t" + thread + "-" + i,
                                "{'inSegment': '" + base.id().get() + "'}"));
                        catalog.update(created.id().get(), staticSegment("t" + thread + "-" + i, "u" + i));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        List<Segment> all = catalog.list(Optional.empty());
        assertThat(all).hasSize(41);
        assertThat(all.stream().filter(x -> x.type() == SegmentType.STATIC)).hasSize(40)
                .allSatisfy(x -> assertThat(x.members()).hasSize(1));
        catalog.delete(base.id().get());
    }

    @Test
    void listenersHearOfSavesAndDeletesAfterCommit() {
        List<String> heard = new ArrayList<>();
        catalog.addListener(new SegmentCatalog.Listener() {
            @Override
            public void saved(Segment segment) {
                heard.add("saved " + segment.name() + " " + catalog.find(segment.id().get()).isPresent());
            }

            @Override
            public void deleted(Segment segment) {
                heard.add("deleted " + segment.name() + " " + catalog.find(segment.id().get()).isPresent());
            }
        });
        Segment s = catalog.create(dynamic("A", "{'did': 'X'}"));
        catalog.update(s.id().get(), dynamic("B", "{'did': 'X'}"));
        failure(() -> catalog.update(s.id().get(), dynamic("C", "{'inSegment': 'sgm_none'}")));
        catalog.delete(s.id().get());

        assertThat(heard).containsExactly("saved A true", "saved B true", "deleted B false");
    }
}

package io.segments.store;

import io.segments.store.internal.Hashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msg;
import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestorTest {
    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void ingest(String... messages) throws Exception {
        store.ingestor().submit(msgs(messages)).get(30, TimeUnit.SECONDS);
    }

    private void reopen() {
        store.close();
        store = Store.open(dir);
    }

    private Map<String, Object> traits(String externalId) {
        return store.profile(externalId).orElseThrow().traits();
    }

    @Test
    void trackEventsAreStoredWithTimeAndPropertiesAsJson() throws Exception {
        ingest("{'type':'track','userId':'u1','event':'Charged','messageId':'m1','timestamp':'2026-11-28T10:00:00Z',"
                + "'properties':{'amount':700.5,'category':'TV','tags':['a']}}",
                "{'type':'page','userId':'u1','name':'Home','messageId':'m2','timestamp':'2026-11-28T10:01:00Z'}");
        assertThat(Tables.rows(store, "SELECT u.user_id, e.name, e.ts, " + Tables.property(store, "e", "category")
                + " AS category, (" + Tables.property(store, "e", "amount") + ")::DOUBLE AS amount, "
                + Tables.property(store, "e", "name") + " AS page FROM events e JOIN users u USING (uid) ORDER BY e.ts"))
                .containsExactly(row("u1", "Charged", 1_795_860_000_000L, "TV", 700.5, null),
                        row("u1", "Page Viewed", 1_795_860_060_000L, null, null, "Home"));
        assertThat(Tables.rows(store, "SELECT uid, user_id, anonymous, merged_into FROM users"))
                .containsExactly(userRow(0, "u1", false, null));
    }

    private static Map<String, Object> row(String user, String name, long ts, String category, Double amount,
                                           String page) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user_id", user);
        row.put("name", name);
        row.put("ts", ts);
        row.put("category", category);
        row.put("amount", amount);
        row.put("page", page);
        return row;
    }

    private static Map<String, Object> userRow(int uid, String userId, boolean anonymous, Integer mergedInto) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("uid", uid);
        row.put("user_id", userId);
        row.put("anonymous", anonymous);
        row.put("merged_into", mergedInto);
        return row;
    }

    @Test
    void uidsAreDenseInFirstSeenOrder() throws Exception {
        ingest("{'type':'track','userId':'u1','event':'E'}", "{'type':'track','anonymousId':'a1','event':'E'}",
                "{'type':'track','userId':'u1','event':'E'}");
        ingest("{'type':'identify','userId':'u2'}");
        assertThat(Tables.rows(store, "SELECT uid, user_id, anonymous FROM users ORDER BY uid")).containsExactly(
                Map.of("uid", 0, "user_id", "u1", "anonymous", false),
                Map.of("uid", 1, "user_id", "a1", "anonymous", true),
                Map.of("uid", 2, "user_id", "u2", "anonymous", false));
        assertThat(Tables.rows(store, "SELECT external_id, uid FROM identities ORDER BY uid"))
                .containsExactly(Map.of("external_id", "u1", "uid", 0), Map.of("external_id", "a1", "uid", 1),
                        Map.of("external_id", "u2", "uid", 2));
    }

    @Test
    void aMessageIdIsStoredOnceWithinABatchAcrossCommitsAndAfterReopening() throws Exception {
        ingest("{'type':'track','userId':'u1','event':'E','messageId':'m1','properties':{'m':'m1'}}",
                "{'type':'track','userId':'u1','event':'E','messageId':'m1','properties':{'m':'m1 again'}}");
        ingest("{'type':'track','userId':'u1','event':'Other','messageId':'m1','properties':{'m':'m1 again'}}",
                "{'type':'identify','userId':'u1','traits':{'a':1},'messageId':'m2'}");
        reopen();
        ingest("{'type':'track','userId':'u1','event':'E','messageId':'m1','properties':{'m':'m1 again'}}",
                "{'type':'identify','userId':'u1','traits':{'a':2},'messageId':'m2'}",
                "{'type':'track','userId':'u1','event':'E','messageId':'m3','properties':{'m':'m3'}}");
        assertThat(Tables.rows(store, "SELECT " + Tables.property(store, "events", "m")
                + " AS m, name FROM events ORDER BY m"))
                .containsExactly(Map.of("m", "m1", "name", "E"), Map.of("m", "m3", "name", "E"));
        assertThat(traits("u1")).isEqualTo(Map.of("a", 1));
        assertThat(Tables.count(store, "SELECT count(*) FROM message_ids")).isEqualTo(3);
        Ingestor.Stats stats = store.ingestor().stats();
        assertThat(stats.messagesStored()).isEqualTo(1);
        assertThat(stats.duplicatesDropped()).isEqualTo(2);
    }

    @Test
    void aMessageIdWhoseFirstHashCollidesWithAStoredOneIsStillStored() throws Exception {
        // a stored message whose h equals that of "m-new" but whose h2 differs: a 64-bit collision
        store.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO message_ids VALUES (" + Hashes.hash64("m-new") + ", "
                        + (Hashes.check64("m-new") + 1) + "), (" + Hashes.hash64("m-old") + ", " + Hashes.check64("m-old") + ")");
            }
        });
        ingest("{'type':'track','userId':'u1','event':'New','messageId':'m-new'}",
                "{'type':'track','userId':'u1','event':'Old','messageId':'m-old'}");
        assertThat(Tables.eventsOf(store, "u1")).extracting(e -> e.split("@")[0]).containsExactly("New");
        assertThat(store.ingestor().stats().duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void identifyingAnAnonymousVisitorWithANewUserIdKeepsItsEventsAndTraits() throws Exception {
        ingest("{'type':'track','anonymousId':'a1','event':'Product Viewed','timestamp':'2026-11-01T00:00:00Z'}",
                "{'type':'identify','anonymousId':'a1','traits':{'country':'IN'}}");
        ingest("{'type':'identify','userId':'u1','anonymousId':'a1','traits':{'email':'x@y.io'}}",
                "{'type':'track','anonymousId':'a1','event':'Charged','timestamp':'2026-11-02T00:00:00Z'}");
        assertThat(Tables.liveUsers(store)).containsExactly("u1");
        assertThat(Tables.userOf(store, "a1")).isEqualTo("u1");
        assertThat(Tables.eventsOf(store, "u1")).containsExactly("Product Viewed@1793491200000", "Charged@1793577600000");
        assertThat(traits("u1")).isEqualTo(Map.of("country", "IN", "email", "x@y.io"));
        assertThat(Tables.rows(store, "SELECT uid, user_id, anonymous, merged_into FROM users"))
                .containsExactly(userRow(0, "u1", false, null));
    }

    @Test
    void anAnonymousVisitorIsMergedIntoAnExistingUserWhoseTraitsWin() throws Exception {
        ingest("{'type':'identify','userId':'u1','traits':{'plan':'pro','email':'x@y.io'},'context':{'device':{'token':'t-known'}}}",
                "{'type':'track','userId':'u1','event':'Login','timestamp':'2026-11-01T00:00:00Z'}",
                "{'type':'track','anonymousId':'a1','event':'Product Viewed','timestamp':'2026-11-02T00:00:00Z',"
                        + "'context':{'traits':{'plan':'free','country':'IN'},'device':{'token':'t-anon'}}}");
        ingest("{'type':'track','userId':'u1','anonymousId':'a1','event':'Charged','timestamp':'2026-11-03T00:00:00Z'}");
        ingest("{'type':'track','anonymousId':'a1','event':'Searched','timestamp':'2026-11-04T00:00:00Z'}");

        assertThat(Tables.liveUsers(store)).containsExactly("u1");
        assertThat(Tables.eventsOf(store, "a1")).containsExactly("Login@1793491200000", "Product Viewed@1793577600000",
                "Charged@1793664000000", "Searched@1793750400000");
        assertThat(traits("a1")).isEqualTo(Map.of("plan", "pro", "email", "x@y.io", "country", "IN"));
        assertThat(store.profile("u1").orElseThrow().pushTokens()).containsExactlyInAnyOrder("t-known", "t-anon");
        assertThat(Tables.rows(store, "SELECT uid, user_id, anonymous, merged_into FROM users ORDER BY uid"))
                .containsExactly(userRow(0, "u1", false, null), userRow(1, "a1", true, 0));
        assertThat(Tables.count(store, "SELECT count(*) FROM events WHERE uid = 1")).isZero();
        assertThat(Tables.count(store, "SELECT count(*) FROM push_tokens WHERE uid = 1")).isZero();
    }

    @Test
    void mergeAndLaterMessagesInOneGroupCommitLandOnTheKnownUser() throws Exception {
        ingest("{'type':'identify','userId':'u1'}");
        ingest("{'type':'track','anonymousId':'a1','event':'A','timestamp':'2026-11-01T00:00:00Z'}",
                "{'type':'identify','userId':'u1','anonymousId':'a1','traits':{'x':1}}",
                "{'type':'track','anonymousId':'a1','event':'B','timestamp':'2026-11-02T00:00:00Z','context':{'traits':{'x':2}}}");
        assertThat(Tables.liveUsers(store)).containsExactly("u1");
        assertThat(Tables.eventsOf(store, "u1")).containsExactly("A@1793491200000", "B@1793577600000");
        assertThat(traits("u1")).isEqualTo(Map.of("x", 2));
        assertThat(Tables.rows(store, "SELECT external_id, uid FROM identities ORDER BY external_id"))
                .containsExactly(Map.of("external_id", "a1", "uid", 0), Map.of("external_id", "u1", "uid", 0));
    }

    @Test
    void afterReopeningAMergedAnonymousIdStillResolvesToTheKnownUser() throws Exception {
        ingest("{'type':'identify','userId':'u1'}", "{'type':'track','anonymousId':'a1','event':'A'}");
        ingest("{'type':'identify','userId':'u1','anonymousId':'a1'}");
        reopen();
        ingest("{'type':'track','anonymousId':'a1','event':'B'}");
        assertThat(Tables.liveUsers(store)).containsExactly("u1");
        assertThat(Tables.eventsOf(store, "u1")).hasSize(2);
    }

    @Test
    void anAnonymousIdOfAnotherIdentifiedUserMovesWithoutItsData() throws Exception {
        // a shared device: u1 used it, then u2 logs in on it
        ingest("{'type':'track','userId':'u1','anonymousId':'d1','event':'A','traits':{}}",
                "{'type':'identify','userId':'u1','traits':{'name':'one'}}");
        ingest("{'type':'track','userId':'u2','anonymousId':'d1','event':'B'}",
                "{'type':'track','anonymousId':'d1','event':'C'}");
        assertThat(Tables.liveUsers(store)).containsExactly("u1", "u2");
        assertThat(Tables.eventsOf(store, "u1")).extracting(e -> e.split("@")[0]).containsExactly("A");
        assertThat(Tables.eventsOf(store, "u2")).extracting(e -> e.split("@")[0]).containsExactlyInAnyOrder("B", "C");
        assertThat(traits("u2")).isEmpty();
        assertThat(Tables.userOf(store, "d1")).isEqualTo("u2");
    }

    @Test
    void aUsersOwnIdSentAsAnotherUsersAnonymousIdStaysWithThatUser() throws Exception {
        // found by IngestionDifferentialTest: ids of both kinds share one namespace
        ingest("{'type':'track','userId':'a0','event':'A','context':{'traits':{'t':1}}}",
                "{'type':'track','userId':'u0','anonymousId':'a0','event':'B'}");
        assertThat(Tables.liveUsers(store)).containsExactly("a0", "u0");
        assertThat(Tables.userOf(store, "a0")).isEqualTo("a0");
        assertThat(traits("a0")).isEqualTo(Map.of("t", 1));
        assertThat(Tables.eventsOf(store, "u0")).extracting(e -> e.split("@")[0]).containsExactly("B");
    }

    @Test
    void aliasMergesThePreviousIdEvenWhenItWasIdentified() throws Exception {
        ingest("{'type':'identify','userId':'old@example.com','traits':{'plan':'free','age':30}}",
                "{'type':'track','userId':'old@example.com','event':'A'}",
                "{'type':'identify','userId':'u-42','traits':{'plan':'pro'}}");
        ingest("{'type':'alias','userId':'u-42','previousId':'old@example.com'}");
        ingest("{'type':'track','userId':'old@example.com','event':'B'}");
        assertThat(Tables.liveUsers(store)).containsExactly("u-42");
        assertThat(traits("old@example.com")).isEqualTo(Map.of("plan", "pro", "age", 30));
        assertThat(Tables.eventsOf(store, "u-42")).hasSize(2);
    }

    @Test
    void aliasToANewUserIdRenamesTheUser() throws Exception {
        ingest("{'type':'track','anonymousId':'a1','event':'A'}");
        ingest("{'type':'alias','userId':'u1','previousId':'a1'}", "{'type':'alias','userId':'u1','previousId':'a9'}");
        assertThat(Tables.liveUsers(store)).containsExactly("u1");
        assertThat(Tables.userOf(store, "a1")).isEqualTo("u1");
        assertThat(Tables.userOf(store, "a9")).isEqualTo("u1");
        assertThat(Tables.eventsOf(store, "u1")).hasSize(1);
    }

    @Test
    void chainedMergesEndOnTheLastUser() throws Exception {
        ingest("{'type':'track','anonymousId':'a1','event':'A'}", "{'type':'identify','userId':'u1'}",
                "{'type':'identify','userId':'u2','traits':{'t':2}}");
        ingest("{'type':'identify','userId':'u1','anonymousId':'a1','traits':{'t':1,'k':1}}",
                "{'type':'alias','userId':'u2','previousId':'u1'}");
        assertThat(Tables.liveUsers(store)).containsExactly("u2");
        assertThat(Tables.userOf(store, "a1")).isEqualTo("u2");
        assertThat(traits("a1")).isEqualTo(Map.of("t", 2, "k", 1));
        assertThat(Tables.rows(store, "SELECT DISTINCT merged_into FROM users WHERE merged_into IS NOT NULL"))
                .containsExactly(Map.of("merged_into", 2));
        assertThat(Tables.eventsOf(store, "u2")).hasSize(1);
    }

    @Test
    void traitsMergeLastWriteWinsPerTraitAcrossBatchesAndReopen() throws Exception {
        ingest("{'type':'identify','userId':'u1','traits':{'email':'a@b.co','plan':'free','tags':['x'],'address':{'city':'Pune'}}}");
        ingest("{'type':'track','userId':'u1','event':'E','context':{'traits':{'plan':'pro'}}}",
                "{'type':'identify','userId':'u1','traits':{'address':{'zip':'411001'},'phone':null}}");
        reopen();
        ingest("{'type':'identify','userId':'u1','traits':{'plan':'enterprise'}}",
                "{'type':'group','userId':'u1','groupId':'acme','traits':{'size':50}}");
        assertThat(traits("u1")).isEqualTo(new HashMap<>(Map.of("email", "a@b.co", "plan", "enterprise",
                "tags", List.of("x"), "address", Map.of("zip", "411001"), "groupId", "acme", "group", Map.of("size", 50))) {
            {
                put("phone", null);
            }
        });
    }

    @Test
    void pushTokensAreKeptOncePerUser() throws Exception {
        ingest("{'type':'track','userId':'u1','event':'E','context':{'device':{'token':'t1'}}}",
                "{'type':'track','userId':'u1','event':'E','context':{'device':{'token':'t1'}}}",
                "{'type':'track','userId':'u2','event':'E','context':{'device':{'token':'t1'}}}");
        ingest("{'type':'identify','userId':'u1','context':{'device':{'token':'t1'}}}",
                "{'type':'identify','userId':'u1','context':{'device':{'token':'t2'}}}");
        reopen();
        ingest("{'type':'identify','userId':'u1','context':{'device':{'token':'t2'}}}");
        assertThat(Tables.rows(store, "SELECT u.user_id, p.token FROM push_tokens p JOIN users u USING (uid) ORDER BY 1, 2"))
                .containsExactly(Map.of("user_id", "u1", "token", "t1"), Map.of("user_id", "u1", "token", "t2"),
                        Map.of("user_id", "u2", "token", "t1"));
    }

    @Test
    void manyConcurrentSubmittersAreAllStoredExactlyOnceInFewerCommits() throws Exception {
        int threads = 8;
        int batchesPerThread = 40;
        int perBatch = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int b = 0; b < batchesPerThread; b++) {
                        List<Message> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            // every message twice across threads: ids repeat between thread pairs
                            String id = "m-" + (thread / 2) + "-" + b + "-" + i;
                            batch.add(msg("{'type':'track','userId':'u" + (i % 7) + "','event':'E','messageId':'" + id
                                    + "','properties':{'m':'" + id + "'}}"));
                        }
                        acks.add(store.ingestor().submit(batch));
                    }
                    return acks;
                }));
            }
            for (Future<List<CompletableFuture<Void>>> f : submitted) {
                for (CompletableFuture<Void> ack : f.get(60, TimeUnit.SECONDS)) {
                    ack.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long distinct = (long) (threads / 2) * batchesPerThread * perBatch;
        assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(distinct);
        assertThat(Tables.count(store, "SELECT count(DISTINCT " + Tables.property(store, "events", "m")
                + ") FROM events")).isEqualTo(distinct);
        assertThat(Tables.count(store, "SELECT count(*) FROM users")).isEqualTo(7);
        Ingestor.Stats stats = store.ingestor().stats();
        assertThat(stats.messagesStored()).isEqualTo(distinct);
        assertThat(stats.duplicatesDropped()).isEqualTo(distinct);
        assertThat(stats.commits()).isLessThan(threads * batchesPerThread);
        assertThat(stats.queuedMessages()).isZero();
    }

    @Test
    void aBatchThatCannotBeStoredFailsAloneAndStoresNothingOfItself() throws Exception {
        Ingestor ingestor = store.ingestor();
        // an identity the ingestor does not know about makes storing a new user with that id violate the key
        store.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO identities VALUES ('poison', 999)");
            }
        });
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int b = 0; b < 30; b++) {
            String user = b == 15 ? "poison" : "u" + b;
            acks.add(ingestor.submit(msgs("{'type':'track','userId':'ok-" + b + "','event':'E','messageId':'a" + b
                    + "','properties':{'m':'a" + b + "'}}",
                    "{'type':'track','userId':'" + user + "','event':'E','messageId':'b" + b + "','properties':{'m':'b" + b + "'}}")));
        }
        for (int b = 0; b < acks.size(); b++) {
            if (b == 15) {
                int batch = b;
                assertThatThrownBy(() -> acks.get(batch).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(StoreException.class);
            } else {
                acks.get(b).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(58);
        assertThat(Tables.count(store, "SELECT count(*) FROM events WHERE " + Tables.property(store, "events", "m")
                + " IN ('a15', 'b15')")).isZero();
        assertThat(Tables.count(store, "SELECT count(*) FROM message_ids")).isEqualTo(58);
        assertThat(Tables.userOf(store, "ok-15")).isNull();
        assertThat(ingestor.stats().batchesFailed()).isEqualTo(1);
        // the rolled back batch left no trace in memory: the next users get the next uids
        ingest("{'type':'track','userId':'after','event':'E'}");
        assertThat(Tables.count(store, "SELECT max(uid) FROM users")).isEqualTo(Tables.count(store, "SELECT count(*) FROM users") - 1);
    }

    @Test
    void submittingAfterCloseFailsAndCloseStoresWhatWasSubmitted() throws Exception {
        Ingestor ingestor = store.ingestor();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            acks.add(ingestor.submit(msgs("{'type':'track','userId':'u1','event':'E','messageId':'m" + b + "'}")));
        }
        reopen();
        for (CompletableFuture<Void> ack : acks) {
            assertThat(ack).isCompleted();
            ack.get();
        }
        assertThat(ingestor.submit(msgs("{'type':'track','userId':'u1','event':'E'}")))
                .failsWithin(5, TimeUnit.SECONDS);
        assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(20);
    }
}

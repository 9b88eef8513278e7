package io.segments.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;

class CommitListenerTest {
    @TempDir
    Path dir;
    Store store;
    final LinkedBlockingQueue<Commit> commits = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        store = Store.open(dir);
        store.ingestor().addListener(commits::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Ingests one batch (one commit) and answers the commit the listener was told about. */
    private Commit ingest(String... messages) throws Exception {
        store.ingestor().submit(msgs(messages)).get(30, TimeUnit.SECONDS);
        Commit commit = commits.poll(10, TimeUnit.SECONDS);
        assertThat(commit).as("commit reported").isNotNull();
        return commit;
    }

    private static List<String> events(Commit commit) {
        List<String> out = new ArrayList<>();
        for (Commit.StoredEvent e : commit.events()) {
            out.add(e.userId() + ":" + e.event().name() + "@" + e.event().timestamp());
        }
        return out;
    }

    @Test
    void storedEventsAreReportedInOrderWithTheirProperties() throws Exception {
        Commit c = ingest("{'type':'track','userId':'u1','event':'A','timestamp':'1970-01-01T00:00:01Z','properties':{'x':1}}",
                "{'type':'track','userId':'u2','event':'B','timestamp':'1970-01-01T00:00:00Z'}",
                "{'type':'track','userId':'u1','event':'C','timestamp':'1970-01-01T00:00:02Z'}");
        assertThat(events(c)).containsExactly("u1:A@1000", "u2:B@0", "u1:C@2000");
        assertThat(c.events().get(0).event().properties()).containsEntry("x", 1);
        assertThat(c.profiles()).isEmpty();
        assertThat(c.moves()).isEmpty();
    }

    @Test
    void duplicatesAreNotReportedAgain() throws Exception {
        ingest("{'type':'track','userId':'u1','event':'A','messageId':'m1'}");
        Commit c = ingest("{'type':'track','userId':'u1','event':'A','messageId':'m1'}",
                "{'type':'track','userId':'u1','event':'B','messageId':'m2'}");
        assertThat(c.events()).extracting(e -> e.event().name()).containsExactly("B");
    }

    @Test
    void changedTraitsAndNewPushTokensAreReported() throws Exception {
        ingest("{'type':'identify','userId':'u1','traits':{'plan':'free','country':'IN'}}");
        Commit c = ingest("{'type':'identify','userId':'u1','traits':{'plan':'pro','country':'IN'},"
                + "'context':{'device':{'token':'tok1'}}}");
        assertThat(c.profiles()).singleElement().satisfies(p -> {
            assertThat(p.userId()).isEqualTo("u1");
            assertThat(p.traits()).isEqualTo(Map.of("plan", "pro"));
            assertThat(p.addedPushTokens()).containsExactly("tok1");
        });
        store.ingestor().submit(msgs("{'type':'identify','userId':'u1','traits':{'plan':'pro'},"
                + "'context':{'device':{'token':'tok1'}}}")).get(30, TimeUnit.SECONDS);
        store.ingestor().submit(msgs("{'type':'track','userId':'u1','event':'Marker'}")).get(30, TimeUnit.SECONDS);
        assertThat(commits.poll(10, TimeUnit.SECONDS).events()).as("an unchanged profile is not reported")
                .extracting(e -> e.event().name()).containsExactly("Marker");
    }

    @Test
    void anAnonymousUserIdentifiedUnderANewIdIsAMoveWithItsEarlierEvents() throws Exception {
        ingest("{'type':'track','anonymousId':'a1','event':'Viewed','timestamp':'1970-01-01T00:00:01Z'}");
        Commit c = ingest("{'type':'identify','userId':'u1','anonymousId':'a1','traits':{'email':'x@y.io'}}",
                "{'type':'track','anonymousId':'a1','event':'Charged','timestamp':'1970-01-01T00:00:02Z'}");
        assertThat(c.moves()).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("a1");
            assertThat(m.into()).isEqualTo("u1");
            assertThat(m.movedEvents()).extracting(e -> e.name() + "@" + e.timestamp()).containsExactly("Viewed@1000");
        });
        assertThat(events(c)).containsExactly("u1:Charged@2000");
        assertThat(c.profiles()).extracting(Commit.ProfileChange::userId).containsExactly("u1");
    }

    @Test
    void aMergeIntoAKnownUserIsAMoveOfTheAbsorbedEvents() throws Exception {
        ingest("{'type':'track','anonymousId':'a1','event':'Viewed','timestamp':'1970-01-01T00:00:01Z'}",
                "{'type':'track','userId':'u1','event':'Bought','timestamp':'1970-01-01T00:00:03Z'}");
        Commit c = ingest("{'type':'alias','previousId':'a1','userId':'u1'}");
        assertThat(c.moves()).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("a1");
            assertThat(m.into()).isEqualTo("u1");
            assertThat(m.movedEvents()).extracting(e -> e.name()).containsExactly("Viewed");
        });
        assertThat(c.events()).isEmpty();
        // the store agrees: the events moved
        assertThat(Tables.rows(store, "SELECT count(*) AS n FROM events e JOIN users u USING (uid) WHERE u.user_id = 'u1'"))
                .containsExactly(Map.of("n", 2L));
    }

    @Test
    void aFailingListenerDoesNotStopLaterReports() throws Exception {
        store.ingestor().addListener(c -> {
            throw new IllegalStateException("listener failure for the test");
        });
        assertThat(events(ingest("{'type':'track','userId':'u1','event':'A','timestamp':'1970-01-01T00:00:01Z'}")))
                .containsExactly("u1:A@1000");
        assertThat(events(ingest("{'type':'track','userId':'u1','event':'B','timestamp':'1970-01-01T00:00:02Z'}")))
                .containsExactly("u1:B@2000");
    }
}

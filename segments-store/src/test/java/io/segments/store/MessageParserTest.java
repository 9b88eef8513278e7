package io.segments.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.model.SegmentsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.segments.store.Wire.RECEIVED_AT;
import static io.segments.store.Wire.json;
import static io.segments.store.Wire.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageParserTest {
    private final MessageParser parser = new MessageParser();

    @Test
    void trackKeepsEventPropertiesAndIds() {
        Message m = msg("{'type':'track','userId':'u1','anonymousId':'a1','event':'Charged','messageId':'m1',"
                + "'timestamp':'2026-11-28T10:00:00.250Z','properties':{'amount':700,'items':[1,'x'],'product':{'category':'TV'}},"
                + "'integrations':{'All':true},'_metadata':{'x':1}}");
        assertThat(m.kind()).isEqualTo(Message.Kind.TRACK);
        assertThat(m.event()).contains("Charged");
        assertThat(m.userId()).contains("u1");
        assertThat(m.anonymousId()).contains("a1");
        assertThat(m.messageId()).isEqualTo("m1");
        assertThat(m.timestamp()).isEqualTo(Instant.parse("2026-11-28T10:00:00.250Z").toEpochMilli());
        assertThat(m.properties()).isEqualTo(Map.of("amount", 700, "items", List.of(1, "x"),
                "product", Map.of("category", "TV")));
        assertThat(m.traits()).isEmpty();
        assertThat(m.pushToken()).isEmpty();
    }

    @Test
    void pageAndScreenBecomeViewedEventsWithTheirName() {
        Message page = msg("{'type':'page','anonymousId':'a1','name':'Home','properties':{'url':'/'}}");
        assertThat(page.kind()).isEqualTo(Message.Kind.TRACK);
        assertThat(page.event()).contains("Page Viewed");
        assertThat(page.properties()).isEqualTo(Map.of("url", "/", "name", "Home"));

        Message screen = msg("{'type':'screen','userId':'u1'}");
        assertThat(screen.event()).contains("Screen Viewed");
        assertThat(screen.properties()).isEmpty();
    }

    @Test
    void identifyMergesContextTraitsUnderItsOwn() {
        Message m = msg("{'type':'identify','userId':'u1','traits':{'email':'a@b.co','plan':'pro'},"
                + "'context':{'traits':{'plan':'free','country':'IN'},'device':{'token':'tok-1','type':'ios'},'library':{'name':'x'}}}");
        assertThat(m.kind()).isEqualTo(Message.Kind.IDENTIFY);
        assertThat(m.traits()).isEqualTo(Map.of("email", "a@b.co", "plan", "pro", "country", "IN"));
        assertThat(m.pushToken()).contains("tok-1");
        assertThat(m.event()).isEmpty();
    }

    @Test
    void contextTraitsOfATrackAreTraits() {
        Message m = msg("{'type':'track','userId':'u1','event':'E','traits':{'ignored':true},'context':{'traits':{'os':'Android'}}}");
        assertThat(m.traits()).isEqualTo(Map.of("os", "Android"));
    }

    @Test
    void aliasCarriesThePreviousId() {
        Message m = msg("{'type':'alias','userId':'u1','previousId':'a1'}");
        assertThat(m.kind()).isEqualTo(Message.Kind.ALIAS);
        assertThat(m.previousId()).contains("a1");
        assertThat(m.userId()).contains("u1");
    }

    @Test
    void groupGivesTheUserTheGroupIdAndTheGroupTraits() {
        Message m = msg("{'type':'group','userId':'u1','groupId':'acme','traits':{'plan':'enterprise'}}");
        assertThat(m.kind()).isEqualTo(Message.Kind.GROUP);
        assertThat(m.traits()).isEqualTo(Map.of("groupId", "acme", "group", Map.of("plan", "enterprise")));
        Message bare = msg("{'type':'group','userId':'u1','groupId':42}");
        assertThat(bare.traits()).isEqualTo(Map.of("groupId", "42", "group", Map.of()));
    }

    @Test
    void absentTimestampIsTheReceivedTimeAndAbsentMessageIdIsGeneratedUniquely() {
        Message a = msg("{'type':'track','userId':'u1','event':'E'}");
        Message b = msg("{'type':'track','userId':'u1','event':'E'}");
        assertThat(a.timestamp()).isEqualTo(RECEIVED_AT);
        assertThat(a.messageId()).isNotEmpty().isNotEqualTo(b.messageId());
    }

    @Test
    void idsMayBeIntegersAndEmptyIdsAreAbsent() {
        Message m = msg("{'type':'track','userId':12345678901234,'anonymousId':'','event':'E','messageId':7}");
        assertThat(m.userId()).contains("12345678901234");
        assertThat(m.anonymousId()).isEmpty();
        assertThat(m.messageId()).isEqualTo("7");
    }

    @Test
    void typeIsCaseInsensitiveAndMayComeFromTheEndpoint() {
        assertThat(msg("{'type':'Identify','userId':'u1'}").kind()).isEqualTo(Message.Kind.IDENTIFY);
        Message m = parser.parse(json("{'userId':'u1','event':'E'}"), "track", RECEIVED_AT, "$");
        assertThat(m.event()).contains("E");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-11-28T10:00:00Z            | 2026-11-28T10:00:00Z
            2026-11-28T10:00:00.123456Z     | 2026-11-28T10:00:00.123Z
            2026-11-28T15:30:00+05:30       | 2026-11-28T10:00:00Z
            2026-11-28T15:30:00+0530        | 2026-11-28T10:00:00Z
            2026-11-28T05:00:00-05:00       | 2026-11-28T10:00:00Z
            2026-11-28T10:00:00             | 2026-11-28T10:00:00Z
            2026-11-28T10:00                | 2026-11-28T10:00:00Z
            2026-11-28                      | 2026-11-28T00:00:00Z
            """)
    void timestampsInIso8601(String text, String instant) {
        Message m = msg("{'type':'track','userId':'u1','event':'E','timestamp':'" + text + "'}");
        assertThat(m.timestamp()).isEqualTo(Instant.parse(instant).toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            {'userId':'u1','event':'E'}                                     | $.type                 | type is required
            {'type':7,'userId':'u1'}                                        | $.type                 | type must be a string
            {'type':'purchase','userId':'u1'}                               | $.type                 | unknown message type 'purchase'
            {'type':'track','event':'E'}                                    | $.userId               | needs a userId or an anonymousId
            {'type':'track','userId':null,'anonymousId':'','event':'E'}     | $.userId               | needs a userId or an anonymousId
            {'type':'track','userId':{'id':1},'event':'E'}                  | $.userId               | userId must be a string
            {'type':'track','userId':'u1','anonymousId':true,'event':'E'}   | $.anonymousId          | anonymousId must be a string
            {'type':'track','userId':1.5,'event':'E'}                       | $.userId               | userId must be a string
            {'type':'track','userId':'u1'}                                  | $.event                | needs an event name
            {'type':'track','userId':'u1','event':'  '}                     | $.event                | needs an event name
            {'type':'track','userId':'u1','event':5}                        | $.event                | event must be a string
            {'type':'track','userId':'u1','event':'E','properties':[1]}     | $.properties           | properties must be an object
            {'type':'track','userId':'u1','event':'E','properties':'x'}     | $.properties           | properties must be an object
            {'type':'track','userId':'u1','event':'E','timestamp':'yesterday'} | $.timestamp         | not an ISO 8601 date-time
            {'type':'track','userId':'u1','event':'E','timestamp':'2026-13-01T00:00:00Z'} | $.timestamp | not an ISO 8601 date-time
            {'type':'track','userId':'u1','event':'E','timestamp':'2026-02-30T00:00:00Z'} | $.timestamp | not an ISO 8601 date-time
            {'type':'track','userId':'u1','event':'E','timestamp':'2026-02-29'} | $.timestamp | not an ISO 8601 date-time
            {'type':'track','userId':'u1','event':'E','timestamp':'2026-11-28 10:00:00'} | $.timestamp | not an ISO 8601 date-time
            {'type':'track','userId':'u1','event':'E','timestamp':1780000000} | $.timestamp          | timestamp must be an ISO 8601 date-time string
            {'type':'track','userId':'u1','event':'E','messageId':['m']}    | $.messageId            | messageId must be a string
            {'type':'track','userId':'u1','event':'E','context':'web'}      | $.context              | context must be an object
            {'type':'track','userId':'u1','event':'E','context':{'traits':[]}} | $.context.traits    | traits must be an object
            {'type':'track','userId':'u1','event':'E','context':{'device':'ios'}} | $.context.device | device must be an object
            {'type':'track','userId':'u1','event':'E','context':{'device':{'token':12}}} | $.context.device.token | token must be a string
            {'type':'page','userId':'u1','name':['Home']}                   | $.name                 | name must be a string
            {'type':'identify','userId':'u1','traits':'vip'}                | $.traits               | traits must be an object
            {'type':'alias','userId':'u1'}                                  | $.previousId           | needs a previousId
            {'type':'alias','anonymousId':'a1','previousId':'a0'}           | $.userId               | alias message needs a userId
            {'type':'group','userId':'u1'}                                  | $.groupId              | needs a groupId
            {'type':'group','userId':'u1','groupId':'g','traits':3}         | $.traits               | traits must be an object
            """)
    void badMessagesAreRejectedWithPathAndReason(String message, String path, String reason) {
        assertThatThrownBy(() -> parser.parse(json(message), RECEIVED_AT, "$"))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
                    assertThat(e.path()).contains(path);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void aMessageTypeDifferentFromTheEndpointIsRejected() {
        assertThatThrownBy(() -> parser.parse(json("{'type':'identify','userId':'u1'}"), "track", RECEIVED_AT, "$"))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).contains("$.type");
                    assertThat(e.getMessage()).contains("does not match the endpoint");
                });
    }

    @Test
    void aMessageThatIsNotAnObjectIsRejectedAtItsOwnPath() {
        assertThatThrownBy(() -> parser.parse(json("[1]"), RECEIVED_AT, "$.batch[2]"))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.batch[2]"));
    }

    @Test
    void batchMessagesGetThePathOfTheirIndexAndTheBatchContext() {
        JsonNode body = json("{'batch':[{'type':'track','userId':'u1','event':'E'},"
                + "{'type':'identify','anonymousId':'a1','context':{'traits':{'plan':'pro'},'device':{'model':'x'}}}],"
                + "'sentAt':'2026-11-28T10:00:00Z','context':{'device':{'token':'batch-token'},'traits':{'plan':'free','os':'iOS'}}}");
        List<Message> messages = parser.parseBatch(body, RECEIVED_AT);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).pushToken()).contains("batch-token");
        assertThat(messages.get(0).traits()).isEqualTo(Map.of("plan", "free", "os", "iOS"));
        assertThat(messages.get(1).pushToken()).contains("batch-token");
        assertThat(messages.get(1).traits()).isEqualTo(Map.of("plan", "pro", "os", "iOS"));

        assertThatThrownBy(() -> parser.parseBatch(json("{'batch':[{'type':'track','userId':'u1','event':'E'},"
                + "{'type':'track','userId':'u1','event':'E','timestamp':'nope'}]}"), RECEIVED_AT))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.batch[1].timestamp"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            [1]                    | $         | must be a JSON object
            {'sentAt':'x'}         | $.batch   | batch is required
            {'batch':{'a':1}}      | $.batch   | batch must be an array
            {'batch':[],'context':3} | $.context | context must be an object
            {'batch':[3]}          | $.batch[0] | must be a JSON object
            """)
    void badBatchBodiesAreRejected(String body, String path, String reason) {
        assertThatThrownBy(() -> parser.parseBatch(json(body), RECEIVED_AT))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).contains(path);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void anEmptyBatchIsNoMessages() {
        assertThat(parser.parseBatch(json("{'batch':[]}"), RECEIVED_AT)).isEmpty();
    }
}

package io.segments.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad ingestion request: the status, the error body naming the first bad message and field, and
 * that nothing of the request was stored.
 */
class IngestionErrorsTest {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    /** A valid message first, so "nothing stored" also shows that a batch is all or nothing. */
    private static final String GOOD = "{\"type\": \"track\", \"userId\": \"good\", \"event\": \"Fine\", \"messageId\": \"good-1\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            message without any id          | {"type": "track", "event": "A"}                                        | $.batch[1].userId
            timestamp not ISO 8601          | {"type": "track", "userId": "u", "event": "A", "timestamp": "yesterday"} | $.batch[1].timestamp
            timestamp a number              | {"type": "track", "userId": "u", "event": "A", "timestamp": 1700000000} | $.batch[1].timestamp
            userId an object                | {"type": "track", "userId": {"id": 1}, "event": "A"}                   | $.batch[1].userId
            event a number                  | {"type": "track", "userId": "u", "event": 42}                          | $.batch[1].event
            track without event             | {"type": "track", "userId": "u"}                                       | $.batch[1].event
            properties an array             | {"type": "track", "userId": "u", "event": "A", "properties": [1, 2]}   | $.batch[1].properties
            traits a string                 | {"type": "identify", "userId": "u", "traits": "vip"}                   | $.batch[1].traits
            context.device not an object    | {"type": "identify", "userId": "u", "context": {"device": "ios"}}       | $.batch[1].context.device
            push token a number             | {"type": "identify", "userId": "u", "context": {"device": {"token": 7}}} | $.batch[1].context.device.token
            unknown type                    | {"type": "purchase", "userId": "u"}                                    | $.batch[1].type
            missing type                    | {"userId": "u", "event": "A"}                                          | $.batch[1].type
            alias without previousId        | {"type": "alias", "userId": "u"}                                       | $.batch[1].previousId
            group without groupId           | {"type": "group", "userId": "u"}                                       | $.batch[1].groupId
            message not an object           | "track"                                                                | $.batch[1]
            """)
    void a_bad_message_fails_the_whole_batch_naming_its_index_and_field(String what, String message, String path) {
        long before = server.storedRows();

        TestHttp.Response r = server.ingest("/v1/batch", "{\"batch\": [" + GOOD + ", " + message + "]}");

        assertThat(r.status()).as(what).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(r.json().get("path").asText()).as(what).isEqualTo(path);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(server.storedRows()).as("nothing of the request is stored").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            truncated JSON           | {"batch": [{"type": "track"                  | $
            not JSON at all          | hello                                        | $
            trailing garbage         | {"batch": []} {"batch": []}                  | $
            a JSON array             | [1, 2]                                       | $
            batch missing            | {"messages": []}                             | $.batch
            batch not an array       | {"batch": {"type": "track"}}                 | $.batch
            NaN number               | {"batch": [{"type": "track", "userId": "u", "event": "A", "properties": {"x": NaN}}]} | $
            """)
    void a_malformed_body_is_rejected(String what, String body, String path) {
        long before = server.storedRows();

        TestHttp.Response r = server.ingest("/v1/batch", body);

        assertThat(r.status()).as(what).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(r.json().get("path").asText()).as(what).isEqualTo(path);
        assertThat(server.storedRows()).isEqualTo(before);
    }

    @Test
    void an_empty_body_is_rejected() {
        TestHttp.Response r = server.ingest("/v1/track", "");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("path").asText()).isEqualTo("$");
    }

    @Test
    void a_bad_single_message_names_its_field_from_the_root() {
        TestHttp.Response r = server.ingest("/v1/identify", "{\"traits\": {\"a\": 1}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("path").asText()).isEqualTo("$.userId");
    }

    @Test
    void a_body_over_4_mib_with_content_length_is_rejected_with_413() {
        long before = server.storedRows();

        TestHttp.Response r = server.http().post("/v1/batch", batchOfSize(4 * 1024 * 1024 + 1),
                TestHttp.basic(ServerExtension.WRITE_KEY, ""), "Content-Type", "application/json");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(server.storedRows()).isEqualTo(before);
    }

    @Test
    void a_chunked_body_over_4_mib_is_rejected_with_413() {
        long before = server.storedRows();

        TestHttp.Response r = server.http().postChunked("/v1/batch", batchOfSize(5 * 1024 * 1024),
                TestHttp.basic(ServerExtension.WRITE_KEY, ""));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(server.storedRows()).isEqualTo(before);
    }

    @Test
    void a_gzip_body_that_decodes_to_over_4_mib_is_rejected_with_413() throws IOException {
        byte[] zipped = IngestionTest.gzip(batchOfSize(6 * 1024 * 1024));

        TestHttp.Response r = server.http().post("/v1/batch", zipped, TestHttp.basic(ServerExtension.WRITE_KEY, ""),
                "Content-Type", "application/json", "Content-Encoding", "gzip");

        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void a_body_of_exactly_4_mib_is_accepted() {
        byte[] body = batchOfSize(4 * 1024 * 1024);

        TestHttp.Response r = server.http().post("/v1/batch", body, TestHttp.basic(ServerExtension.WRITE_KEY, ""),
                "Content-Type", "application/json");

        assertThat(r.status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM events WHERE name = 'Big'")).isEqualTo(1);
    }

    @Test
    void an_unknown_endpoint_is_a_json_404() {
        TestHttp.Response r = server.ingest("/v1/purchase", "{}");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void a_wrong_method_is_a_json_error() {
        TestHttp.Response r = server.http().send(server.http().request("/v1/batch",
                TestHttp.basic(ServerExtension.WRITE_KEY, "")).GET().build());

        assertThat(r.status()).isIn(404, 405);
        assertThat(r.json().get("error").asText()).isNotBlank();
    }

    @Test
    void an_unsupported_content_encoding_is_rejected() {
        TestHttp.Response r = server.http().post("/v1/batch", "{\"batch\": []}".getBytes(StandardCharsets.UTF_8),
                TestHttp.basic(ServerExtension.WRITE_KEY, ""), "Content-Encoding", "br");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("Content-Encoding");
    }

    /** A valid one-message batch padded with a long property to exactly {@code size} bytes. */
    static byte[] batchOfSize(int size) {
        String head = "{\"batch\": [{\"type\": \"track\", \"userId\": \"big\", \"event\": \"Big\", \"properties\": {\"pad\": \"";
        String tail = "\"}}]}";
        byte[] body = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, body, 0, h.length);
        Arrays.fill(body, h.length, size - t.length, (byte) 'x');
        System.arraycopy(t, 0, body, size - t.length, t.length);
        return body;
    }
}

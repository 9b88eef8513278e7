package io.segments.server;

import io.segments.model.SegmentsException;
import io.segments.server.internal.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Unexpected failures answer 500 with a generic message; user errors map to their own statuses. */
class InternalErrorTest {
    @RegisterExtension
    final ServerExtension server = new ServerExtension();

    @Test
    void an_internal_failure_is_a_500_that_leaks_nothing() {
        server.store().close(); // the store fails every request from now on

        TestHttp.Response r = server.ingest("/v1/track", "{\"userId\": \"u1\", \"event\": \"A\"}");

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().get("error").asText()).isEqualTo("internal");
        assertThat(r.json().get("message").asText())
                .doesNotContain(server.dataDir().toString())
                .doesNotContain("Exception")
                .contains("server log");
    }

    @Test
    void every_error_code_has_a_client_error_status() {
        for (SegmentsException.Code code : SegmentsException.Code.values()) {
            assertThat(Errors.status(code)).as(code.json()).isBetween(400, 499);
        }
        assertThat(Set.of(Errors.status(SegmentsException.Code.INVALID_REQUEST), Errors.status(SegmentsException.Code.UNAUTHORIZED),
                Errors.status(SegmentsException.Code.NOT_FOUND), Errors.status(SegmentsException.Code.CONFLICT),
                Errors.status(SegmentsException.Code.PAYLOAD_TOO_LARGE)))
                .containsExactlyInAnyOrder(400, 401, 404, 409, 413);
    }
}

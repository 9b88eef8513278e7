package io.segments.store;

import io.segments.model.SegmentsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.segments.store.Wire.RECEIVED_AT;
import static io.segments.store.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Segment spec's clock-skew correction: a message that says when it was sent ({@code sentAt}, its own or its
 * batch's) was timestamped by a clock that is {@code sentAt - receivedAt} off the server's, so its
 * {@code timestamp} is moved by {@code receivedAt - sentAt}. Without {@code sentAt} the timestamp is kept; a bulk
 * import, which has no meaningful time of receipt, keeps every timestamp as written.
 */
class ClockSkewTest {
    private static final Instant RECEIVED = Instant.ofEpochMilli(RECEIVED_AT);
    private static final Instant ONE_HOUR_AHEAD = RECEIVED.plus(Duration.ofHours(1));
    private final MessageParser parser = new MessageParser();

    @Test
    void a_message_sent_by_a_clock_an_hour_fast_is_stored_an_hour_earlier() {
        Instant stamped = ONE_HOUR_AHEAD.minusSeconds(30); // 30 s before the device sent it, by its own clock

        Message m = parser.parse(json("{'type':'track','userId':'u1','event':'E','timestamp':'" + stamped
                + "','sentAt':'" + ONE_HOUR_AHEAD + "'}"), RECEIVED_AT, "$");

        assertThat(Instant.ofEpochMilli(m.timestamp())).isEqualTo(RECEIVED.minusSeconds(30));
    }

    @Test
    void a_slow_clock_moves_timestamps_later() {
        Instant sent = RECEIVED.minus(Duration.ofMinutes(5));

        Message m = parser.parse(json("{'type':'track','userId':'u1','event':'E','timestamp':'"
                + sent.minusSeconds(1) + "','sentAt':'" + sent + "'}"), RECEIVED_AT, "$");

        assertThat(Instant.ofEpochMilli(m.timestamp())).isEqualTo(RECEIVED.minusSeconds(1));
    }

    @Test
    void the_batch_sent_at_corrects_every_message_that_has_none_of_its_own() {
        Instant stamped = Instant.parse("2030-01-01T00:00:00Z");
        Instant batchSent = stamped.plusSeconds(10);
        Instant ownSent = stamped.plusSeconds(20);

        List<Message> messages = parser.parseBatch(json("{'sentAt':'" + batchSent + "','batch':["
                + "{'type':'track','userId':'u1','event':'E','timestamp':'" + stamped + "'},"
                + "{'type':'track','userId':'u1','event':'E','timestamp':'" + stamped + "','sentAt':'" + ownSent + "'},"
                + "{'type':'track','userId':'u1','event':'E'}]}"), RECEIVED_AT);

        assertThat(Instant.ofEpochMilli(messages.get(0).timestamp())).isEqualTo(RECEIVED.minusSeconds(10));
        assertThat(Instant.ofEpochMilli(messages.get(1).timestamp())).isEqualTo(RECEIVED.minusSeconds(20));
        assertThat(messages.get(2).timestamp()).as("no timestamp: the time received").isEqualTo(RECEIVED_AT);
    }

    @Test
    void without_sent_at_a_future_timestamp_is_kept_as_sent() {
        Message m = parser.parse(json("{'type':'track','userId':'u1','event':'E','timestamp':'2030-01-01T00:00:00Z'}"),
                RECEIVED_AT, "$");

        assertThat(Instant.ofEpochMilli(m.timestamp())).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void a_bulk_import_keeps_timestamps_as_written() {
        Message m = MessageParser.forImport().parse(json("{'type':'track','userId':'u1','event':'E','timestamp':'"
                + ONE_HOUR_AHEAD + "','sentAt':'" + ONE_HOUR_AHEAD.plusSeconds(60) + "'}"), RECEIVED_AT, "$");

        assertThat(Instant.ofEpochMilli(m.timestamp())).isEqualTo(ONE_HOUR_AHEAD);
    }

    @Test
    void a_bad_sent_at_is_rejected_at_its_path() {
        assertThatThrownBy(() -> parser.parse(json("{'type':'track','userId':'u1','event':'E','sentAt':'soon'}"),
                RECEIVED_AT, "$"))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).contains("$.sentAt");
                    assertThat(e.getMessage()).contains("sentAt").contains("soon");
                });
        assertThatThrownBy(() -> parser.parseBatch(json("{'sentAt':7,'batch':[{'type':'track','userId':'u1',"
                + "'event':'E'}]}"), RECEIVED_AT))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.sentAt"));
        assertThatThrownBy(() -> parser.parseBatch(json("{'batch':[{'type':'track','userId':'u1','event':'E'},"
                + "{'type':'track','userId':'u1','event':'E','sentAt':'x'}]}"), RECEIVED_AT))
                .isInstanceOfSatisfying(SegmentsException.class, e -> assertThat(e.path()).contains("$.batch[1].sentAt"));
    }
}

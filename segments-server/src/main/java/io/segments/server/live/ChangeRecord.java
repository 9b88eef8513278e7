package io.segments.server.live;

import io.segments.live.Change;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A stored entry or exit of a live segment: {@code id} orders all records (ascending, never reused),
 * {@code at} is the instant the membership changed in event time, {@code observedAt} the instant the live engine
 * found it (the arrival of the input that caused it, or the timer's instant: equal to {@code at} but for late
 * events), {@code recordedAt} when the server stored it.
 */
public record ChangeRecord(long id, String segmentId, String userId, Change.Kind kind, Instant at, Instant observedAt,
                           Instant recordedAt) {
    public ChangeRecord {
        requireNonNull(segmentId, "segmentId is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(at, "at is null");
        requireNonNull(observedAt, "observedAt is null");
        requireNonNull(recordedAt, "recordedAt is null");
    }

    /** {@code "entered"} or {@code "exited"}. */
    public String change() {
        return kind == Change.Kind.ENTERED ? "entered" : "exited";
    }

    /** The JSON of a stream event: {@code {"userId", "change", "at", "observedAt"}}. */
    public Map<String, Object> streamJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        m.put("change", change());
        m.put("at", at.toString());
        m.put("observedAt", observedAt.toString());
        return m;
    }

    /** The JSON of a stored record and of a webhook delivery item: {@code {"id", "segmentId", "userId", "change", "at", "observedAt"}}. */
    public Map<String, Object> fullJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("segmentId", segmentId);
        m.put("userId", userId);
        m.put("change", change());
        m.put("at", at.toString());
        m.put("observedAt", observedAt.toString());
        return m;
    }
}

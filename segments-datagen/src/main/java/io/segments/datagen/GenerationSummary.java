package io.segments.datagen;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What one generation run produced.
 *
 * @param users             distinct users: identified users plus anonymous visitors never identified
 * @param anonymousVisitors users who first appear with an anonymous id only
 * @param identifiedLater   of those, the ones a message carrying both ids identifies later
 * @param messages          all messages
 * @param identifies        identify messages
 * @param events            track messages per event name
 * @param bytes             bytes of NDJSON written, newlines included (0 when no JSON was produced)
 * @param start             the start of the first day
 * @param end               nothing happens after this instant
 */
public record GenerationSummary(long users, long anonymousVisitors, long identifiedLater, long messages,
                                long identifies, Map<String, Long> events, long bytes, Instant start, Instant end) {
    public GenerationSummary {
        events = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(events, "events is null")));
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
    }

    /** All track messages. */
    public long tracks() {
        return messages - identifies;
    }
}

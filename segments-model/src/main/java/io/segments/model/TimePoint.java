package io.segments.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An absolute time as written in a definition: a date ({@code 2026-11-01}) or an ISO
 * instant ({@code 2026-11-01T10:00:00Z}). A date as a start means 00:00:00.000 of that day
 * (UTC); as an end, 23:59:59.999 of that day. The text is kept so the codec writes it back unchanged.
 */
public record TimePoint(String text, Optional<LocalDate> date, Optional<Instant> instant) {
    private static final long DAY_MILLIS = 86_400_000L;

    public TimePoint {
        requireNonNull(text, "text is null");
        requireNonNull(date, "date is null");
        requireNonNull(instant, "instant is null");
        if (date.isPresent() == instant.isPresent()) {
            throw new IllegalArgumentException("exactly one of date and instant");
        }
    }

    /** Parses a date or an ISO instant; empty when the text is neither. */
    public static Optional<TimePoint> parse(String text) {
        try {
            if (text.length() == 10) {
                return Optional.of(new TimePoint(text, Optional.of(LocalDate.parse(text)), Optional.empty()));
            }
            return Optional.of(new TimePoint(text, Optional.empty(), Optional.of(Instant.parse(text))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public long asStartMillis() {
        return date.map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli())
                .orElseGet(() -> instant.orElseThrow().toEpochMilli());
    }

    public long asEndMillis() {
        return date.map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + DAY_MILLIS - 1)
                .orElseGet(() -> instant.orElseThrow().toEpochMilli());
    }

    @Override
    public String toString() {
        return text;
    }
}

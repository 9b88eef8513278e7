package io.segments.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.model.SegmentsException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parsing of the segments API's parameters, shared by query strings and request bodies. Every
 * bad value fails with {@code invalid_request} and a message naming the parameter.
 */
public final class QueryParameters {
    /** Members per page when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest {@code limit} of a member page. */
    public static final int MAX_LIMIT = 10_000;

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59, 999_000_000);

    private QueryParameters() {
    }

    /**
     * An evaluation time: an ISO date ({@code 2026-11-28}) means the last millisecond of that day
     * UTC ({@code 2026-11-28T23:59:59.999Z}); an ISO instant ({@code 2026-11-28T10:00:00Z}, or with
     * an offset such as {@code +02:00}) means itself, truncated to the millisecond.
     */
    public static Instant asOf(String value, String parameter) {
        try {
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value).atTime(END_OF_DAY).toInstant(ZoneOffset.UTC);
            }
            Instant instant;
            try {
                instant = Instant.parse(value);
            } catch (DateTimeParseException e) {
                instant = OffsetDateTime.parse(value).toInstant();
            }
            instant.toEpochMilli();
            return instant.truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid(parameter, "\"" + abbreviate(value) + "\" is not an ISO date (2026-11-28, meaning the end"
                    + " of that day UTC) or instant (2026-11-28T10:00:00Z)");
        }
    }

    /** {@link #asOf(String, String)} of the parameter {@code asOf} when given. */
    public static Optional<Instant> asOf(Optional<String> value) {
        return value.map(v -> asOf(v, "asOf"));
    }

    /**
     * The {@code asOf} key of a JSON request body (a preview, a batch of counts) when present: a string read as
     * {@link #asOf(String, String)}; anything else is {@code invalid_request} at {@code $.asOf}.
     */
    public static Optional<Instant> asOfField(JsonNode body) {
        JsonNode value = body.get("asOf");
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "asOf is an ISO date or instant in a string", "$.asOf");
        }
        try {
            return Optional.of(asOf(value.textValue(), "asOf"));
        } catch (SegmentsException e) {
            throw new SegmentsException(e.code(), e.getMessage(), "$.asOf");
        }
    }

    /** A calendar day parameter ({@code 2026-11-01}) when given; anything else is {@code invalid_request}. */
    public static Optional<LocalDate> date(String value, String parameter) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw invalid(parameter, "\"" + abbreviate(value) + "\" is not an ISO date such as 2026-11-01");
        }
    }

    /** A member page size: an integer from 1 to {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when absent. */
    public static int limit(Optional<String> value) {
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String text = value.get();
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("limit", "\"" + abbreviate(text) + "\" is not a whole number from 1 to " + MAX_LIMIT);
        }
        return checkLimit(limit);
    }

    static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit", limit + " is out of range: a page holds 1 to " + MAX_LIMIT + " members");
        }
        return limit;
    }

    static SegmentsException invalid(String parameter, String message) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter " + parameter + ": "
                + message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}

package io.segments.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one root of user-facing errors: a machine-readable {@link Code}, a message that
 * says what was wrong, and where the input has a structure, the JSON path of the first
 * offending place (e.g. {@code $.filter.and[1].when.last}, {@code $.batch[3].timestamp}).
 * The message names things as a person knows them (segments by name); ids a client needs
 * travel in {@link #details()}, extra fields of the error answer (e.g. {@code "usedBy"}).
 * Anything else thrown is an internal error.
 */
public class SegmentsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error codes; the server maps each to an HTTP status. */
    public enum Code {
        INVALID_SEGMENT("invalid_segment"),
        INVALID_REQUEST("invalid_request"),
        UNAUTHORIZED("unauthorized"),
        NOT_FOUND("not_found"),
        CONFLICT("conflict"),
        PAYLOAD_TOO_LARGE("payload_too_large");

        private final String json;

        Code(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    private final Code code;
    private final String path;
    private final transient Map<String, Object> details;

    public SegmentsException(Code code, String message, String path) {
        this(code, message, path, Map.of());
    }

    /**
     * An error with extra fields for the error answer: {@code details} maps a field name to a JSON-like value
     * (strings, numbers, booleans, lists and maps of them), in the order given.
     */
    public SegmentsException(Code code, String message, String path, Map<String, ?> details) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.path = path;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
    }

    public SegmentsException(Code code, String message) {
        this(code, message, null);
    }

    public static SegmentsException invalidSegment(String message, String path) {
        return new SegmentsException(Code.INVALID_SEGMENT, message, requireNonNull(path, "path is null"));
    }

    public Code code() {
        return code;
    }

    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    /** Extra fields of the error answer, empty for most errors. */
    public Map<String, Object> details() {
        return details == null ? Map.of() : details;
    }

    /** This error at another path, with the same code, message and details. */
    public SegmentsException at(String otherPath) {
        return new SegmentsException(code, getMessage(), otherPath, details());
    }
}

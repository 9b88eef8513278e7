package io.segments.model;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one root of user-facing errors: a machine-readable {@link Code}, a message that
 * says what was wrong, and where the input has a structure, the JSON path of the first
 * offending place (e.g. {@code $.filter.and[1].when.last}, {@code $.batch[3].timestamp}).
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

    public SegmentsException(Code code, String message, String path) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
        this.path = path;
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
}

package io.segments.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The segment resource. {@code filter} is present for dynamic and live segments,
 * {@code members} only for static ones. {@code id}, {@code createdAt} and
 * {@code updatedAt} are assigned by the server and absent in a request body.
 */
public record Segment(Optional<String> id, String name, Optional<String> description, SegmentType type,
                      Optional<Condition> filter, List<String> members, Optional<Instant> createdAt,
                      Optional<Instant> updatedAt) {
    public Segment {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(type, "type is null");
        requireNonNull(filter, "filter is null");
        members = List.copyOf(requireNonNull(members, "members is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The name as messages write it, in quotation marks: {@code “Frequent buyers”}. */
    public String quotedName() {
        return quoted(name);
    }

    /** A segment name as messages write it, in quotation marks. */
    public static String quoted(String name) {
        return "\u201c" + name + "\u201d";
    }

    /** A dynamic segment with a filter and no server-assigned fields. */
    public static Segment dynamic(String name, Condition filter) {
        return new Segment(Optional.empty(), name, Optional.empty(), SegmentType.DYNAMIC, Optional.of(filter),
                List.of(), Optional.empty(), Optional.empty());
    }
}

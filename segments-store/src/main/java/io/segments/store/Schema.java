package io.segments.store;

import java.util.List;

/**
 * The embedded store's tables. This is the contract between ingestion (which writes
 * them) and every engine (which reads them); migrations append to {@link #MIGRATIONS},
 * never edit a released step.
 *
 * <ul>
 *   <li>{@code users}: the id dictionary. {@code uid} is a dense integer (0, 1, 2, ...) used for
 *       bitmaps; {@code user_id} the external id shown by the API; {@code traits} the merged profile
 *       (a JSON object); {@code merged_into} is set when the user was merged into another one
 *       (then it is no longer a user of its own and has no events).</li>
 *   <li>{@code identities}: every external id seen (userId or anonymousId) to its current uid.</li>
 *   <li>{@code events}: one row per event; {@code ts} is epoch milliseconds UTC; {@code props}
 *       the event properties as a JSON object.</li>
 *   <li>{@code push_tokens}: push tokens from {@code context.device.token}.</li>
 * </ul>
 */
public final class Schema {
    private Schema() {
    }

    /** Schema versions in order; step {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    public static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE users (
                uid INTEGER PRIMARY KEY,
                user_id VARCHAR NOT NULL,
                traits JSON NOT NULL,
                merged_into INTEGER,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE identities (
                external_id VARCHAR PRIMARY KEY,
                uid INTEGER NOT NULL
            );
            CREATE TABLE events (
                uid INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                ts BIGINT NOT NULL,
                props JSON NOT NULL,
                message_id VARCHAR
            );
            CREATE TABLE push_tokens (
                uid INTEGER NOT NULL,
                token VARCHAR NOT NULL
            );
            """);
}

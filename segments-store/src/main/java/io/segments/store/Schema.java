package io.segments.store;

import io.segments.store.internal.EventSlotColumns;
import io.segments.store.internal.TypedSql;

import java.util.List;

/**
 * The embedded store's tables. This is the contract between ingestion (which writes
 * them) and every engine (which reads them); migrations append to {@link #MIGRATIONS},
 * never edit a released step. {@link Store#open} applies the missing steps and records the
 * version reached in {@code schema_version} (one row per component; this schema is component
 * {@value #COMPONENT}).
 *
 * <ul>
 *   <li>{@code users}: the id dictionary. {@code uid} is a dense integer (0, 1, 2, ...) used for
 *       bitmaps; {@code user_id} the external id shown by the API; {@code traits} the merged profile
 *       (a JSON object); {@code merged_into} is set when the user was merged into another one
 *       (then it is no longer a user of its own and has no events). <b>The users of the product are
 *       the rows with {@code merged_into IS NULL}.</b> {@code anonymous} is true while the user is
 *       known only by an anonymousId; when such a user is identified by a userId never seen before,
 *       the row keeps its uid and events and its {@code user_id} becomes that userId.</li>
 *   <li>{@code identities}: every external id seen (userId, anonymousId, alias previousId) to its
 *       current uid, which is never a merged one.</li>
 *   <li>{@code events}: one row per event; {@code ts} is epoch milliseconds UTC; {@code props}
 *       the event properties as a JSON object (since version 8 without the values the typed slots hold: read
 *       whole properties with {@link EventDocuments}); until version 7 {@code message_id} the message it came from. Since
 *       version 3 it is a view, the union of two tables with its columns: {@value #EVENTS_RECENT}, where
 *       ingestion appends, and {@value #EVENTS_SORTED}, where the ingestion writer moves the recent rows
 *       once there are enough of them, sorted by (name, ts) (see {@link Ingestor}). Every reader reads
 *       {@code events}; a scan for a few event names then reads few row groups of the sorted table, the
 *       table's per-row-group minimum and maximum of {@code name} telling the others apart. Rows carry no
 *       insertion order: readers order by {@code ts} (and whatever else they need).</li>
 *   <li>{@code push_tokens}: push tokens from {@code context.device.token}, at most one row per
 *       (uid, token).</li>
 *   <li>{@code message_ids}: the 128-bit fingerprint ({@code h}, {@code h2}: two independent 64-bit
 *       hashes) of every messageId stored, events or not, in the current generation of the deduplication window;
 *       the ingestion writer renames it {@code message_ids_<n>} when the generation is full and drops the tables
 *       that leave the window (see {@code MessageIds}).</li>
 *   <li>Since version 4, typed slots ({@link TypedColumns}): columns {@code t<i>_k}, {@code t<i>_d},
 *       {@code t<i>_s} on the event tables (properties) and {@code users} (traits); {@code typed_slots} the key of
 *       each slot given out; {@code property_kinds} per document, event name (empty for traits), top-level key
 *       and coarse kind ({@code string}, {@code number}, ...) how many values the store has seen;
 *       {@code typed_state} whether the rows written before version 4 have been catalogued and filled.</li>
 *   <li>Since version 5, {@code typed_slots.other_numbers}: whether a slot's rows may hold a number not exact in
 *       its decimal (set before the commit that writes the first one, never cleared).</li>
 *   <li>Since version 6, event slots are given out per event name: {@code event_slots} (event, key, slot,
 *       other_numbers); {@code typed_slots} keeps the trait slots. The event tables of a store whose event names
 *       use at most {@link TypedColumns#EVENT_SLOTS} slots (every new store) have only those slot columns
 *       ({@code EventSlotColumns}).</li>
 *   <li>Since version 9, {@value #EVENT_SUMMARY}: per user and event name, the first and last time and the count
 *       of the user's sorted events.</li>
 *   <li>Since version 10, {@value #EVENTS_COMPACTED}, a third table of the view {@code events}: the writer merges
 *       the small sorted runs of {@value #EVENTS_SORTED} into one large run there once they hold enough rows
 *       ({@code EventSorter}), so a scan for one event name reads few row groups however many small runs there
 *       were. The summary covers both tables.</li>
 * </ul>
 */
public final class Schema {
    private Schema() {
    }

    /** The component name of these migrations in {@code schema_version}. */
    public static final String COMPONENT = "store";

    /** The table ingestion appends events to, in arrival order. */
    public static final String EVENTS_RECENT = "events_recent";

    /** The table of events moved out of {@value #EVENTS_RECENT}, in runs sorted by (name, ts). */
    public static final String EVENTS_SORTED = "events_sorted";

    /** The table of events whose small sorted runs were merged into large ones, each sorted by (name, ts). */
    public static final String EVENTS_COMPACTED = "events_compacted";

    /** The event tables, the view {@code events} being their union: compacted, sorted and recent rows. */
    public static final List<String> EVENT_TABLES = List.of(EVENTS_COMPACTED, EVENTS_SORTED, EVENTS_RECENT);

    /**
     * The events moved out of {@value #EVENTS_RECENT} (the sorted and the compacted ones), as a relation for a
     * {@code FROM} clause: what {@value #EVENT_SUMMARY} sums up.
     */
    public static final String EVENTS_SETTLED = "(SELECT * FROM " + EVENTS_COMPACTED + " UNION ALL BY NAME SELECT * FROM "
            + EVENTS_SORTED + ")";

    /**
     * Per user and event name, the first and last time and the count of the user's events in
     * {@value #EVENTS_SORTED} and {@value #EVENTS_COMPACTED} (not those of {@value #EVENTS_RECENT}, which readers
     * summarize themselves): changed in the transaction of every move and merge, so a reader sees it agree with
     * those tables (a compaction moves rows between them and leaves it as it is).
     */
    public static final String EVENT_SUMMARY = "event_summary";

    /** The query of the summary rows of the events of {@code table}, sorted by name and user (see {@link #EVENT_SUMMARY}). */
    public static String summaryOf(String table) {
        return "SELECT uid, name, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS n FROM " + table
                + " GROUP BY uid, name ORDER BY name, uid";
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
            """,
            """
            ALTER TABLE users ADD COLUMN anonymous BOOLEAN DEFAULT false;
            CREATE TABLE message_ids (
                h BIGINT NOT NULL,
                h2 BIGINT NOT NULL
            );
            """,
            // the rows stored so far become the first sorted run as they are (unsorted: rewriting them
            // could take minutes on a large store); every row ingested from now on is sorted when moved
            """
            ALTER TABLE events RENAME TO events_sorted;
            CREATE TABLE events_recent (
                uid INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                ts BIGINT NOT NULL,
                props JSON NOT NULL,
                message_id VARCHAR
            );
            CREATE VIEW events AS
                SELECT uid, name, ts, props, message_id FROM events_sorted
                UNION ALL
                SELECT uid, name, ts, props, message_id FROM events_recent;
            """,
            // typed slots (TypedColumns): their columns on the event tables and users, the slots given out, the
            // catalog of keys and kinds; a store that held data is caught up by CatalogUpgrade.upgrade at open
            TypedSql.addSlotColumns(EVENTS_SORTED) + TypedSql.addSlotColumns(EVENTS_RECENT)
                    + TypedSql.addSlotColumns("users") + """
            CREATE TABLE typed_slots (
                document VARCHAR NOT NULL,
                slot INTEGER NOT NULL,
                key VARCHAR NOT NULL,
                PRIMARY KEY (document, slot)
            );
            CREATE TABLE property_kinds (
                document VARCHAR NOT NULL,
                event VARCHAR NOT NULL,
                key VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                count BIGINT NOT NULL,
                PRIMARY KEY (document, event, key, kind)
            );
            CREATE TABLE typed_state (state VARCHAR NOT NULL);
            INSERT INTO typed_state VALUES ('pending');
            """ + "CREATE OR REPLACE VIEW events AS SELECT uid, name, ts, props, message_id, " + TypedSql.slotColumnList()
                    + " FROM " + EVENTS_SORTED + " UNION ALL SELECT uid, name, ts, props, message_id, "
                    + TypedSql.slotColumnList() + " FROM " + EVENTS_RECENT + ";\n",
            // whether a slot may hold numbers not exact in its decimal (TypedColumns#exactNumbersOnly)
            "ALTER TABLE typed_slots ADD COLUMN other_numbers BOOLEAN DEFAULT false;\n"
                    + TypedSql.flagOtherNumbers(),
            // event slots per event name: each (event, key) that has a key's slot keeps it, with the slot's flag;
            // EventSlotColumns then drops the event tables' slot columns past TypedColumns.EVENT_SLOTS when no
            // event name uses them
            """
            CREATE TABLE event_slots (
                event VARCHAR NOT NULL,
                key VARCHAR NOT NULL,
                slot INTEGER NOT NULL,
                other_numbers BOOLEAN NOT NULL DEFAULT false,
                PRIMARY KEY (event, key)
            );
            INSERT INTO event_slots
                SELECT k.event, t.key, t.slot, coalesce(t.other_numbers, true)
                FROM typed_slots AS t JOIN (SELECT DISTINCT event, key FROM property_kinds WHERE document = 'event') AS k
                    ON k.key = t.key
                WHERE t.document = 'event';
            DELETE FROM typed_slots WHERE document = 'event';
            """,
            // events no longer keep the messageId they came from: deduplication reads message_ids, nothing reads
            // events.message_id, and it took a fifth of the disk (11 bytes per event)
            """
            DROP VIEW events;
            ALTER TABLE events_sorted DROP COLUMN message_id;
            ALTER TABLE events_recent DROP COLUMN message_id;
            CREATE VIEW events AS SELECT * FROM events_sorted UNION ALL BY NAME SELECT * FROM events_recent;
            """,
            // rows written from now on keep in their document only the values no slot holds (EventDocuments reads
            // both): older code would read such a document as if it held every value, so it must refuse the store
            """
            COMMENT ON TABLE events_sorted IS 'props leaves out the values the slots hold (since schema version 8)';
            COMMENT ON TABLE events_recent IS 'props leaves out the values the slots hold (since schema version 8)';
            """,
            // per-user summaries of the sorted events (EVENT_SUMMARY), built from the rows stored so far
            """
            CREATE TABLE event_summary (
                uid INTEGER NOT NULL,
                name VARCHAR NOT NULL,
                first_ts BIGINT NOT NULL,
                last_ts BIGINT NOT NULL,
                n BIGINT NOT NULL
            );
            """ + "INSERT INTO event_summary " + summaryOf(EVENTS_SORTED) + ";\n",
            // large sorted runs (EVENTS_COMPACTED), with the columns the sorted table has now; the writer compacts
            // the sorted table's small runs into it from now on
            "CREATE TABLE " + EVENTS_COMPACTED + " AS SELECT * FROM " + EVENTS_SORTED + " LIMIT 0;\n"
                    + "ALTER TABLE " + EVENTS_COMPACTED + " ALTER COLUMN uid SET NOT NULL;\n"
                    + "ALTER TABLE " + EVENTS_COMPACTED + " ALTER COLUMN name SET NOT NULL;\n"
                    + "ALTER TABLE " + EVENTS_COMPACTED + " ALTER COLUMN ts SET NOT NULL;\n"
                    + "ALTER TABLE " + EVENTS_COMPACTED + " ALTER COLUMN props SET NOT NULL;\n"
                    + "COMMENT ON TABLE " + EVENTS_COMPACTED + " IS 'props leaves out the values the slots hold"
                    + " (since schema version 8)';\n"
                    + EventSlotColumns.VIEW + ";\n");
}

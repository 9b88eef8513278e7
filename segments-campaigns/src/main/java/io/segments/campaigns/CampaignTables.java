package io.segments.campaigns;

import java.util.List;

/**
 * The tables of campaigns, as portable SQL (DuckDB, PostgreSQL, SQLite). {@link #MIGRATIONS} is the
 * one migration list of component {@value #COMPONENT} ({@code Store.migrate(COMPONENT, MIGRATIONS)},
 * as {@link CampaignService} does): step 1 is {@link #DDL}, the ledger's table; step 2 adds
 * {@code campaigns}; step 3 ({@link #TRIGGER_DDL}) adds its column {@code trigger_kind}. The
 * statements of steps 1 and 2 are idempotent ({@code IF NOT EXISTS}), so {@link #DDL} can also run on
 * its own ({@link JdbcDeliveryLedger#createTables}) for a ledger without stored campaigns; step 3 runs
 * once, under the migration runner.
 *
 * <p>{@code campaign_deliveries} has one row per (campaign, user) of an audience: {@code status}
 * is one of {@code pending}, {@code claimed}, {@code sent}, {@code failed}, {@code skipped};
 * {@code idempotency_key} is {@link DeliveryKey#idempotencyKey()}; {@code recipient} the address,
 * number or tokens the message went to; {@code provider_message_id} set when sent;
 * {@code skip_reason} the {@link SkipReason} JSON code when skipped; {@code reason} the text of a
 * failure or skip; {@code attempts} the sends of the run that recorded the outcome; times are epoch
 * milliseconds UTC.
 *
 * <p>{@code campaigns} has one row per stored campaign: {@code message} is the message's JSON
 * ({@link CampaignJson#toJson(Message)}), {@code state} the {@link CampaignState} JSON name, times
 * epoch milliseconds UTC. The {@code send_*} columns describe the send once it started
 * ({@link CampaignRun}): when ({@code send_started_at}), when the audience was frozen
 * ({@code send_frozen_at}) and finished ({@code send_finished_at}), the segment's members at that
 * instant ({@code send_members}), how many of them are the audience ({@code send_audience}) and how
 * many were left out as not reachable or opted out ({@code send_not_reachable}, {@code send_opted_out}).
 * {@code trigger_kind} is the {@link CampaignTrigger} JSON name, {@code NULL} for a campaign sent to a
 * frozen audience.
 */
public final class CampaignTables {
    /** The component name under which a migration runner records these tables' version. */
    public static final String COMPONENT = "campaigns";

    /** The statements, one per element, in order. */
    public static final List<String> DDL = List.of(
            """
            CREATE TABLE IF NOT EXISTS campaign_deliveries (
                campaign_id VARCHAR NOT NULL,
                user_id VARCHAR NOT NULL,
                status VARCHAR NOT NULL,
                idempotency_key VARCHAR NOT NULL,
                recipient VARCHAR,
                provider_message_id VARCHAR,
                skip_reason VARCHAR,
                reason VARCHAR,
                attempts INTEGER NOT NULL,
                enrolled_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (campaign_id, user_id)
            )""");

    /** The stored campaigns (step 2 of {@link #MIGRATIONS}). */
    public static final String CAMPAIGNS_DDL = """
            CREATE TABLE IF NOT EXISTS campaigns (
                id VARCHAR PRIMARY KEY,
                segment_id VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                channel VARCHAR NOT NULL,
                message VARCHAR NOT NULL,
                state VARCHAR NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                send_started_at BIGINT,
                send_frozen_at BIGINT,
                send_finished_at BIGINT,
                send_members BIGINT,
                send_audience BIGINT,
                send_not_reachable BIGINT,
                send_opted_out BIGINT
            )""";

    /** The campaigns' trigger (step 3 of {@link #MIGRATIONS}). */
    public static final String TRIGGER_DDL = "ALTER TABLE campaigns ADD COLUMN trigger_kind VARCHAR";

    /**
     * The schema versions of component {@value #COMPONENT}, in order; released steps are never
     * edited, new ones are appended.
     */
    public static final List<String> MIGRATIONS = List.of(script(), CAMPAIGNS_DDL, TRIGGER_DDL);

    private CampaignTables() {
    }

    /** The statements as one script (separated by {@code ;}), for runners that take a step as one text. */
    public static String script() {
        return String.join(";\n", DDL) + ";\n";
    }
}

package io.segments.campaigns;

import java.util.List;

/**
 * The tables of the {@link JdbcDeliveryLedger}, as portable SQL (DuckDB, PostgreSQL, SQLite).
 * The statements are idempotent ({@code IF NOT EXISTS}), so they can run as one migration step of
 * component {@value #COMPONENT} or on their own ({@link JdbcDeliveryLedger#createTables}).
 *
 * <p>{@code campaign_deliveries} has one row per (campaign, user) of an audience: {@code status}
 * is one of {@code pending}, {@code claimed}, {@code sent}, {@code failed}, {@code skipped};
 * {@code idempotency_key} is {@link DeliveryKey#idempotencyKey()}; {@code recipient} the address,
 * number or tokens the message went to; {@code provider_message_id} set when sent;
 * {@code skip_reason} the {@link SkipReason} JSON code when skipped; {@code reason} the text of a
 * failure or skip; {@code attempts} the sends of the run that recorded the outcome; times are epoch
 * milliseconds UTC.
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

    private CampaignTables() {
    }

    /** The statements as one script (separated by {@code ;}), for runners that take a step as one text. */
    public static String script() {
        return String.join(";\n", DDL) + ";\n";
    }
}

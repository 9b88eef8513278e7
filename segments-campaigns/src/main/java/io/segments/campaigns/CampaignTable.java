package io.segments.campaigns;

import io.segments.campaigns.internal.CampaignRows;
import io.segments.model.SegmentsException;
import io.segments.store.Store;
import io.segments.store.StoreException;

import java.sql.Connection;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/** The {@code campaigns} table on one connection of the store, used one call at a time. */
final class CampaignTable {
    private final Connection connection;

    CampaignTable(Connection connection) {
        this.connection = requireNonNull(connection, "connection is null");
    }

    /** Runs {@code work} on the table's connection, one call at a time. */
    <T> T apply(Store.SqlFunction<T> work) {
        synchronized (connection) {
            try {
                return work.apply(connection);
            } catch (SQLException e) {
                throw new StoreException("the campaigns table: " + e.getMessage(), e);
            }
        }
    }

    /** The stored campaign {@code id}; {@code not_found} when there is none. */
    CampaignRows.Row row(String id) {
        requireNonNull(id, "id is null");
        return apply(c -> CampaignRows.find(c, id)).orElseThrow(() -> new SegmentsException(
                SegmentsException.Code.NOT_FOUND, "no campaign with id \"" + id + "\""));
    }

    Connection connection() {
        return connection;
    }
}

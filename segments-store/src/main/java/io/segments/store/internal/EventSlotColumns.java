package io.segments.store.internal;

import io.segments.store.Schema;
import io.segments.store.TypedColumns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The slot columns of the event tables. Every slot column costs ingestion on every row, {@code NULL} or not (the
 * appender and the log write each one), so a store whose event names use at most
 * {@value TypedColumns#EVENT_SLOTS} slots each keeps only that many: {@link #narrow} drops the others, in one
 * transaction, when no event name uses them (always so for a new store; a store from before schema version 6
 * whose slots were given out per document may use more, and then keeps all {@value TypedColumns#SLOTS}).
 */
public final class EventSlotColumns {
    private static final Logger LOG = LoggerFactory.getLogger(EventSlotColumns.class);

    private EventSlotColumns() {
    }

    /** Drops the event tables' slot columns past {@value TypedColumns#EVENT_SLOTS} when none is used. */
    public static void narrow(Connection connection) throws SQLException {
        int columns = TypedColumns.eventSlotColumns(connection);
        if (columns <= TypedColumns.EVENT_SLOTS) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM event_slots WHERE slot > " + TypedColumns.EVENT_SLOTS)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        Transactions.inOne(connection, s -> {
            s.execute("DROP VIEW events");
            for (String table : Schema.EVENT_TABLES) {
                for (int i = TypedColumns.EVENT_SLOTS + 1; i <= columns; i++) {
                    for (String column : new String[] {TypedColumns.kindColumn(i), TypedColumns.decimalColumn(i),
                            TypedColumns.textColumn(i)}) {
                        s.execute("ALTER TABLE " + table + " DROP COLUMN " + column);
                    }
                }
            }
            s.execute(VIEW);
            return null;
        });
        LOG.info("the event tables keep {} slot columns (of {}): no event name uses more", TypedColumns.EVENT_SLOTS,
                columns);
    }

    /**
     * The view {@code events} over the event tables ({@link Schema#EVENT_TABLES}), with their columns as they are
     * when it is created (DuckDB binds a view's columns then: whoever changes the tables' columns creates it again).
     */
    public static final String VIEW = "CREATE OR REPLACE VIEW events AS " + String.join(" UNION ALL BY NAME ",
            Schema.EVENT_TABLES.stream().map(t -> "SELECT * FROM " + t).toList());
}

package io.segments.store;

import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.store.internal.FingerprintWindow;
import io.segments.store.internal.IngestWriter;
import io.segments.store.internal.Json;
import io.segments.store.internal.Migrator;
import io.segments.store.internal.EventSlotColumns;
import io.segments.store.internal.CatalogUpgrade;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The embedded database of one data directory: a DuckDB file {@value #FILE_NAME} holding the
 * {@link Schema} tables. Opening it creates the file if needed and applies missing migrations.
 * There is one {@code Store} per data directory and process; reads use their own connections
 * ({@link #withConnection}, {@link #connect}), writes of users and events go through the single
 * {@link #ingestor()}. {@link #close()} stores what was submitted, checkpoints and releases the file.
 *
 * <p>Durability: a transaction is on disk (DuckDB's write-ahead log, synced at commit) when its
 * commit returns; reopening after a crash replays the log.
 */
public final class Store implements AutoCloseable {
    /** The database file inside the data directory. */
    public static final String FILE_NAME = "segments.duckdb";

    private static final String CHECKPOINT_THRESHOLD = "256MiB";
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path dataDir;
    private final Path key;
    private final DuckDBConnection connection;
    private final IngestWriter.Config ingestConfig;
    private final Set<Connection> handedOut = ConcurrentHashMap.newKeySet();
    private Ingestor ingestor;
    private boolean closed;
    private volatile TypedColumns typed = TypedColumns.NONE;

    /** Work with a connection; it may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    private Store(Path dataDir, Path key, DuckDBConnection connection, IngestWriter.Config ingestConfig) {
        this.dataDir = dataDir;
        this.key = key;
        this.connection = connection;
        this.ingestConfig = ingestConfig;
    }

    /** Messages whose messageIds ingestion always remembers, by default (the deduplication window). */
    public static final long DEFAULT_DEDUP_WINDOW = IngestWriter.Config.DEFAULT_DEDUP_WINDOW;
    /** The smallest deduplication window. */
    public static final long MIN_DEDUP_WINDOW = FingerprintWindow.MIN_WINDOW;
    /** The largest deduplication window. */
    public static final long MAX_DEDUP_WINDOW = FingerprintWindow.MAX_WINDOW;

    /** Opens (creating if needed) the store in {@code dataDir} and brings its schema up to date. */
    public static Store open(Path dataDir) {
        return open(dataDir, IngestWriter.Config.DEFAULT);
    }

    /**
     * {@link #open(Path)} with ingestion remembering the messageIds of the last {@code dedupWindow} messages stored
     * (between {@value #MIN_DEDUP_WINDOW} and {@value #MAX_DEDUP_WINDOW}).
     */
    public static Store open(Path dataDir, long dedupWindow) {
        IngestWriter.Config d = IngestWriter.Config.DEFAULT;
        return open(dataDir, new IngestWriter.Config(d.maxGroupMessages(), d.maxPendingMessages(), d.traitsCacheUsers(),
                d.sortRows(), dedupWindow));
    }

    /** {@link #open(Path)} with other ingestion limits (tests use tiny ones). */
    static Store open(Path dataDir, IngestWriter.Config ingestConfig) {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(ingestConfig, "ingestConfig is null");
        Path key;
        try {
            Files.createDirectories(dataDir);
            key = dataDir.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (!OPEN.add(key)) {
            throw new StoreException("the data directory " + key + " is already open in this process");
        }
        try {
            Properties properties = new Properties();
            // everything the store needs (json, parquet, icu) is built in; never reach for the network
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            // the log grows to this before its content is written into the database file (default 16 MiB):
            // larger means fewer, larger checkpoints during ingestion, and a longer replay after a crash
            properties.setProperty("checkpoint_threshold", CHECKPOINT_THRESHOLD);
            DuckDBConnection connection;
            try {
                connection = (DuckDBConnection) DriverManager.getConnection(
                        "jdbc:duckdb:" + key.resolve(FILE_NAME), properties);
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains("lock")) {
                    throw new StoreException("the data directory " + key + " is in use by another process: " + message, e);
                }
                throw new StoreException("cannot open the database in " + key + ": " + message, e);
            }
            Store store = new Store(dataDir, key, connection, ingestConfig);
            try {
                Migrator.migrate(connection, Schema.COMPONENT, Schema.MIGRATIONS);
                EventSlotColumns.narrow(connection);
                CatalogUpgrade.upgrade(connection);
                store.typed = TypedColumns.read(connection);
            } catch (SQLException e) {
                store.closeQuietly();
                throw new StoreException("cannot build the typed columns in " + key + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                store.closeQuietly();
                throw e;
            }
            return store;
        } catch (RuntimeException e) {
            OPEN.remove(key);
            throw e;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Applies another component's schema steps (e.g. the server's own tables), recorded in
     * {@code schema_version} under {@code component}; the same rules as {@link Schema#MIGRATIONS}.
     */
    public synchronized void migrate(String component, List<String> steps) {
        requireNonNull(component, "component is null");
        if (component.equals(Schema.COMPONENT)) {
            throw new IllegalArgumentException("component '" + Schema.COMPONENT + "' is the store's own");
        }
        checkOpen();
        Migrator.migrate(connection, component, List.copyOf(steps));
    }

    /** The schema version of {@code component}, 0 if it has none. */
    public int schemaVersion(String component) {
        return withConnection(c -> Migrator.version(c, component));
    }

    /**
     * A new connection to the database for the caller to close (each thread needs its own). Each
     * statement outside an explicit transaction sees every commit made before it, so every event
     * acknowledged by the ingestor. Connections still open when the store closes are closed then.
     */
    public Connection connect() {
        checkOpen();
        try {
            handedOut.removeIf(Store::isClosed);
            Connection c = connection.duplicate();
            handedOut.add(c);
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot open a connection: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} on a fresh connection, closed afterwards; SQL errors become {@link StoreException}. */
    public <T> T withConnection(SqlFunction<T> work) {
        try (Connection c = connect()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        }
    }

    /**
     * The typed slots of the event properties and user traits now: every slot named is filled on every row a read
     * starting after this call sees (see {@link TypedColumns}).
     */
    public TypedColumns typedColumns() {
        return typed;
    }

    /** The ingestor of this store, started on first use. */
    public synchronized Ingestor ingestor() {
        checkOpen();
        if (ingestor == null) {
            try {
                ingestor = new Ingestor(new IngestWriter(connection.duplicate(), ingestConfig,
                        Clock.systemUTC(), slots -> typed = slots));
            } catch (SQLException e) {
                throw new StoreException("cannot open the ingestion connection: " + e.getMessage(), e);
            }
        }
        return ingestor;
    }

    /**
     * The profile of the user an external id (userId or anonymousId) belongs to now: that user's id,
     * merged traits and push tokens; empty when the id was never seen.
     */
    public Optional<Profile> profile(String externalId) {
        requireNonNull(externalId, "externalId is null");
        return withConnection(c -> {
            int uid;
            String userId;
            String traits;
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT u.uid, u.user_id, u.traits FROM identities i JOIN users u ON u.uid = i.uid
                    WHERE i.external_id = ?""")) {
                p.setString(1, externalId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    uid = rs.getInt(1);
                    userId = rs.getString(2);
                    traits = rs.getString(3);
                }
            }
            Set<String> tokens = new HashSet<>();
            try (PreparedStatement p = c.prepareStatement("SELECT token FROM push_tokens WHERE uid = ?")) {
                p.setInt(1, uid);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(rs.getString(1));
                    }
                }
            }
            return Optional.of(new Profile(userId, Json.readObject(traits), tokens));
        });
    }

    /**
     * Every stored event of user {@code uid} (a dense id of {@code users}), in time order (ties by name, then
     * properties: rows keep no order of arrival), with its properties; empty for a uid without events.
     */
    public List<Event> events(int uid) {
        return withConnection(c -> {
            List<Event> events = new ArrayList<>();
            EventDocuments.query(c, d -> "SELECT e.name, e.ts, " + d.columns("e") + " FROM events e WHERE e.uid = ?"
                    + " ORDER BY e.ts, e.name", List.of(uid), (rs, d) -> events.add(new Event(rs.getString(1),
                    rs.getLong(2), d.properties(rs.getString(1), rs, 3))));
            // ties in time and name in the order of their properties' JSON text
            events.sort(java.util.Comparator.comparingLong(Event::timestamp).thenComparing(Event::name)
                    .thenComparing(e -> Json.write(e.properties())));
            return events;
        });
    }

    /** Writes everything committed into the database file, so that the log is short on the next open. */
    public void checkpoint() {
        checkOpen();
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new StoreException("checkpoint failed: " + e.getMessage(), e);
        }
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store of " + key + " is closed");
        }
    }

    /** Stores everything submitted, closes connections still open, checkpoints and releases the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (ingestor != null) {
                ingestor.close();
            }
            for (Connection c : handedOut) {
                if (!isClosed(c)) {
                    LOG.warn("closing a connection still open at store close");
                    c.close();
                }
            }
            handedOut.clear();
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store of " + key + ": " + e.getMessage(), e);
        } finally {
            closed = true;
            closeQuietly();
            OPEN.remove(key);
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the database of {} failed", key, e);
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}

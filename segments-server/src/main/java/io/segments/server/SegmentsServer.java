package io.segments.server;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.segments.server.internal.Auth;
import io.segments.server.internal.Errors;
import io.segments.server.internal.Ingestion;
import io.segments.server.internal.Imports;
import io.segments.server.internal.Json;
import io.segments.server.internal.Keys;
import io.segments.server.internal.ServerFile;
import io.segments.store.Store;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A running Segments server: the store opened on the data directory and the HTTP API on top of it.
 * {@link #start} returns once requests are accepted; {@link #close} stops accepting requests, lets the
 * requests in flight finish (so every acknowledged event is durable), then closes the store.
 */
public final class SegmentsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentsServer.class);
    /** How long {@link #close} waits for requests in flight. */
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final ServerConfig config;
    private final Keys keys;
    private final Store store;
    private final Ingestion ingestion;
    private final Imports imports;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SegmentsServer(ServerConfig config, Keys keys, Store store) {
        this.config = config;
        this.keys = keys;
        this.store = store;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("segments-http");
        this.ingestion = new Ingestion(store, threads);
        this.imports = new Imports(store, config.dataDir());
        Auth auth = new Auth(keys);
        this.app = Javalin.create(c -> {
            c.jetty.threadPool = threads;
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            c.http.asyncTimeout = 0; // an ingestion request waits for its group commit, however long
            c.jetty.defaultHost = config.host();
            c.jetty.defaultPort = config.port();
            c.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MILLIS));
        });
        Errors.install(app);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.before("/v1/*", auth::requireWriteKey);
        app.before("/api/*", auth::requireAdminKey);
        ingestion.register(app);
        imports.register(app);
    }

    /** Opens the store in {@code config.dataDir()} and starts serving; fails if the directory is in use. */
    public static SegmentsServer start(ServerConfig config) {
        requireNonNull(config, "config is null");
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        Keys keys = Keys.resolve(config.dataDir(), config.writeKey(), config.adminKey());
        Store store = Store.open(config.dataDir());
        SegmentsServer server = null;
        try {
            server = new SegmentsServer(config, keys, store);
            store.ingestor(); // loads the ingestion state now rather than on the first request
            server.app.start();
            ServerFile.write(config.dataDir(), server.uri().toString());
        } catch (RuntimeException e) {
            if (server != null) {
                server.app.stop();
                server.imports.close();
            }
            store.close();
            throw e;
        }
        return server;
    }

    /** The TCP port actually bound (the picked one when configured with port 0). */
    public int port() {
        return app.port();
    }

    /** The base address clients use: {@code http://localhost:PORT} when bound to all interfaces. */
    public URI uri() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "localhost";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    public ServerConfig config() {
        return config;
    }

    /** The write key in force (configured, or generated and kept in the data directory). */
    public String writeKey() {
        return keys.writeKey();
    }

    /** The admin key in force (configured, or generated and kept in the data directory). */
    public String adminKey() {
        return keys.adminKey();
    }

    /** Whether the write key was generated or read from the data directory, rather than configured. */
    public boolean writeKeyFromDataDir() {
        return keys.writeFromFile();
    }

    /** Whether the admin key was generated or read from the data directory, rather than configured. */
    public boolean adminKeyFromDataDir() {
        return keys.adminFromFile();
    }

    /** The store this server owns (closed by {@link #close}). */
    public Store store() {
        return store;
    }

    /** The Javalin application, for routes added by other parts of the server. */
    Javalin app() {
        return app;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ingestion.refuseNew();
            app.stop(); // stops accepting, then waits for requests in flight (graceful, STOP_TIMEOUT_MILLIS)
            ingestion.awaitInFlight(STOP_TIMEOUT_MILLIS);
            imports.close();
            ServerFile.delete(config.dataDir());
        } finally {
            store.close();
            LOG.info("stopped; the store in {} is closed", config.dataDir());
        }
    }
}

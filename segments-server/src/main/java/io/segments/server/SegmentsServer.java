package io.segments.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.segments.campaigns.CampaignService;
import io.segments.campaigns.DeliveryConfig;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.catalog.SegmentSnapshots;
import io.segments.engine.ConnectionSource;
import io.segments.engine.analytics.SegmentAnalytics;
import io.segments.server.internal.AnalyticsApi;
import io.segments.server.internal.SnapshotsApi;
import io.segments.server.internal.Auth;
import io.segments.server.internal.CampaignRoutes;
import io.segments.server.internal.PolledChangeStreams;
import io.segments.server.internal.Errors;
import io.segments.server.internal.Ingestion;
import io.segments.server.internal.Imports;
import io.segments.server.internal.Json;
import io.segments.server.internal.Keys;
import io.segments.server.internal.NameCatalog;
import io.segments.server.internal.OpenApi;
import io.segments.server.internal.ReportsApi;
import io.segments.server.internal.SegmentsApi;
import io.segments.server.internal.ServerFile;
import io.segments.server.internal.ServerTiming;
import io.segments.server.internal.SignIn;
import io.segments.server.live.LiveApi;
import io.segments.server.live.LiveCampaigns;
import io.segments.server.live.LiveService;
import io.segments.store.Store;
import io.segments.ui.UiAssets;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A running Segments server: the store opened on the data directory, the HTTP API on top of it and the web
 * UI at {@code /}. {@link #start} returns once requests are accepted; {@link #close} stops accepting requests,
 * lets the requests in flight finish (so every acknowledged event is durable), then closes the store.
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
    private final CampaignService campaigns;
    private final LiveService live;
    private final LiveCampaigns liveCampaigns;
    private final AnalyticsApi analyticsApi;
    private final SnapshotsApi snapshotsApi;
    private final SignIn signIn;
    private final String signInToken;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Builds the server on {@code store}; each service it starts is pushed on {@code started}, to be closed if a later step fails. */
    private SegmentsServer(ServerConfig config, Keys keys, Store store, DeliveryConfig delivery,
                           Duration changeStreamInterval, Deque<AutoCloseable> started) {
        this.config = config;
        this.keys = keys;
        this.store = store;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("segments-http");
        this.ingestion = new Ingestion(store, threads);
        this.imports = new Imports(store, config.dataDir());
        started.push(imports);
        SegmentCatalog catalog = new SegmentCatalog(store);
        SegmentQueries queries = new SegmentQueries(store, catalog);
        this.live = LiveService.start(store, catalog, Json.MAPPER, LiveService.Options.DEFAULT);
        started.push(live);
        LiveApi liveApi = new LiveApi(live, catalog);
        this.analyticsApi = new AnalyticsApi(store, catalog, queries, liveApi, Clock.systemUTC(), changeStreamInterval);
        started.push(analyticsApi);
        this.snapshotsApi = new SnapshotsApi(new SegmentSnapshots(store, catalog, queries), Clock.systemUTC(),
                SnapshotsApi.DEFAULT_CHECK);
        started.push(snapshotsApi);
        this.campaigns = CampaignService.start(store, catalog, queries, delivery);
        started.push(campaigns);
        this.liveCampaigns = LiveCampaigns.attach(live, campaigns); // triggered campaigns: users entering live segments
        started.push(liveCampaigns);
        this.signIn = new SignIn(keys, Clock.systemUTC());
        this.signInToken = signIn.newToken();
        Auth auth = new Auth(keys);
        this.app = Javalin.create(c -> {
            c.jetty.threadPool = threads;
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            c.http.asyncTimeout = 0; // an ingestion request waits for its group commit, however long
            c.http.prefer405over404 = true; // a known path with another method: 405 and Allow (see Errors)
            c.jetty.defaultHost = config.host();
            c.jetty.defaultPort = config.port();
            c.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MILLIS));
            c.jetty.multipartConfig.maxFileSize(SegmentsApi.MAX_CSV_BYTES, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(SegmentsApi.MAX_CSV_BYTES, SizeUnit.BYTES);
            c.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = UiAssets.STATIC_ROOT;
                files.location = Location.CLASSPATH;
            });
            c.staticFiles.enableWebjars(); // UiAssets.WEBJARS_ROOT at UiAssets.WEBJARS_PATH
        });
        Errors.install(app);
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        ServerTiming.install(app);
        app.before("/v1/*", auth::requireWriteKey);
        app.before("/api/*", auth::requireAdminKey);
        ingestion.register(app);
        imports.register(app);
        new SegmentsApi(catalog, queries).register(app);
        analyticsApi.register(app); // GET /api/segments/{id}/changes, live segments' streams through liveApi
        snapshotsApi.register(app);
        liveApi.register(app, false);
        new ReportsApi(queries, new SegmentAnalytics(ConnectionSource.of(store)), Clock.systemUTC()).register(app);
        new NameCatalog(store).register(app);
        new CampaignRoutes(campaigns).register(app);
        signIn.register(app);
        new OpenApi().register(app);
    }

    /**
     * Opens the store in {@code config.dataDir()} and starts serving; fails if the directory is in use.
     * Campaigns are delivered to the outbox in the data directory.
     */
    public static SegmentsServer start(ServerConfig config) {
        return start(config, DeliveryConfig.fromEnvironment(Map.of()));
    }

    /**
     * Opens the store in {@code config.dataDir()} and starts serving, campaigns delivered by the providers of
     * {@code delivery}; fails if the directory is in use.
     */
    public static SegmentsServer start(ServerConfig config, DeliveryConfig delivery) {
        return start(config, delivery, PolledChangeStreams.DEFAULT_INTERVAL);
    }

    /** {@link #start(ServerConfig, DeliveryConfig)} with change streams that look every {@code changeStreamInterval}. */
    static SegmentsServer start(ServerConfig config, DeliveryConfig delivery, Duration changeStreamInterval) {
        requireNonNull(config, "config is null");
        requireNonNull(delivery, "delivery is null");
        requireNonNull(changeStreamInterval, "changeStreamInterval is null");
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        Keys keys = Keys.resolve(config.dataDir(), config.writeKey(), config.adminKey());
        Store store = Store.open(config.dataDir(), config.dedupWindow());
        SegmentsServer server = null;
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            server = new SegmentsServer(config, keys, store, delivery, changeStreamInterval, started);
            store.ingestor(); // loads the ingestion state now rather than on the first request
            server.app.start();
            ServerFile.write(config.dataDir(), server.uri().toString());
        } catch (RuntimeException e) {
            if (server != null) {
                server.app.stop();
            }
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
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

    /**
     * The sign-in link made at start, {@code http://HOST:PORT/#/signin?token=T}: it opens the web UI and
     * signs in once, within 24 hours.
     */
    public URI signInLink() {
        return URI.create(uri() + SignIn.LINK_PATH + signInToken);
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
            // the event streams end first, so that the graceful stop below does not wait for them: the
            // live engine's only once nothing more is stored, so that its snapshot holds every stored event
            ingestion.refuseNew(); // new ingestion requests are answered 503 from now on
            analyticsApi.close();
            snapshotsApi.close();
            ingestion.awaitInFlight(STOP_TIMEOUT_MILLIS);
            imports.close(); // the running import stops; what it stored stays
            liveCampaigns.close(); // entries not handed to the campaigns yet are handed on at the next start
            live.close();
            app.stop(); // stops accepting, then waits for requests in flight (graceful, STOP_TIMEOUT_MILLIS)
            ingestion.awaitInFlight(STOP_TIMEOUT_MILLIS);
            campaigns.close(); // a send under way stops after the message in hand and resumes at the next start
            ServerFile.delete(config.dataDir());
        } finally {
            store.close();
            LOG.info("stopped; the store in {} is closed", config.dataDir());
        }
    }
}

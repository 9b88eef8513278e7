package io.segments.bench.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL server of its own for benchmarks and tests: a cluster in a data directory (created with
 * {@code initdb} when it holds none, trust authentication, UTF-8, C locale), started with {@code pg_ctl} on a
 * free port of 127.0.0.1 (no Unix socket) and stopped by {@link #close()} or, if the process ends first, by a
 * shutdown hook.
 *
 * <p>The binaries come from {@code SEGMENTS_PG_BIN} or {@code /usr/lib/postgresql/15/bin} (Debian's
 * {@code postgresql-15}). PostgreSQL refuses to run as root: then every command runs as the {@code postgres}
 * user through {@code runuser -u postgres --}, and the data directory is made that user's; its parent
 * directories must be searchable by that user.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.start(dir, Map.of("shared_buffers", "1GB"))) {
 *     try (Connection c = pg.connect()) { ... }
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {
    /** The binaries used when {@code SEGMENTS_PG_BIN} is not set. */
    public static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
    /** The database user: the bootstrap superuser {@code initdb} creates. */
    public static final String USER = "postgres";

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final int START_ATTEMPTS = 3;

    private final Path bin;
    private final Path dataDir;
    private final boolean asPostgresUser;
    private final int port;
    private final Thread shutdownHook;
    private boolean stopped;

    private LocalPostgres(Path bin, Path dataDir, boolean asPostgresUser, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "local-postgres-stop");
    }

    /** The directory of the PostgreSQL binaries: {@code SEGMENTS_PG_BIN}, else {@link #DEFAULT_BIN}. */
    public static Path binaries() {
        String configured = System.getenv("SEGMENTS_PG_BIN");
        return configured == null || configured.isBlank() ? DEFAULT_BIN : Path.of(configured);
    }

    /** Whether the PostgreSQL binaries are installed where {@link #binaries()} says. */
    public static boolean installed() {
        return Files.isExecutable(binaries().resolve("postgres")) && Files.isExecutable(binaries().resolve("initdb"));
    }

    /**
     * Starts a server on the cluster in {@code dataDir}, creating the cluster first when the directory does not
     * hold one. {@code settings} are server parameters ({@code shared_buffers}, {@code work_mem}, ...) given on
     * the command line; {@code listen_addresses}, {@code port} and {@code unix_socket_directories} are set here.
     *
     * @throws IllegalStateException naming the command and showing its output when a step fails
     */
    public static LocalPostgres start(Path dataDir, Map<String, String> settings) {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(settings, "settings is null");
        Path bin = binaries();
        if (!installed()) {
            throw new IllegalStateException("PostgreSQL is not installed at " + bin + " (install Debian's postgresql-15, "
                    + "or set SEGMENTS_PG_BIN to the directory holding initdb, pg_ctl and postgres)");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        boolean asPostgresUser = isRoot();
        try {
            if (!Files.exists(dir.resolve("PG_VERSION"))) {
                initdb(bin, dir, asPostgresUser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL cluster in " + dir + ": " + e.getMessage(), e);
        }
        stopLeftOver(bin, dir, asPostgresUser);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            LocalPostgres pg = new LocalPostgres(bin, dir, asPostgresUser, port);
            try {
                pg.startServer(settings);
                Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
                return pg;
            } catch (IllegalStateException e) {
                last = e; // most likely the port was taken in between: try another one
            }
        }
        throw last;
    }

    /** The port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of database {@code postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A new connection to database {@code postgres} as {@value #USER}, with extra driver properties. */
    public Connection connect(Properties properties) throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("user", USER);
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    /** A new connection to database {@code postgres} as {@value #USER}. */
    public Connection connect() throws SQLException {
        return connect(new Properties());
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the process is already shutting down: the hook is running or has run
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        run(command(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "120",
                "stop"), "stopping PostgreSQL");
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("local-postgres: " + e.getMessage());
        }
    }

    private void startServer(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("listen_addresses", "127.0.0.1");
        all.put("port", Integer.toString(port));
        all.put("unix_socket_directories", "");
        StringBuilder options = new StringBuilder();
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (!e.getKey().matches("[a-z_.]+") || e.getValue().contains("'") || e.getValue().contains("\\")) {
                throw new IllegalArgumentException("not a server setting: " + e.getKey() + " = " + e.getValue());
            }
            options.append(" -c ").append(e.getKey()).append("='").append(e.getValue()).append('\'');
        }
        Path log = dataDir.resolve("server.log");
        run(command(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", "120",
                "-o", options.toString().trim(), "start"), "starting PostgreSQL on port " + port + " (log: " + log + ")");
    }

    /** Stops a server a process that ended without stopping it left running on the cluster. */
    private static void stopLeftOver(Path bin, Path dir, boolean asPostgresUser) {
        if (!Files.exists(dir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "status"),
                    "asking whether a server runs on " + dir);
        } catch (IllegalStateException notRunning) {
            return;
        }
        run(command(asPostgresUser, bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-m", "fast", "-w",
                "-t", "120", "stop"), "stopping the server left running on " + dir);
    }

    private static void initdb(Path bin, Path dir, boolean asPostgresUser) throws IOException {
        if (Files.exists(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException("cannot create a PostgreSQL cluster in " + dir
                            + ": the directory is not empty and holds no cluster (no PG_VERSION)");
                }
            }
        }
        Files.createDirectories(dir);
        if (asPostgresUser) {
            try {
                run(List.of("runuser", "-u", USER, "--", "test", "-x", dir.getParent().toString()),
                        "checking that the " + USER + " user can reach " + dir);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("PostgreSQL runs as the " + USER + " user, who cannot reach " + dir
                        + ": make its parent directories searchable by others (chmod o+x) or choose a directory"
                        + " elsewhere (a new directory under /tmp works)", e);
            }
            run(List.of("chown", USER + ":", dir.toString()), "giving " + dir + " to the " + USER + " user");
        }
        run(command(asPostgresUser, bin.resolve("initdb").toString(), "-D", dir.toString(), "-U", USER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"), "creating a PostgreSQL cluster in " + dir);
    }

    private List<String> command(String... args) {
        return command(asPostgresUser, args);
    }

    private static List<String> command(boolean asPostgresUser, String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private static boolean isRoot() {
        return run(List.of("id", "-u"), "finding the user id").trim().equals("0");
    }

    /** Runs a command to its end; answers its output (stdout and stderr) or fails with it. */
    private static String run(List<String> command, String what) {
        Path output = null;
        try {
            output = Files.createTempFile("local-postgres", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + ": " + String.join(" ", command) + " did not finish in "
                        + COMMAND_TIMEOUT.toMinutes() + " minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: " + String.join(" ", command) + " exited with "
                        + process.exitValue() + ":\n" + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port: " + e.getMessage(), e);
        }
    }
}

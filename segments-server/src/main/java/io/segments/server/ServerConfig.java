package io.segments.server;

import io.segments.store.Store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a server is started: where it listens and where its state lives.
 * {@link #fromEnvironment(Map)} reads {@code SEGMENTS_HOST}, {@code SEGMENTS_PORT}, {@code SEGMENTS_DATA_DIR},
 * {@code SEGMENTS_WRITE_KEY}, {@code SEGMENTS_ADMIN_KEY} and {@code SEGMENTS_DEDUP_WINDOW}; a key left empty is
 * generated at first start and kept in the data directory.
 *
 * @param host     interface to bind, {@code 0.0.0.0} for all
 * @param port     TCP port, {@code 0} to pick a free one
 * @param dataDir  the directory holding the store and the generated keys
 * @param writeKey the ingestion key, or empty to use the one kept in the data directory
 * @param adminKey the key for {@code /api/}, or empty to use the one kept in the data directory
 * @param dedupWindow how many of the latest stored messages ingestion always remembers to drop their messageIds
 *                 sent again (the deduplication window)
 */
public record ServerConfig(String host, int port, Path dataDir, Optional<String> writeKey, Optional<String> adminKey,
                           long dedupWindow) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final long DEFAULT_DEDUP_WINDOW = Store.DEFAULT_DEDUP_WINDOW;

    public ServerConfig {
        requireNonNull(host, "host is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(writeKey, "writeKey is null");
        requireNonNull(adminKey, "adminKey is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        writeKey.ifPresent(k -> checkKey("write key", k));
        adminKey.ifPresent(k -> checkKey("admin key", k));
        if (writeKey.isPresent() && writeKey.equals(adminKey)) {
            throw new IllegalArgumentException("the write key and the admin key must differ");
        }
        if (dedupWindow < Store.MIN_DEDUP_WINDOW || dedupWindow > Store.MAX_DEDUP_WINDOW) {
            throw new IllegalArgumentException("the deduplication window must be between " + Store.MIN_DEDUP_WINDOW
                    + " and " + Store.MAX_DEDUP_WINDOW + " messages, got " + dedupWindow);
        }
    }

    /** A configuration with the default deduplication window. */
    public ServerConfig(String host, int port, Path dataDir, Optional<String> writeKey, Optional<String> adminKey) {
        this(host, port, dataDir, writeKey, adminKey, DEFAULT_DEDUP_WINDOW);
    }

    /** A configuration with all defaults on the given data directory and port, keys from the data directory. */
    public static ServerConfig of(Path dataDir, int port) {
        return new ServerConfig(DEFAULT_HOST, port, dataDir, Optional.empty(), Optional.empty());
    }

    /** Reads the {@code SEGMENTS_*} variables; anything unset takes its default. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        String port = nonEmpty(env.get("SEGMENTS_PORT")).orElse(Integer.toString(DEFAULT_PORT));
        return new ServerConfig(
                nonEmpty(env.get("SEGMENTS_HOST")).orElse(DEFAULT_HOST),
                parsePort(port, "SEGMENTS_PORT"),
                nonEmpty(env.get("SEGMENTS_DATA_DIR")).map(Path::of).orElse(DEFAULT_DATA_DIR),
                nonEmpty(env.get("SEGMENTS_WRITE_KEY")),
                nonEmpty(env.get("SEGMENTS_ADMIN_KEY")),
                nonEmpty(env.get("SEGMENTS_DEDUP_WINDOW")).map(w -> parseDedupWindow(w, "SEGMENTS_DEDUP_WINDOW"))
                        .orElse(DEFAULT_DEDUP_WINDOW));
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, dataDir, writeKey, adminKey, dedupWindow);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, writeKey, adminKey, dedupWindow);
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return new ServerConfig(host, port, newDataDir, writeKey, adminKey, dedupWindow);
    }

    public ServerConfig withWriteKey(String key) {
        return new ServerConfig(host, port, dataDir, Optional.of(key), adminKey, dedupWindow);
    }

    public ServerConfig withAdminKey(String key) {
        return new ServerConfig(host, port, dataDir, writeKey, Optional.of(key), dedupWindow);
    }

    public ServerConfig withDedupWindow(long messages) {
        return new ServerConfig(host, port, dataDir, writeKey, adminKey, messages);
    }

    /** Parses a port number, naming {@code source} (a variable or flag) when it is not one. */
    public static int parsePort(String text, String source) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a port number between 0 and 65535, got '" + text + "'");
    }

    /** Parses a deduplication window (a number of messages), naming {@code source} (a variable or flag) when it is not one. */
    public static long parseDedupWindow(String text, String source) {
        try {
            long window = Long.parseLong(text.trim());
            if (window >= Store.MIN_DEDUP_WINDOW && window <= Store.MAX_DEDUP_WINDOW) {
                return window;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a number of messages between " + Store.MIN_DEDUP_WINDOW
                + " and " + Store.MAX_DEDUP_WINDOW + ", got '" + text + "'");
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static void checkKey(String what, String key) {
        if (key.isEmpty() || key.length() > 200) {
            throw new IllegalArgumentException(what + " must have 1 to 200 characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            // a key travels as an HTTP Basic user name: no colon, no whitespace, printable ASCII only
            if (c <= ' ' || c > '~' || c == ':') {
                throw new IllegalArgumentException(
                        what + " may contain only printable ASCII characters without spaces or ':'");
            }
        }
    }
}

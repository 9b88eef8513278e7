package io.segments.server.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@value #NAME} in the data directory: the address of the server running on it, written once it listens and
 * removed when it stops, so that other commands on the same directory can point at it.
 */
public final class ServerFile {
    public static final String NAME = "server.url";

    private ServerFile() {
    }

    public static void write(Path dataDir, String url) {
        try {
            Files.writeString(dataDir.resolve(NAME), url + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(NAME), e);
        }
    }

    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir.resolve(NAME), e);
        }
    }

    public static Optional<String> read(Path dataDir) {
        try {
            Path file = dataDir.resolve(NAME);
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

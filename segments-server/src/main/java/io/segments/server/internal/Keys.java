package io.segments.server.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * The write key and the admin key. A key not given by configuration is read from {@value #FILE} in the
 * data directory, or generated and written there at first start.
 *
 * @param writeKey     key for {@code /v1/*}
 * @param adminKey     key for {@code /api/*}
 * @param writeFromFile whether the write key comes from the data directory (then it may be printed)
 * @param adminFromFile whether the admin key comes from the data directory
 */
public record Keys(String writeKey, String adminKey, boolean writeFromFile, boolean adminFromFile) {

    public static final String FILE = "keys.properties";
    private static final String WRITE = "write_key";
    private static final String ADMIN = "admin_key";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    public Keys {
        requireNonNull(writeKey, "writeKey is null");
        requireNonNull(adminKey, "adminKey is null");
        if (writeKey.equals(adminKey)) {
            throw new IllegalArgumentException("the write key and the admin key must differ");
        }
    }

    /** Resolves both keys, generating and keeping in {@code dataDir} those that are not configured. */
    public static Keys resolve(Path dataDir, Optional<String> configuredWrite, Optional<String> configuredAdmin) {
        Path file = dataDir.resolve(FILE);
        Properties stored = read(file);
        boolean changed = false;
        if (configuredWrite.isEmpty() && stored.getProperty(WRITE) == null) {
            stored.setProperty(WRITE, generate("wk_"));
            changed = true;
        }
        if (configuredAdmin.isEmpty() && stored.getProperty(ADMIN) == null) {
            stored.setProperty(ADMIN, generate("ak_"));
            changed = true;
        }
        if (changed) {
            write(file, stored);
        }
        return new Keys(
                configuredWrite.orElseGet(() -> stored.getProperty(WRITE)),
                configuredAdmin.orElseGet(() -> stored.getProperty(ADMIN)),
                configuredWrite.isEmpty(),
                configuredAdmin.isEmpty());
    }

    /** Compares a presented key with an expected one in time independent of where they differ. */
    public static boolean matches(String presented, String expected) {
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static String generate(String prefix) {
        StringBuilder key = new StringBuilder(prefix);
        for (int i = 0; i < 32; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the keys file " + file, e);
            }
        }
        return properties;
    }

    private static void write(Path file, Properties properties) {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                properties.store(writer, "Segments keys: write_key for /v1 ingestion, admin_key for /api");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keys file " + file, e);
        }
    }
}

package io.segments.bench.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The file that says a system's copy of a data set was loaded completely: written only after loading
 * finished, with the settings it was loaded for and what the load took. A copy without its marker, or whose
 * marker names other settings, is rebuilt.
 */
public final class Marker {
    private static final String SETTINGS = "settings";

    private Marker() {
    }

    /** What the marker at {@code file} records, if it exists and was written for {@code settings}. */
    public static Optional<Properties> read(Path file, String settings) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return settings.equals(p.getProperty(SETTINGS)) ? Optional.of(p) : Optional.empty();
    }

    /** Writes the marker (atomically: a marker is never half written). */
    public static Properties write(Path file, String settings, Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        p.setProperty(SETTINGS, settings);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                p.store(out, "loaded completely");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** Deletes {@code file}, so that what it marked counts as incomplete. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}

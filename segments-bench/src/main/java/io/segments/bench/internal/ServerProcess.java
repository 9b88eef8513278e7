package io.segments.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Segments server as a child process: {@code java -Xmx<heap> -jar <server jar> serve} on a data directory,
 * 127.0.0.1 and a free port, with fixed keys; its output goes to a log file, from which the
 * {@code listening on http://HOST:PORT} line is read. {@link #close()} sends SIGTERM (the server stores every
 * acknowledged event and stops) and waits; a shutdown hook does the same if the benchmark ends first.
 */
public final class ServerProcess implements AutoCloseable {
    public static final String WRITE_KEY = "wk_bench";
    public static final String ADMIN_KEY = "ak_bench";
    /** The server's main class, the one the jar's manifest names. */
    public static final String MAIN_CLASS = "io.segments.server.Main";
    private static final long START_TIMEOUT_MILLIS = 300_000;
    private static final long STOP_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final URI uri;
    private final Path log;
    private final Thread shutdownHook;

    private ServerProcess(Process process, URI uri, Path log, Thread shutdownHook) {
        this.process = process;
        this.uri = uri;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    /** Starts the server from {@code jar} on {@code dataDir} and waits until it listens. */
    public static ServerProcess start(Path jar, Path dataDir, String heap, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no server jar at " + jar.toAbsolutePath()
                    + " (build it: mvn -q -DskipTests -pl segments-server -am package, or run bin/segments help)");
        }
        return start(List.of("-jar", jar.toAbsolutePath().toString()), dataDir, heap, log);
    }

    /**
     * Starts the server's main class ({@value #MAIN_CLASS}) from {@code classPath} (a test's own class path, which
     * holds the server) on {@code dataDir} and waits until it listens.
     */
    public static ServerProcess startFromClassPath(String classPath, Path dataDir, String heap, Path log) {
        return start(List.of("-cp", classPath, MAIN_CLASS), dataDir, heap, log);
    }

    private static ServerProcess start(List<String> program, Path dataDir, String heap, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(program);
        command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir",
                dataDir.toAbsolutePath().toString(), "--write-key", WRITE_KEY, "--admin-key", ADMIN_KEY));
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
        Thread hook = new Thread(() -> stop(process), "bench-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        try {
            while (true) {
                Optional<URI> uri = listening(log);
                if (uri.isPresent()) {
                    return new ServerProcess(process, uri.get(), log, hook);
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + process.exitValue()
                            + " before listening; its output (" + log + "):\n" + tail(log));
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the server did not listen within " + START_TIMEOUT_MILLIS / 1000
                            + " s; its output (" + log + "):\n" + tail(log));
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException | RuntimeException e) {
            stop(process);
            removeHook(hook);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the server", e);
            }
            throw (RuntimeException) e;
        }
    }

    public URI uri() {
        return uri;
    }

    public long pid() {
        return process.pid();
    }

    /** The child's resident memory now: {@code VmHWM} (peak) and {@code VmRSS}, in bytes, from /proc. */
    public Memory memory() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long hwm = -1;
        long rss = -1;
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line) * 1024;
                } else if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + ": " + e.getMessage(), e);
        }
        return new Memory(hwm, rss);
    }

    /**
     * The CPU time the child has used so far, all its threads together (user and system time of
     * {@code /proc/PID/stat}, in the kernel's clock ticks of 1/100 s).
     */
    public double cpuSeconds() {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat, StandardCharsets.UTF_8);
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its end
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat + ": " + e.getMessage(), e);
        }
    }

    /** Resident memory of a process: peak ({@code VmHWM}) and current ({@code VmRSS}) bytes. */
    public record Memory(long peakBytes, long residentBytes) {
    }

    /** Stops the server (SIGTERM, then waits; kills it if it does not stop in two minutes). */
    @Override
    public void close() {
        stop(process);
        removeHook(shutdownHook);
        if (process.exitValue() != 0 && process.exitValue() != 143) {
            throw new IllegalStateException("the server exited with " + process.exitValue() + "; its output (" + log
                    + "):\n" + tail(log));
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private static Optional<URI> listening(Path log) {
        try {
            if (!Files.exists(log)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("listening on ")) {
                    return Optional.of(URI.create(line.substring("listening on ".length()).trim()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}

package io.segments.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as a separate JVM ({@link Main} on this test's class path), as {@code bin/segments serve} runs it:
 * for tests that kill it. Its output goes to a file in the data directory's parent.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI uri;

    private ServerProcess(Process process, Path log, URI uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /** Starts {@code serve} on {@code dataDir} with the test keys and waits for its {@code listening on} line. */
    static ServerProcess start(Path dataDir) {
        try {
            Path log = Files.createTempFile(dataDir.getParent(), "server-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "serve",
                    "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(),
                    "--write-key", ServerExtension.WRITE_KEY, "--admin-key", ServerExtension.ADMIN_KEY));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.startsWith("listening on ")) {
                        return new ServerProcess(process, log, URI.create(line.substring("listening on ".length()).trim()));
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the server exited with " + process.exitValue() + " before listening:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
            process.destroyForcibly();
            throw new AssertionError("the server did not print 'listening on' within 60 s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return uri;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to do anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not die from SIGKILL within 30 s");
        }
    }

    /** SIGTERM, then waits for the process to exit; answers its exit status. */
    int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within " + timeoutSeconds + " s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // left behind under target/
        }
    }
}

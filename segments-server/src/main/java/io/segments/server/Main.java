package io.segments.server;

import io.segments.campaigns.DeliveryConfig;
import io.segments.model.SegmentsException;
import io.segments.server.internal.CommandLine;
import io.segments.server.internal.Demo;
import io.segments.server.internal.ImportCommand;
import io.segments.store.StoreException;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The launcher's entry point ({@code bin/segments}): {@code serve}, {@code demo}, {@code import FILE},
 * {@code help}. Configuration comes from the {@code SEGMENTS_*} environment variables, overridden by flags.
 * {@code serve} prints exactly one line {@code listening on http://HOST:PORT} on standard output once
 * requests are accepted, then the one-time sign-in link of the web UI, and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    private static int run(String[] args) {
        PrintStream err = System.err;
        CommandLine line;
        try {
            line = CommandLine.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("segments: " + e.getMessage());
            err.println();
            err.print(CommandLine.USAGE);
            return 2;
        }
        try {
            switch (line.command()) {
                case "serve" -> {
                    requireArguments(line, 0);
                    serve(line.config(), delivery());
                    return 0;
                }
                case "demo" -> {
                    requireArguments(line, 0);
                    DeliveryConfig delivery = delivery(); // a bad setting stops the demo before it loads
                    serve(Demo.prepare(line.config(), line.keep(), err), delivery);
                    return 0;
                }
                case "import" -> {
                    requireArguments(line, 1);
                    return ImportCommand.run(line.config().dataDir(), line.config().dedupWindow(), line.arguments().get(0),
                            System.out, err);
                }
                case "help" -> {
                    System.out.print(CommandLine.USAGE);
                    return 0;
                }
                default -> {
                    err.println("segments: unknown command '" + line.command() + "'");
                    err.println();
                    err.print(CommandLine.USAGE);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("segments: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            err.println("segments: " + e.getMessage());
            return 1;
        }
    }

    /** The campaign delivery settings of the {@code SEGMENTS_*} variables; a bad one is a usage error. */
    private static DeliveryConfig delivery() {
        try {
            return DeliveryConfig.fromEnvironment(System.getenv());
        } catch (SegmentsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void requireArguments(CommandLine line, int count) {
        if (line.arguments().size() != count) {
            throw new IllegalArgumentException(line.command() + (count == 0 ? " takes no arguments"
                    : " takes " + count + " argument" + (count == 1 ? "" : "s")) + "; see 'segments help'");
        }
    }

    /** Starts the server, prints where it listens and blocks until the JVM is asked to stop. */
    private static void serve(ServerConfig config, DeliveryConfig delivery) {
        SegmentsServer server = SegmentsServer.start(config, delivery);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                System.out.println("stopped cleanly: the store is closed");
                System.out.flush();
            } finally {
                stopped.countDown();
            }
        }, "segments-shutdown"));
        PrintStream out = System.out;
        out.println("data directory: " + config.dataDir().toAbsolutePath().normalize());
        out.println("write key: " + (server.writeKeyFromDataDir() ? server.writeKey() : "(from SEGMENTS_WRITE_KEY / --write-key)"));
        out.println("admin key: " + (server.adminKeyFromDataDir() ? server.adminKey() : "(from SEGMENTS_ADMIN_KEY / --admin-key)"));
        out.println("listening on " + server.uri());
        out.println("sign in (the link works once, within 24 hours): " + server.signInLink());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

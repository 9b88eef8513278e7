package io.segments.server.internal;

import io.segments.server.ServerConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A parsed launcher command line: {@code COMMAND [ARG...] [--flag VALUE | --flag=VALUE]...}. Flags override the
 * environment variables of the same meaning.
 *
 * @param command   the subcommand ({@code serve} when none is given)
 * @param arguments positional arguments after the command
 * @param config    the server configuration: environment, then flags
 * @param keep      {@code --keep}: for {@code demo}, serve the demo data set already present instead of a fresh one
 */
public record CommandLine(String command, List<String> arguments, ServerConfig config, boolean keep) {

    public static final String USAGE = """
            usage: segments <command> [flags]

            commands:
              serve          start the server
              demo           start the server on a fresh demo data set (--keep serves the one already generated)
              import FILE    bulk-load an NDJSON file (one message per line) into the data directory
              help           this text

            flags (each overrides its environment variable):
              --port N           SEGMENTS_PORT       HTTP port, 0 picks a free one (default 8080)
              --host HOST        SEGMENTS_HOST       interface to bind (default 0.0.0.0)
              --data-dir DIR     SEGMENTS_DATA_DIR   where all state lives (default ./data, demo: ./demo-data)
              --write-key KEY    SEGMENTS_WRITE_KEY  ingestion key (default: generated, kept in the data dir)
              --admin-key KEY    SEGMENTS_ADMIN_KEY  key for /api (default: generated, kept in the data dir)
              --dedup-window N   SEGMENTS_DEDUP_WINDOW  messageIds of the last N messages are always
                                 remembered to drop retries (default 20000000, about 266 MB)
            """;

    public CommandLine {
        requireNonNull(command, "command is null");
        arguments = List.copyOf(arguments);
        requireNonNull(config, "config is null");
    }

    /** Parses {@code args} over the environment {@code env}; a usage error is an {@link IllegalArgumentException}. */
    public static CommandLine parse(String[] args, Map<String, String> env) {
        ServerConfig config = ServerConfig.fromEnvironment(env);
        boolean dataDirGiven = env.get("SEGMENTS_DATA_DIR") != null && !env.get("SEGMENTS_DATA_DIR").isBlank();
        boolean keep = false;
        String command = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                command = "help";
                continue;
            }
            if (!arg.startsWith("--")) {
                if (command == null) {
                    command = arg;
                } else {
                    positional.add(arg);
                }
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--keep")) {
                keep = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag " + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--port" -> config = config.withPort(ServerConfig.parsePort(value, "--port"));
                case "--host" -> config = config.withHost(value);
                case "--data-dir" -> {
                    config = config.withDataDir(Path.of(value));
                    dataDirGiven = true;
                }
                case "--write-key" -> config = config.withWriteKey(value);
                case "--admin-key" -> config = config.withAdminKey(value);
                case "--dedup-window" -> config = config.withDedupWindow(ServerConfig.parseDedupWindow(value, "--dedup-window"));
                default -> throw new IllegalArgumentException("unknown flag " + name);
            }
        }
        if (command == null) {
            command = "serve";
        }
        if (command.equals("demo") && !dataDirGiven) {
            config = config.withDataDir(Path.of("demo-data"));
        }
        return new CommandLine(command, positional, config, keep);
    }
}

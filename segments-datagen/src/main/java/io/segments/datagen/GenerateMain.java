package io.segments.datagen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Command line: {@code --users N --days D --seed S --out FILE [--end ISO] [--events-per-user X | --total-events N]
 * [--order time|user]}. {@code --out -} writes to standard output. Prints the counts (to standard error when
 * the data goes to standard output).
 */
public final class GenerateMain {
    private GenerateMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out, System.err));
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
        }
    }

    static String usage() {
        return "usage: GenerateMain --users N --days D --seed S --out FILE|- [--end 2026-12-01T00:00:00Z]"
                + " [--events-per-user X | --total-events N] [--order time|user]";
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        Generator.Builder builder = Generator.builder();
        String out = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                stdout.println(usage());
                return 0;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + flag);
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--users" -> builder.users(Integer.parseInt(value));
                    case "--days" -> builder.days(Integer.parseInt(value));
                    case "--seed" -> builder.seed(Long.parseLong(value));
                    case "--end" -> builder.end(Instant.parse(value));
                    case "--events-per-user" -> builder.eventsPerUser(Double.parseDouble(value));
                    case "--total-events" -> builder.totalEvents(Long.parseLong(value));
                    case "--order" -> builder.order(Order.valueOf(value.toUpperCase(Locale.ROOT)));
                    case "--out" -> out = value;
                    default -> throw new UsageException("unknown option " + flag);
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new UsageException("bad value for " + flag + ": " + value);
            } catch (IllegalArgumentException e) {
                throw new UsageException(flag + ": " + e.getMessage());
            }
        }
        if (out == null) {
            throw new UsageException("--out is required");
        }
        Generator generator;
        try {
            generator = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean toStdout = out.equals("-");
        PrintStream report = toStdout ? stderr : stdout;
        long started = System.nanoTime();
        GenerationSummary summary;
        try {
            if (toStdout) {
                OutputStream os = new BufferedOutputStream(stdout, 1 << 16);
                summary = generator.writeNdjson(os);
            } else {
                try (OutputStream os = Files.newOutputStream(Path.of(out))) {
                    summary = generator.writeNdjson(os);
                }
            }
        } catch (IOException e) {
            stderr.println("error: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.printf(Locale.ROOT, "users %d (anonymous visitors %d, of whom identified later %d)%n",
                summary.users(), summary.anonymousVisitors(), summary.identifiedLater());
        report.printf(Locale.ROOT, "period %s .. %s (%d days), order %s, seed %d%n",
                summary.start(), summary.end(), generator.days(), generator.order(), generator.seed());
        report.printf(Locale.ROOT, "messages %d: identify %d, track %d%n",
                summary.messages(), summary.identifies(), summary.tracks());
        for (Map.Entry<String, Long> e : summary.events().entrySet()) {
            report.printf(Locale.ROOT, "  %-15s %d%n", e.getKey(), e.getValue());
        }
        report.printf(Locale.ROOT, "bytes %d, %.2f s, %.0f messages/s, %.1f MB/s%n", summary.bytes(), seconds,
                summary.messages() / seconds, summary.bytes() / seconds / 1e6);
        return 0;
    }

    /** A wrong command line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

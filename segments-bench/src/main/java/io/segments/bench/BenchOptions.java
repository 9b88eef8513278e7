package io.segments.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The settings of one benchmark run, parsed from the command line of {@code bin/bench} ({@link #parse}).
 *
 * @param size           the data set's name: {@code S}, {@code L}, or {@code U<users>-E<events>} for other sizes;
 *                       its files live in {@code dir/size}
 * @param users          users to generate
 * @param events         track events to generate (about; the generator lands within a few percent)
 * @param days           days of history
 * @param runs           timed runs per figure, after the warm-up (one run, five when the first took under a second); figures are their median
 * @param fresh          rebuild the data set and every system's copy of it even when a complete one exists
 * @param postgres       run the PostgreSQL baseline
 * @param http           run the engine through its HTTP API (a server child process)
 * @param jmh            whether {@code bin/bench} runs the JMH micro-benchmarks afterwards (recorded in the results)
 * @param only           the workloads to run ({@code W1} ... {@code W7}), all when empty
 * @param ingestMessages the slice of messages W6 ingests
 * @param dir            where data sets and results live (default {@code target/bench})
 * @param serverJar      the server jar the HTTP workloads start
 */
public record BenchOptions(String size, int users, long events, int days, int runs, boolean fresh, boolean postgres,
                           boolean http, boolean jmh, Set<String> only, int ingestMessages, Path dir,
                           Path serverJar) {

    /** Every workload, in the order they are reported. */
    public static final List<String> WORKLOADS = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7");

    public static final String USAGE = """
            usage: bin/bench [--size S|L] [--users N --events N] [--runs 5] [--fresh] [--no-pg] [--no-http] [--no-jmh]
                             [--only W1,W3] [--ingest-messages 1000000] [--dir target/bench]
                             [--server-jar segments-server/target/segments-server.jar]
              --size S|L            S: 100,000 users, 10,000,000 events; L: 1,000,000 users, 100,000,000 events
                                    (90 days, seed 42)
              --users N --events N  another size (both needed), named U<users>-E<events>
              --runs N              timed runs per figure after one warm-up (default 5); figures are medians
              --fresh               rebuild the data set and every system's copy of it
              --no-pg               skip the PostgreSQL baseline
              --no-http             skip the engine's HTTP API
              --no-jmh              skip the JMH micro-benchmarks (bin/bench-jmh) at the end
              --only W1,W3          run only these workloads (W1..W7)
              --ingest-messages N   messages W6 ingests (default 1,000,000, at most the data set's)
              --dir DIR             where data sets and results live (default target/bench)
              --server-jar JAR      the server the HTTP workloads start
            """;

    public BenchOptions {
        requireNonNull(size, "size is null");
        only = Set.copyOf(requireNonNull(only, "only is null"));
        requireNonNull(dir, "dir is null");
        requireNonNull(serverJar, "serverJar is null");
        if (users < 1 || events < 0 || days < 1 || runs < 1 || ingestMessages < 1) {
            throw new IllegalArgumentException("users, days, runs and ingest messages must be positive, events not "
                    + "negative: users " + users + ", events " + events + ", days " + days + ", runs " + runs
                    + ", ingest messages " + ingestMessages);
        }
        for (String workload : only) {
            if (!WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("--only: unknown workload " + workload + " (known: "
                        + String.join(",", WORKLOADS) + ")");
            }
        }
    }

    /** Whether {@code workload} ({@code W1} ... {@code W7}) runs. */
    public boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    /** Where this size's data and results live. */
    public Path sizeDir() {
        return dir.resolve(size);
    }

    /**
     * Parses {@code args}; a usage error is an {@link IllegalArgumentException} whose message names the
     * offending argument. Paths are relative to the working directory.
     */
    public static BenchOptions parse(String... args) {
        String size = null;
        Integer users = null;
        Long events = null;
        int runs = 5;
        boolean fresh = false;
        boolean postgres = true;
        boolean http = true;
        boolean jmh = true;
        Set<String> only = new LinkedHashSet<>();
        int ingest = 1_000_000;
        Path dir = Path.of("target", "bench");
        Path jar = Path.of("segments-server", "target", "segments-server.jar");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--fresh" -> fresh = true;
                case "--no-pg" -> postgres = false;
                case "--no-http" -> http = false;
                case "--no-jmh" -> jmh = false;
                case "--size", "--users", "--events", "--runs", "--only", "--ingest-messages", "--dir",
                        "--server-jar" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    String value = args[++i];
                    switch (flag) {
                        case "--size" -> {
                            size = value.toUpperCase(Locale.ROOT);
                            if (!size.equals("S") && !size.equals("L")) {
                                throw new IllegalArgumentException("--size is S or L, not " + value);
                            }
                        }
                        case "--users" -> users = (int) number(flag, value, Integer.MAX_VALUE);
                        case "--events" -> events = number(flag, value, Long.MAX_VALUE);
                        case "--runs" -> runs = (int) number(flag, value, 1_000);
                        case "--ingest-messages" -> ingest = (int) number(flag, value, Integer.MAX_VALUE);
                        case "--only" -> {
                            for (String w : value.split(",")) {
                                String workload = w.trim().toUpperCase(Locale.ROOT);
                                if (!WORKLOADS.contains(workload)) {
                                    throw new IllegalArgumentException("--only: unknown workload '" + w.trim()
                                            + "' (known: " + String.join(",", WORKLOADS) + ")");
                                }
                                only.add(workload);
                            }
                        }
                        case "--dir" -> dir = Path.of(value);
                        default -> jar = Path.of(value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + flag + "\n" + USAGE);
            }
        }
        if ((users == null) != (events == null)) {
            throw new IllegalArgumentException("--users and --events go together");
        }
        if (users != null && size != null) {
            throw new IllegalArgumentException("give --size or --users/--events, not both");
        }
        if (users == null) {
            size = size == null ? "S" : size;
            users = size.equals("S") ? 100_000 : 1_000_000;
            events = size.equals("S") ? 10_000_000L : 100_000_000L;
        } else {
            size = "U" + users + "-E" + events;
        }
        return new BenchOptions(size, users, events, 90, runs, fresh, postgres, http, jmh, only, ingest, dir, jar);
    }

    private static long number(String flag, String value, long max) {
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, not '" + value + "'");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(flag + " must be from 1 to " + max + ", not " + value);
        }
        return n;
    }
}

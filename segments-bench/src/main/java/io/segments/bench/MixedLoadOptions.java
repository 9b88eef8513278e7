package io.segments.bench;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * The settings of one mixed-load run, parsed from the command line of {@code bin/bench-mixed} ({@link #parse}).
 *
 * @param users          users of the base store
 * @param events         track events of the base store (about)
 * @param days           days of history of the base store
 * @param ingestMessages messages ingested alone, then again while counts run
 * @param queryClients   clients counting at once
 * @param rounds         counts of every segment by each query client alone, before and again after the ingestion
 * @param fresh          load the base store again even when a complete one exists
 * @param dir            where runs live: the base store, logs and samples in {@code dir/mixed/U<users>-E<events>}
 * @param serverJar      the server to start
 * @param heap           the server's heap ({@code -Xmx})
 */
public record MixedLoadOptions(int users, long events, int days, int ingestMessages, int queryClients, int rounds,
                               boolean fresh, Path dir, Path serverJar, String heap) {

    public static final String USAGE = """
            usage: bin/bench-mixed [--users 50000] [--events 2000000] [--days 90] [--ingest-messages 2000000]
                                   [--query-clients 1] [--rounds 20] [--fresh] [--dir target/bench]
                                   [--server-jar segments-server/target/segments-server.jar] [--heap 4g]
              --users N --events N --days N  the base store (generated with seed 42, loaded once and reused)
              --ingest-messages N   messages ingested alone, then again while counts run (the next day of the same
                                    users, from 4 clients in batches of 500)
              --query-clients N     clients counting at once (default 1)
              --rounds N            counts of each segment per query client alone, before and after (default 20)
              --fresh               load the base store again
              --dir DIR             where runs live (default target/bench; this one in DIR/mixed/U<users>-E<events>)
              --server-jar JAR      the server to start
              --heap SIZE           the server's -Xmx (default 4g)
            """;

    public MixedLoadOptions {
        requireNonNull(dir, "dir is null");
        requireNonNull(serverJar, "serverJar is null");
        requireNonNull(heap, "heap is null");
        if (!heap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap is a size such as 4g, not '" + heap + "'");
        }
    }

    /** Where this base store's runs live. */
    public Path runDir() {
        return dir.resolve("mixed").resolve("U" + users + "-E" + events + (days == 90 ? "" : "-D" + days));
    }

    /** Parses {@code args}; a usage error is an {@link IllegalArgumentException} naming the argument. */
    public static MixedLoadOptions parse(String... args) {
        int users = 50_000;
        long events = 2_000_000;
        int days = 90;
        int ingest = 2_000_000;
        int queryClients = 1;
        int rounds = 20;
        boolean fresh = false;
        Path dir = Path.of("target", "bench");
        Path jar = Path.of("segments-server", "target", "segments-server.jar");
        String heap = "4g";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--fresh")) {
                fresh = true;
                continue;
            }
            if (!flag.startsWith("--") || !USAGE.contains(flag + " ")) {
                throw new IllegalArgumentException("unknown argument " + flag + "\n" + USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--users" -> users = (int) number(flag, value, Integer.MAX_VALUE);
                case "--events" -> events = number(flag, value, Long.MAX_VALUE);
                case "--days" -> days = (int) number(flag, value, 20_000);
                case "--ingest-messages" -> ingest = (int) number(flag, value, Integer.MAX_VALUE);
                case "--query-clients" -> queryClients = (int) number(flag, value, 64);
                case "--rounds" -> rounds = (int) number(flag, value, 100_000);
                case "--dir" -> dir = Path.of(value);
                case "--server-jar" -> jar = Path.of(value);
                case "--heap" -> heap = value;
                default -> throw new IllegalArgumentException("unknown argument " + flag + "\n" + USAGE);
            }
        }
        return new MixedLoadOptions(users, events, days, ingest, queryClients, rounds, fresh, dir, jar, heap);
    }

    private static long number(String flag, String value, long max) {
        long n;
        try {
            n = Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, not '" + value + "'");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(flag + " must be from 1 to " + max + ", not " + value);
        }
        return n;
    }
}

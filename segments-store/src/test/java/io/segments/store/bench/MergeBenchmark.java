package io.segments.store.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.store.Ingestor;
import io.segments.store.Message;
import io.segments.store.MessageParser;
import io.segments.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What identity merges and duplicate checks cost on a large store: {@code users} users (half of them
 * anonymous) with {@code events} events, built directly in SQL. Each measurement submits one batch and
 * waits for its commit; the baseline is a batch of as many plain track messages of known users, so the
 * ratio is the price of the merge (moving events with one {@code UPDATE ... FROM} per commit) or of the
 * exact duplicate check (a scan of {@code message_ids.h}).
 *
 * <p>Run: {@code mvn -o -q -pl segments-store test-compile
 * org.codehaus.mojo:exec-maven-plugin:3.6.4:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.segments.store.bench.MergeBenchmark -Dexec.args="10000000 1000000"}.
 */
public final class MergeBenchmark {
    private static final MessageParser PARSER = new MessageParser();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Milliseconds per commit of a batch of {@code size} messages of each kind, and the state load time. */
    public record Report(long events, int users, double openSeconds, List<Row> rows, long eventsAfter,
                         long mergedUsers) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format(
                    "store: %,d events, %,d users (half anonymous); open + load ingestion state: %.2f s%n",
                    events, users, openSeconds));
            s.append("  batch   plain track   merges (anon -> known)   ratio   resent duplicates   ratio\n");
            for (Row r : rows) {
                s.append(String.format("  %5d   %8.1f ms   %8.1f ms %15.2f   %8.1f ms %10.2f%n", r.size(), r.plainMillis(),
                        r.mergeMillis(), r.mergeMillis() / r.plainMillis(), r.duplicateMillis(),
                        r.duplicateMillis() / r.plainMillis()));
            }
            return s.toString();
        }
    }

    /** One batch size: median commit latency of plain, merging and duplicate batches. */
    public record Row(int size, double plainMillis, double mergeMillis, double duplicateMillis) {
    }

    private MergeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path work = Files.createTempDirectory("segments-merge-bench");
        try {
            System.out.println(run(work, events, users, new int[] {1, 100, 1000}, 5));
        } finally {
            IngestBenchmark.deleteRecursively(work);
        }
    }

    public static Report run(Path work, long events, int users, int[] sizes, int repetitions) throws Exception {
        if (users % 2 != 0 || (long) users / 2 < (long) repetitions * sum(sizes)) {
            throw new IllegalArgumentException("need an even number of users, enough for every merge");
        }
        Path dir = work.resolve("data");
        try (Store store = Store.open(dir)) {
            store.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("BEGIN TRANSACTION");
                    s.execute("INSERT INTO users (uid, user_id, traits, merged_into, created_at, updated_at, anonymous)"
                            + " SELECT i::INTEGER, CASE WHEN i % 2 = 0 THEN 'u' ELSE 'a' END || i, '{\"plan\":\"free\"}',"
                            + " NULL, 0, 0, i % 2 = 1 FROM range(" + users + ") t(i)");
                    s.execute("INSERT INTO identities SELECT user_id, uid FROM users");
                    s.execute("INSERT INTO events_recent (uid, name, ts, props) SELECT (i % " + users + ")::INTEGER, 'Product Viewed', 1700000000000 + i * 1000,"
                            + " '{\"price\":' || (i % 500) || '}' FROM range(" + events + ") t(i)");
                    s.execute("INSERT INTO message_ids SELECT (hash(m) // 2 + 1)::BIGINT, (hash(m || '#') // 2)::BIGINT"
                            + " FROM (SELECT 'seed-' || i AS m FROM range(" + events + ") t(i))");
                    // rows written past ingestion: the next open catalogues their keys and fills their typed slots
                    s.execute("UPDATE typed_state SET state = 'pending'");
                    s.execute("COMMIT");
                    s.execute("CHECKPOINT");
                }
                return null;
            });
        }

        long started = System.nanoTime();
        try (Store store = Store.open(dir)) {
            Ingestor ingestor = store.ingestor();
            double open = (System.nanoTime() - started) / 1e9;
            List<Row> rows = new ArrayList<>();
            int nextPair = 0;
            int batch = 0;
            long merged = 0;
            for (int size : sizes) {
                double[] plain = new double[repetitions];
                double[] merge = new double[repetitions];
                double[] duplicate = new double[repetitions];
                for (int r = 0; r < repetitions; r++) {
                    List<Message> plainBatch = new ArrayList<>();
                    List<Message> mergeBatch = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        int known = 2 * nextPair;
                        plainBatch.add(message("{\"type\":\"track\",\"userId\":\"u" + known + "\",\"event\":\"E\","
                                + "\"messageId\":\"p" + batch + "-" + i + "\"}"));
                        mergeBatch.add(message("{\"type\":\"identify\",\"userId\":\"u" + known + "\",\"anonymousId\":\"a"
                                + (known + 1) + "\",\"messageId\":\"j" + batch + "-" + i + "\"}"));
                        nextPair++;
                    }
                    batch++;
                    plain[r] = timed(ingestor, plainBatch);
                    merge[r] = timed(ingestor, mergeBatch);
                    duplicate[r] = timed(ingestor, plainBatch);
                    merged += size;
                }
                rows.add(new Row(size, median(plain), median(merge), median(duplicate)));
            }
            long eventsAfter = count(store, "SELECT count(*) FROM events");
            long mergedUsers = count(store, "SELECT count(*) FROM users WHERE merged_into IS NOT NULL");
            long onMerged = count(store, "SELECT count(*) FROM events e JOIN users u USING (uid) WHERE u.merged_into IS NOT NULL");
            if (mergedUsers != merged || onMerged != 0) {
                throw new IllegalStateException("merges were not applied: " + mergedUsers + " merged, " + onMerged + " events left");
            }
            return new Report(events, users, open, rows, eventsAfter, mergedUsers);
        }
    }

    private static double timed(Ingestor ingestor, List<Message> batch) throws Exception {
        long started = System.nanoTime();
        ingestor.submit(batch).get(5, TimeUnit.MINUTES);
        return (System.nanoTime() - started) / 1e6;
    }

    private static Message message(String json) throws Exception {
        return PARSER.parse(MAPPER.readTree(json), System.currentTimeMillis(), "$");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    private static long count(Store store, String sql) {
        return store.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

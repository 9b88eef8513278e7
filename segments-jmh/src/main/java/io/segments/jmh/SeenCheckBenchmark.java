package io.segments.jmh;

import io.segments.store.internal.FingerprintWindow;
import io.segments.store.internal.Hashes;
import io.segments.store.internal.LongHashSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The idempotency check of ingestion: whether a batch's message ids were stored before, asked of the first
 * fingerprint halves of the last {@code stored} ids, as the writer does with the fingerprints computed on
 * submission: in the deduplication window ({@link FingerprintWindow}, filled in groups of 50,000 as the writer
 * fills it, so its 8 generations are all there), and in the set of every stored id the writer kept before the
 * window ({@link LongHashSet}). Every tenth id of the batch is a re-sent one. The baseline is the plain Java way:
 * a {@code HashSet<String>} of the ids themselves. Times are per id.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@OperationsPerInvocation(SeenCheckBenchmark.BATCH)
public class SeenCheckBenchmark {
    public static final int BATCH = 500;
    /** Every {@value}-th id of the batch was stored before. */
    static final int RESENT_EVERY = 10;
    /** Messages per group commit, as the writer's. */
    static final int GROUP = 50_000;

    /** The stored ids (as fingerprints and as strings) and a batch to check. */
    @State(Scope.Benchmark)
    public static class Stored {
        @Param("1000000")
        public int stored;

        String[] batch;
        long[] batchHashes;
        LongHashSet hashes;
        FingerprintWindow window;
        Set<String> ids;

        @Setup
        public void setup() {
            Random random = new Random(7);
            String[] storedIds = FingerprintBenchmark.randomIds(random, stored);
            hashes = new LongHashSet(stored);
            window = FingerprintWindow.of(stored, GROUP);
            ids = new HashSet<>();
            for (int i = 0; i < stored; i++) {
                if (i % GROUP == 0 && window.due()) {
                    window.advanceTo(window.generation() + 1);
                }
                hashes.add(Hashes.hash64(storedIds[i]));
                window.add(Hashes.hash64(storedIds[i]));
                ids.add(storedIds[i]);
            }
            batch = FingerprintBenchmark.randomIds(random, BATCH);
            for (int i = 0; i < BATCH; i += RESENT_EVERY) {
                batch[i] = new String(storedIds[random.nextInt(stored)].toCharArray());
            }
            batchHashes = new long[BATCH];
            for (int i = 0; i < BATCH; i++) {
                batchHashes[i] = Hashes.hash64(batch[i]);
                batch[i].hashCode(); // a received id's hash is computed once, on arrival
            }
        }
    }

    /** How many of the batch's ids may have been stored (their first half is in the window). */
    @Benchmark
    public int fingerprintWindow(Stored s) {
        int candidates = 0;
        for (long h : s.batchHashes) {
            if (s.window.ages(h) != 0) {
                candidates++;
            }
        }
        return candidates;
    }

    /** How many of the batch's ids may have been stored (their first half is in the set of every stored id). */
    @Benchmark
    public int fingerprintSet(Stored s) {
        int candidates = 0;
        for (long h : s.batchHashes) {
            if (s.hashes.contains(h)) {
                candidates++;
            }
        }
        return candidates;
    }

    /** How many of the batch's ids are in a set of the stored ids. */
    @Benchmark
    public int baselineStringSet(Stored s) {
        int seen = 0;
        for (String id : s.batch) {
            if (s.ids.contains(id)) {
                seen++;
            }
        }
        return seen;
    }
}

package io.segments.jmh;

import io.segments.store.internal.Hashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The 128-bit fingerprint of a messageId that ingestion computes for every message before the writer sees
 * it ({@link Hashes#hash64} and {@link Hashes#check64}), over a batch of {@value #BATCH} UUID message ids
 * as SDKs send them. The baseline is the usual 128-bit digest, MD5 of the id's UTF-8 bytes. Times are
 * per id.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@OperationsPerInvocation(FingerprintBenchmark.BATCH)
public class FingerprintBenchmark {
    public static final int BATCH = 500;

    /** A batch of message ids and a digest to compute the baseline with. */
    @State(Scope.Thread)
    public static class Ids {
        String[] ids;
        MessageDigest md5;

        @Setup
        public void setup() throws NoSuchAlgorithmException {
            ids = randomIds(new Random(42), BATCH);
            md5 = MessageDigest.getInstance("MD5");
        }
    }

    /** {@code n} random UUIDs as text, the form of most SDKs' message ids. */
    static String[] randomIds(Random random, int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        return ids;
    }

    /** Both halves of every id's fingerprint, folded into one value so that none is optimized away. */
    @Benchmark
    public long fingerprint(Ids s) {
        long folded = 0;
        for (String id : s.ids) {
            folded = folded * 31 + Hashes.hash64(id);
            folded = folded * 31 + Hashes.check64(id);
        }
        return folded;
    }

    /** The first 8 bytes of every id's MD5 digest, folded the same way. */
    @Benchmark
    public long baselineMd5(Ids s) {
        long folded = 0;
        for (String id : s.ids) {
            byte[] digest = s.md5.digest(id.getBytes(StandardCharsets.UTF_8));
            long first = 0;
            for (int i = 0; i < 8; i++) {
                first = first << 8 | (digest[i] & 0xFF);
            }
            folded = folded * 31 + first;
        }
        return folded;
    }
}

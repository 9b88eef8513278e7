package io.segments.jmh;

import io.segments.engine.SegmentEngine;
import io.segments.jmh.internal.Members;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;

/**
 * Collecting a segment's members into the bitmap that counts, member pages and reachability are served
 * from: one {@link RoaringBitmap#add(int)} per uid of the members query's rows, in the arbitrary order
 * the query returns them (what {@link SegmentEngine#members} does with its result set). {@code density}
 * is the share of the {@code users} that are members. Beside it, the same rows buffered in an array and
 * turned into a bitmap at once ({@link RoaringBitmap#bitmapOfUnordered}). The baseline is a {@link BitSet}
 * over all users.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class MemberCollectBenchmark {
    /** The members' uids in query order. */
    @State(Scope.Benchmark)
    public static class Rows {
        @Param("1000000")
        public int users;
        @Param({"0.02", "0.5"})
        public double density;

        int[] uids;

        @Setup
        public void setup() {
            uids = Members.shuffled(users, density, 5);
        }
    }

    @Benchmark
    public RoaringBitmap roaring(Rows rows) {
        RoaringBitmap members = new RoaringBitmap();
        for (int uid : rows.uids) {
            members.add(uid);
        }
        return members;
    }

    @Benchmark
    public RoaringBitmap roaringBuffered(Rows rows) {
        int[] buffer = new int[1024];
        int n = 0;
        for (int uid : rows.uids) {
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, n * 2);
            }
            buffer[n++] = uid;
        }
        return RoaringBitmap.bitmapOfUnordered(Arrays.copyOf(buffer, n));
    }

    @Benchmark
    public BitSet baselineBitSet(Rows rows) {
        BitSet members = new BitSet(rows.users);
        for (int uid : rows.uids) {
            members.set(uid);
        }
        return members;
    }
}

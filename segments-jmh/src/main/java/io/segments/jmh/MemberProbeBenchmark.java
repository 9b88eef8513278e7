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

import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The bitmap side of reachability ({@link SegmentEngine#reach}): for every user row of the reachability
 * query, in uid order, whether the user is a member, and if so which channels reach them. {@code density}
 * is the share of the {@code users} that are members. The baseline asks a {@link BitSet} of the same
 * members.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class MemberProbeBenchmark {
    /** A segment's members, and each user's channels as three bits (email, SMS, push). */
    @State(Scope.Benchmark)
    public static class Reach {
        @Param("1000000")
        public int users;
        @Param({"0.02", "0.5"})
        public double density;

        RoaringBitmap members;
        BitSet membersBitSet;
        byte[] channels;

        @Setup
        public void setup() {
            int[] uids = Members.shuffled(users, density, 5);
            members = RoaringBitmap.bitmapOf(uids);
            membersBitSet = new BitSet(users);
            for (int uid : uids) {
                membersBitSet.set(uid);
            }
            Random random = new Random(9);
            channels = new byte[users];
            random.nextBytes(channels);
        }
    }

    /** Members reachable per channel, packed: email in bits 0-20, SMS in 21-41, push in 42-62. */
    @Benchmark
    public long roaring(Reach r) {
        long counts = 0;
        for (int uid = 0; uid < r.users; uid++) {
            if (r.members.contains(uid)) {
                counts += packed(r.channels[uid]);
            }
        }
        return counts;
    }

    @Benchmark
    public long baselineBitSet(Reach r) {
        long counts = 0;
        for (int uid = 0; uid < r.users; uid++) {
            if (r.membersBitSet.get(uid)) {
                counts += packed(r.channels[uid]);
            }
        }
        return counts;
    }

    /** One user's channels as one count in each channel's field. */
    static long packed(byte channels) {
        return (channels & 1) + ((long) (channels >> 1 & 1) << 21) + ((long) (channels >> 2 & 1) << 42);
    }
}

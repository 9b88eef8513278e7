package io.segments.jmh;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MemberCollectBenchmark} and {@link MemberProbeBenchmark} compute the member set and reach counts. */
class MemberBitmapBenchmarksTest {
    @Test
    void collectingGivesExactlyTheMembers() {
        MemberCollectBenchmark.Rows rows = new MemberCollectBenchmark.Rows();
        rows.users = 50_000;
        rows.density = 0.3;
        rows.setup();
        int[] sorted = rows.uids.clone();
        Arrays.sort(sorted);
        assertThat(sorted).as("members are distinct users").doesNotHaveDuplicates();
        assertThat(rows.uids).as("rows come in no particular order").isNotEqualTo(sorted);
        assertThat(sorted.length).isBetween(14_000, 16_000);

        MemberCollectBenchmark benchmark = new MemberCollectBenchmark();
        RoaringBitmap roaring = benchmark.roaring(rows);
        assertThat(roaring.toArray()).isEqualTo(sorted);
        assertThat(benchmark.roaringBuffered(rows)).isEqualTo(roaring);
        BitSet bitSet = benchmark.baselineBitSet(rows);
        assertThat(bitSet.stream().toArray()).isEqualTo(sorted);
    }

    @Test
    void probingCountsTheReachableMembersPerChannel() {
        MemberProbeBenchmark.Reach reach = new MemberProbeBenchmark.Reach();
        reach.users = 50_000;
        reach.density = 0.3;
        reach.setup();
        Set<Integer> members = new HashSet<>();
        reach.members.forEach((int uid) -> members.add(uid));
        long[] expected = new long[3];
        for (int uid = 0; uid < reach.users; uid++) {
            if (members.contains(uid)) {
                for (int c = 0; c < 3; c++) {
                    if ((reach.channels[uid] & (1 << c)) != 0) {
                        expected[c]++;
                    }
                }
            }
        }
        assertThat(expected[0]).isPositive();
        MemberProbeBenchmark benchmark = new MemberProbeBenchmark();
        long packed = benchmark.roaring(reach);
        assertThat(new long[] {packed & 0x1FFFFF, packed >>> 21 & 0x1FFFFF, packed >>> 42}).isEqualTo(expected);
        assertThat(benchmark.baselineBitSet(reach)).isEqualTo(packed);
    }
}

package io.segments.jmh;

import io.segments.datagen.Generator;
import io.segments.store.internal.Hashes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FingerprintBenchmark} computes fingerprints that identify ids: equal ids give equal fingerprints,
 * different ids (random UUIDs and the generator's sequential ids) different ones.
 */
class FingerprintBenchmarkTest {
    @Test
    void equalIdsHaveEqualFingerprintsAndChangingOneIdChangesTheBatchsValue() {
        FingerprintBenchmark.Ids state = setup();
        FingerprintBenchmark benchmark = new FingerprintBenchmark();
        long fingerprint = benchmark.fingerprint(state);
        long md5 = benchmark.baselineMd5(state);

        String[] original = state.ids;
        state.ids = copies(original);
        assertThat(benchmark.fingerprint(state)).isEqualTo(fingerprint);
        assertThat(benchmark.baselineMd5(state)).isEqualTo(md5);

        state.ids[123] = state.ids[123].substring(0, 35) + (state.ids[123].endsWith("0") ? "1" : "0");
        assertThat(benchmark.fingerprint(state)).isNotEqualTo(fingerprint);
        assertThat(benchmark.baselineMd5(state)).isNotEqualTo(md5);
    }

    @Test
    void differentIdsHaveDifferentFingerprints() {
        List<String> ids = new ArrayList<>(List.of(setup().ids));
        ids.addAll(List.of(FingerprintBenchmark.randomIds(new Random(1), 3000)));
        Generator.builder().users(100).days(10).seed(5).build().forEachMessage(m -> ids.add(m.messageId()));
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).as("the ids are distinct").hasSize(ids.size()).hasSizeGreaterThan(5000);

        Set<Long> first = new HashSet<>();
        Set<Long> second = new HashSet<>();
        for (String id : ids) {
            long h = Hashes.hash64(id);
            long h2 = Hashes.check64(id);
            assertThat(h).isEqualTo(Hashes.hash64(new String(id.toCharArray())));
            assertThat(h2).isEqualTo(Hashes.check64(new String(id.toCharArray())));
            first.add(h);
            second.add(h2);
        }
        assertThat(first).hasSize(ids.size());
        assertThat(second).hasSize(ids.size());
    }

    private static FingerprintBenchmark.Ids setup() {
        FingerprintBenchmark.Ids state = new FingerprintBenchmark.Ids();
        try {
            state.setup();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        assertThat(state.ids).hasSize(FingerprintBenchmark.BATCH);
        return state;
    }

    private static String[] copies(String[] ids) {
        String[] copies = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            copies[i] = new String(ids[i].toCharArray());
        }
        return copies;
    }
}

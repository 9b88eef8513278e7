package io.segments.store.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HashesTest {
    @Test
    void hashesNeverChangeBecauseTheyArePersisted() {
        // message_ids holds these values: another function would make every stored messageId look new
        assertThat(Hashes.hash64("m1")).isEqualTo(1232671289987138415L);
        assertThat(Hashes.check64("m1")).isEqualTo(3352515867499960286L);
        assertThat(Hashes.hash64("2b0c6a52-6f0e-4c5f-9d8e-1c2b3a4d5e6f")).isEqualTo(5035706513077886613L);
        assertThat(Hashes.check64("2b0c6a52-6f0e-4c5f-9d8e-1c2b3a4d5e6f")).isEqualTo(8964578922541266638L);
        assertThat(Hashes.hash64(42, "tok")).isEqualTo(-3373979642054334734L);
    }

    @Test
    void manyIdsGetDistinctHashesFromBothFunctions() {
        Set<Long> first = new HashSet<>();
        Set<Long> second = new HashSet<>();
        Set<Long> sequential = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String uuid = UUID.randomUUID().toString();
            assertThat(first.add(Hashes.hash64(uuid))).isTrue();
            assertThat(second.add(Hashes.check64(uuid))).isTrue();
            assertThat(sequential.add(Hashes.hash64("msg-" + i))).isTrue();
            assertThat(Hashes.hash64(uuid)).isNotZero();
        }
        assertThat(Hashes.hash64(7, "t")).isNotEqualTo(Hashes.hash64(8, "t")).isNotEqualTo(Hashes.hash64("t"));
    }
}

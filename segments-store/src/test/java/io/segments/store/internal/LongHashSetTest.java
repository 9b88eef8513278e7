package io.segments.store.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongHashSetTest {
    @Property(tries = 200)
    void behavesLikeAHashSet(@ForAll @Size(max = 3000) List<@LongRange(min = -500, max = 500) Long> adds,
                             @ForAll @Size(max = 200) List<Long> probes) {
        LongHashSet set = new LongHashSet(4);
        Set<Long> expected = new HashSet<>();
        for (long v : adds) {
            if (v == 0) {
                assertThatThrownBy(() -> set.add(0)).isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            assertThat(set.add(v)).isEqualTo(expected.add(v));
        }
        assertThat(set.size()).isEqualTo(expected.size());
        for (long v : adds) {
            if (v != 0) {
                assertThat(set.contains(v)).isTrue();
            }
        }
        for (long v : probes) {
            if (v != 0) {
                assertThat(set.contains(v)).isEqualTo(expected.contains(v));
            }
        }
        set.clear();
        assertThat(set.size()).isZero();
        for (long v : expected) {
            assertThat(set.contains(v)).isFalse();
        }
    }
}

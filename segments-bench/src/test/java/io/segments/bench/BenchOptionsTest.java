package io.segments.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {
    @Test
    void withoutArgumentsItIsSizeSWithEverySystemAndFiveRuns() {
        BenchOptions o = BenchOptions.parse();
        assertThat(o.size()).isEqualTo("S");
        assertThat(o.users()).isEqualTo(100_000);
        assertThat(o.events()).isEqualTo(10_000_000L);
        assertThat(o.days()).isEqualTo(90);
        assertThat(o.runs()).isEqualTo(5);
        assertThat(o.postgres()).isTrue();
        assertThat(o.http()).isTrue();
        assertThat(o.jmh()).isTrue();
        assertThat(o.fresh()).isFalse();
        assertThat(o.ingestMessages()).isEqualTo(1_000_000);
        assertThat(o.sizeDir()).isEqualTo(Path.of("target", "bench", "S"));
        assertThat(BenchOptions.WORKLOADS).allMatch(o::runs);
    }

    @Test
    void sizeLIsAMillionUsersAndAHundredMillionEvents() {
        BenchOptions o = BenchOptions.parse("--size", "l");
        assertThat(o.size()).isEqualTo("L");
        assertThat(o.users()).isEqualTo(1_000_000);
        assertThat(o.events()).isEqualTo(100_000_000L);
    }

    @Test
    void usersAndEventsNameTheirOwnSize() {
        BenchOptions o = BenchOptions.parse("--users", "5000", "--events", "500_000", "--dir", "/tmp/b");
        assertThat(o.size()).isEqualTo("U5000-E500000");
        assertThat(o.users()).isEqualTo(5_000);
        assertThat(o.events()).isEqualTo(500_000L);
        assertThat(o.sizeDir()).isEqualTo(Path.of("/tmp/b", "U5000-E500000"));
    }

    @Test
    void flagsAndOnlyAreRead() {
        BenchOptions o = BenchOptions.parse("--runs", "7", "--fresh", "--no-pg", "--no-http", "--no-jmh", "--only",
                "w1, W3", "--ingest-messages", "2000", "--server-jar", "x.jar");
        assertThat(o.runs()).isEqualTo(7);
        assertThat(o.fresh()).isTrue();
        assertThat(o.postgres()).isFalse();
        assertThat(o.http()).isFalse();
        assertThat(o.jmh()).isFalse();
        assertThat(o.only()).isEqualTo(Set.of("W1", "W3"));
        assertThat(o.runs("W1")).isTrue();
        assertThat(o.runs("W2")).isFalse();
        assertThat(o.ingestMessages()).isEqualTo(2_000);
        assertThat(o.serverJar()).isEqualTo(Path.of("x.jar"));
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> BenchOptions.parse("--size", "M")).hasMessageContaining("--size is S or L");
        assertThatThrownBy(() -> BenchOptions.parse("--users", "10")).hasMessageContaining("--users and --events");
        assertThatThrownBy(() -> BenchOptions.parse("--size", "S", "--users", "10", "--events", "10"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> BenchOptions.parse("--only", "W1,W9")).hasMessageContaining("unknown workload 'W9'");
        assertThatThrownBy(() -> BenchOptions.parse("--runs", "0")).hasMessageContaining("--runs must be from 1");
        assertThatThrownBy(() -> BenchOptions.parse("--runs", "five")).hasMessageContaining("--runs needs a whole number");
        assertThatThrownBy(() -> BenchOptions.parse("--runs")).hasMessageContaining("--runs needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--verbose")).hasMessageContaining("unknown argument --verbose");
    }
}

package io.segments.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MixedLoadOptionsTest {
    @Test
    void without_arguments_it_is_two_million_events_two_million_messages_and_one_query_client() {
        MixedLoadOptions o = MixedLoadOptions.parse();

        assertThat(o.users()).isEqualTo(50_000);
        assertThat(o.events()).isEqualTo(2_000_000L);
        assertThat(o.days()).isEqualTo(90);
        assertThat(o.ingestMessages()).isEqualTo(2_000_000);
        assertThat(o.queryClients()).isEqualTo(1);
        assertThat(o.rounds()).isEqualTo(20);
        assertThat(o.fresh()).isFalse();
        assertThat(o.heap()).isEqualTo("4g");
        assertThat(o.runDir()).isEqualTo(Path.of("target", "bench", "mixed", "U50000-E2000000"));
    }

    @Test
    void every_option_is_read() {
        MixedLoadOptions o = MixedLoadOptions.parse("--users", "1000", "--events", "50_000", "--days", "30",
                "--ingest-messages", "10,000", "--query-clients", "2", "--rounds", "3", "--fresh", "--dir", "/tmp/m",
                "--server-jar", "/tmp/s.jar", "--heap", "2g");

        assertThat(o).isEqualTo(new MixedLoadOptions(1_000, 50_000, 30, 10_000, 2, 3, true, Path.of("/tmp/m"),
                Path.of("/tmp/s.jar"), "2g"));
        assertThat(o.runDir()).isEqualTo(Path.of("/tmp/m", "mixed", "U1000-E50000-D30"));
    }

    @Test
    void a_bad_argument_is_named() {
        assertThatThrownBy(() -> MixedLoadOptions.parse("--size", "S")).hasMessageContaining("unknown argument --size");
        assertThatThrownBy(() -> MixedLoadOptions.parse("--rounds")).hasMessageContaining("--rounds needs a value");
        assertThatThrownBy(() -> MixedLoadOptions.parse("--rounds", "0")).hasMessageContaining("--rounds must be from 1");
        assertThatThrownBy(() -> MixedLoadOptions.parse("--users", "many")).hasMessageContaining("'many'");
        assertThatThrownBy(() -> MixedLoadOptions.parse("--heap", "lots")).hasMessageContaining("--heap");
    }
}

package io.segments.server.internal;

import io.segments.server.ServerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's command line: environment variables first, flags over them. */
class CommandLineTest {
    @Test
    void defaults_without_environment_or_flags() {
        CommandLine line = CommandLine.parse(new String[0], Map.of());

        assertThat(line.command()).isEqualTo("serve");
        assertThat(line.config()).isEqualTo(new ServerConfig("0.0.0.0", 8080, Path.of("data"), Optional.empty(), Optional.empty()));
    }

    @Test
    void environment_variables_configure_the_server() {
        CommandLine line = CommandLine.parse(new String[]{"serve"}, Map.of(
                "SEGMENTS_PORT", "0", "SEGMENTS_DATA_DIR", "/var/lib/segments", "SEGMENTS_HOST", "127.0.0.1",
                "SEGMENTS_WRITE_KEY", "wk_1", "SEGMENTS_ADMIN_KEY", "ak_1"));

        assertThat(line.config()).isEqualTo(new ServerConfig("127.0.0.1", 0, Path.of("/var/lib/segments"),
                Optional.of("wk_1"), Optional.of("ak_1")));
    }

    @Test
    void flags_override_environment_variables_in_both_spellings() {
        CommandLine line = CommandLine.parse(new String[]{"serve", "--port", "9000", "--data-dir=/tmp/d",
                "--write-key", "wk_flag", "--admin-key=ak_flag", "--host", "::1"}, Map.of(
                "SEGMENTS_PORT", "0", "SEGMENTS_DATA_DIR", "/env", "SEGMENTS_WRITE_KEY", "wk_env"));

        assertThat(line.config()).isEqualTo(new ServerConfig("::1", 9000, Path.of("/tmp/d"),
                Optional.of("wk_flag"), Optional.of("ak_flag")));
    }

    @Test
    void import_takes_its_file_as_argument() {
        CommandLine line = CommandLine.parse(new String[]{"import", "events.ndjson", "--data-dir", "d"}, Map.of());

        assertThat(line.command()).isEqualTo("import");
        assertThat(line.arguments()).containsExactly("events.ndjson");
        assertThat(line.config().dataDir()).isEqualTo(Path.of("d"));
    }

    @Test
    void demo_uses_its_own_directory_unless_one_is_given() {
        assertThat(CommandLine.parse(new String[]{"demo"}, Map.of()).config().dataDir()).isEqualTo(Path.of("demo-data"));
        assertThat(CommandLine.parse(new String[]{"demo"}, Map.of("SEGMENTS_DATA_DIR", "x")).config().dataDir())
                .isEqualTo(Path.of("x"));
        assertThat(CommandLine.parse(new String[]{"demo", "--data-dir", "y", "--keep"}, Map.of()))
                .satisfies(l -> {
                    assertThat(l.config().dataDir()).isEqualTo(Path.of("y"));
                    assertThat(l.keep()).isTrue();
                });
    }

    @Test
    void bad_input_is_a_usage_error_that_names_it() {
        for (List<String> args : List.of(List.of("serve", "--port", "http"), List.of("serve", "--port", "70000"),
                List.of("serve", "--port"), List.of("serve", "--colour", "red"),
                List.of("serve", "--write-key", "same", "--admin-key", "same"), List.of("serve", "--write-key", "a:b"))) {
            assertThatThrownBy(() -> CommandLine.parse(args.toArray(String[]::new), Map.of()))
                    .as(String.join(" ", args))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageFindingMatch("port|flag|key");
        }
        assertThatThrownBy(() -> CommandLine.parse(new String[0], Map.of("SEGMENTS_PORT", "eighty")))
                .hasMessageContaining("SEGMENTS_PORT");
    }

    @Test
    void the_deduplication_window_is_a_number_of_messages_from_its_variable_or_flag() {
        assertThat(CommandLine.parse(new String[]{"serve"}, Map.of()).config().dedupWindow()).isEqualTo(20_000_000);
        assertThat(CommandLine.parse(new String[]{"serve"}, Map.of("SEGMENTS_DEDUP_WINDOW", "5000000"))
                .config().dedupWindow()).isEqualTo(5_000_000);
        assertThat(CommandLine.parse(new String[]{"import", "f.ndjson", "--dedup-window=100000000"},
                Map.of("SEGMENTS_DEDUP_WINDOW", "5000000")).config().dedupWindow()).isEqualTo(100_000_000);

        assertThatThrownBy(() -> CommandLine.parse(new String[0], Map.of("SEGMENTS_DEDUP_WINDOW", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SEGMENTS_DEDUP_WINDOW").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> CommandLine.parse(new String[]{"serve", "--dedup-window", "6"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dedup-window").hasMessageContaining("between 7 and 1000000000");
    }
}

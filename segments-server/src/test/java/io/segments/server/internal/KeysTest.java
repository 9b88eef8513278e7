package io.segments.server.internal;

import io.segments.server.ServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys not configured are generated at first start, kept in the data directory and reused. */
class KeysTest {
    private final Path dir = ServerExtension.newTempDir("segments-keys");

    @AfterEach
    void cleanUp() {
        ServerExtension.deleteRecursively(dir);
    }

    @Test
    void generated_keys_are_kept_and_reused() {
        Keys first = Keys.resolve(dir, Optional.empty(), Optional.empty());
        Keys second = Keys.resolve(dir, Optional.empty(), Optional.empty());

        assertThat(first.writeKey()).startsWith("wk_").hasSize(35);
        assertThat(first.adminKey()).startsWith("ak_").hasSize(35);
        assertThat(second).isEqualTo(first);
        assertThat(first.writeFromFile()).isTrue();
        assertThat(first.adminFromFile()).isTrue();
    }

    @Test
    void the_keys_file_is_readable_by_its_owner_only() throws Exception {
        Keys.resolve(dir, Optional.empty(), Optional.empty());

        assertThat(Files.getPosixFilePermissions(dir.resolve(Keys.FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void a_configured_key_wins_and_the_other_is_still_generated() {
        Keys keys = Keys.resolve(dir, Optional.of("wk_mine"), Optional.empty());

        assertThat(keys.writeKey()).isEqualTo("wk_mine");
        assertThat(keys.writeFromFile()).isFalse();
        assertThat(keys.adminKey()).startsWith("ak_");
        assertThat(Keys.resolve(dir, Optional.empty(), Optional.empty()).adminKey()).isEqualTo(keys.adminKey());
    }

    @Test
    void keys_are_compared_exactly() {
        assertThat(Keys.matches("wk_abc", "wk_abc")).isTrue();
        assertThat(Keys.matches("wk_ab", "wk_abc")).isFalse();
        assertThat(Keys.matches("wk_abcd", "wk_abc")).isFalse();
        assertThat(Keys.matches(null, "wk_abc")).isFalse();
        assertThat(Keys.generate("wk_")).isNotEqualTo(Keys.generate("wk_"));
    }
}

package io.segments.engine.sql;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parameters written into a DuckDB query as typed constants: every placeholder outside quotes replaced, a reused
 * placeholder everywhere, quotes in strings doubled, and what cannot be a constant left a parameter, renumbered;
 * the query answers what it answered with parameters, also for strings made to break out of their quotes.
 */
class DuckDbConstantsTest {
    @Test
    void placeholdersBecomeTypedConstantsAndTheRestAreRenumbered() {
        CompiledQuery q = new CompiledQuery("SELECT $1, '$2', \"$3\", $2 + $1, $3, $4, $5, $3", List.of(7L,
                "it's", Double.NaN, true, new int[] {1, 2}));

        CompiledQuery inlined = DuckDbConstants.inline(q);

        assertThat(inlined.sql()).isEqualTo("SELECT CAST(7 AS BIGINT), '$2', \"$3\", CAST('it''s' AS VARCHAR) + "
                + "CAST(7 AS BIGINT), $1, TRUE, $2, $1");
        assertThat(inlined.parameters()).hasSize(2);
        assertThat(inlined.parameters().get(0)).isEqualTo(Double.NaN);
        assertThat(inlined.parameters().get(1)).isInstanceOf(int[].class);
    }

    @Test
    void stringsWithControlCharactersStayParameters() {
        assertThat(DuckDbConstants.constant("a\nb")).isNull();
        assertThat(DuckDbConstants.constant("a\u0000b")).isNull();
        assertThat(DuckDbConstants.constant("ünïcødé ✓ \\ ; --")).isEqualTo("CAST('ünïcødé ✓ \\ ; --' AS VARCHAR)");
        assertThat(DuckDbConstants.constant(Double.POSITIVE_INFINITY)).isNull();
        assertThat(DuckDbConstants.constant(-0.5)).isEqualTo("CAST('-0.5' AS DOUBLE)");
        assertThat(DuckDbConstants.constant(1e300)).isEqualTo("CAST('1.0E300' AS DOUBLE)");
    }

    @Test
    void aPlaceholderWithoutParameterOrAnOpenQuoteIsABug() {
        assertThatThrownBy(() -> DuckDbConstants.inline(new CompiledQuery("SELECT $2", List.of(1L))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$2");
        assertThatThrownBy(() -> DuckDbConstants.inline(new CompiledQuery("SELECT 'x", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }

    @Test
    void theConstantsMeanWhatTheParametersMeant() throws Exception {
        List<Object> values = List.of("x'); DROP TABLE t; --", "back\\slash", "'", "''", "$1", "\"q\"", "", "é✓",
                Long.MAX_VALUE, Long.MIN_VALUE, 0L, 1e-300, -1.5e300, 0.1, true, false);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            c.createStatement().execute("CREATE TABLE t (v VARCHAR)");
            for (Object value : values) {
                CompiledQuery q = new CompiledQuery("SELECT typeof($1), CAST($1 AS VARCHAR), $1 = $1", List.of(value));
                assertThat(run(c, DuckDbConstants.inline(q))).as("%s", value).isEqualTo(run(c, q));
            }
            assertThat(c.createStatement().executeQuery("SELECT count(*) FROM t").next()).as("t is still there").isTrue();
        }
    }

    private static List<String> run(Connection c, CompiledQuery q) throws Exception {
        try (PreparedStatement p = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.parameters().size(); i++) {
                p.setObject(i + 1, q.parameters().get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }
        }
    }
}

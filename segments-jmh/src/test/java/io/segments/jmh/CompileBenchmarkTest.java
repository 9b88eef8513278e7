package io.segments.jmh;

import io.segments.datagen.Generator;
import io.segments.engine.sql.CompiledQuery;
import io.segments.engine.sql.DuckDbDialect;
import io.segments.model.eval.SegmentLookup;
import io.segments.testing.ReferenceMembershipEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query {@link CompileBenchmark#compile} produces for each example segment, run on a real store of
 * generated users and events, finds exactly the members the reference evaluator finds.
 */
class CompileBenchmarkTest {
    @TempDir
    static Path dir;
    private static IngestedStore data;

    @BeforeAll
    static void ingest() {
        data = new IngestedStore(dir, Generator.builder().users(400).days(100).eventsPerUser(40).seed(3).build());
    }

    @AfterAll
    static void close() {
        data.close();
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void theCompiledQueryFindsTheReferenceMembers(Example example) throws SQLException {
        CompileBenchmark.Definition state = new CompileBenchmark.Definition();
        state.example = example;
        state.setup();
        state.typed = data.store().typedColumns(); // the store's documents leave out what the slots hold
        // run as the engine runs it (constants inlined)
        CompiledQuery query = DuckDbDialect.INSTANCE.forExecution(new CompileBenchmark().compile(state));

        Set<String> found = new TreeSet<>();
        try (Connection c = data.store().connect(); PreparedStatement p = c.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                p.setObject(i + 1, query.parameters().get(i));
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(data.userId(rs.getInt(1)));
                }
            }
        }
        Set<String> expected = new ReferenceMembershipEvaluator().members(data.dataset(),
                example.segment().filter().orElseThrow(), state.now, SegmentLookup.none());
        assertThat(expected).as("the generated data has members of %s", example).isNotEmpty();
        assertThat(found).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Example.class)
    void theBaselineReadsTheSegment(Example example) {
        CompileBenchmark.Definition state = new CompileBenchmark.Definition();
        state.example = example;
        state.setup();
        assertThat(new CompileBenchmark().baselineReadJson(state)).isEqualTo(example.segment());
    }
}

package io.segments.catalog;

import io.segments.model.Segment;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleSegmentsTest {
    @Test
    void theDefinitionsAreTheContractsExamples() {
        List<Segment> definitions = ExampleSegments.definitions();
        List<io.segments.testing.ExampleSegments.Example> contract = io.segments.testing.ExampleSegments.all();

        assertThat(definitions).hasSize(8).hasSameSizeAs(contract);
        for (int i = 0; i < contract.size(); i++) {
            Segment expected = SegmentJson.readSegment(contract.get(i).json());
            assertThat(definitions.get(i)).isEqualTo(expected);
            assertThat(SegmentJson.write(definitions.get(i))).isEqualTo(SegmentJson.write(expected));
            assertThat(definitions.get(i).name()).isEqualTo(contract.get(i).name());
        }
    }

    @Test
    void createInStoresAllEight(@TempDir Path dir) {
        try (Fixture f = new Fixture(dir)) {
            List<Segment> stored = ExampleSegments.createIn(f.catalog);

            assertThat(stored).hasSize(8);
            for (int i = 0; i < stored.size(); i++) {
                Segment s = stored.get(i);
                assertThat(s.id()).isPresent();
                assertThat(s.filter()).isEqualTo(ExampleSegments.definitions().get(i).filter());
                assertThat(f.catalog.get(s.id().get())).isEqualTo(s);
                assertThat(f.queries.count(s.id().get(), Optional.empty()).count()).isZero();
            }
            assertThat(f.catalog.list(Optional.empty())).containsExactlyInAnyOrderElementsOf(stored);
        }
    }
}

package io.segments.model;

import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unknown and cyclic inSegment, which need the other segments to see. */
class SegmentReferencesTest {
    private final Map<String, Segment> stored = new HashMap<>();
    private final SegmentLookup lookup = id -> Optional.ofNullable(stored.get(id));

    private void store(String id, String filter) {
        stored.put(id, SegmentJson.readSegment("{\"id\": \"" + id + "\", \"name\": \"" + id + "\", \"filter\": "
                + filter + "}"));
    }

    private static Segment saving(String id, String filter) {
        String idKey = id == null ? "" : "\"id\": \"" + id + "\", ";
        return SegmentJson.readSegment("{" + idKey + "\"name\": \"n\", \"filter\": " + filter + "}");
    }

    @Test
    void knownSegmentsAreAccepted() {
        store("sgm_a", "{\"did\": \"A\"}");
        stored.put("sgm_static", SegmentJson.readSegment("{\"id\": \"sgm_static\", \"name\": \"s\", \"type\": \"static\", "
                + "\"members\": [\"u1\"]}"));
        assertThatCode(() -> SegmentValidator.checkReferences(saving("sgm_new",
                "{\"and\": [{\"inSegment\": \"sgm_a\"}, {\"not\": {\"inSegment\": \"sgm_static\"}}]}"), lookup))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnknownSegmentIsRejectedAtItsInSegment() {
        store("sgm_a", "{\"did\": \"A\"}");
        assertThatThrownBy(() -> SegmentValidator.checkReferences(saving(null,
                "{\"or\": [{\"inSegment\": \"sgm_a\"}, {\"not\": {\"inSegment\": \"sgm_gone\"}}]}"), lookup))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_SEGMENT);
                    assertThat(e.path()).contains("$.filter.or[1].not.inSegment");
                    assertThat(e.getMessage()).contains("no segment has the id \"sgm_gone\"");
                });
    }

    @Test
    void aSegmentCannotContainItself() {
        assertThatThrownBy(() -> SegmentValidator.checkReferences(saving("sgm_me", "{\"inSegment\": \"sgm_me\"}"), lookup))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).contains("$.filter.inSegment");
                    assertThat(e.getMessage()).isEqualTo("“n” cannot use itself: remove this inSegment");
                });
    }

    @Test
    void aCycleThroughOtherSegmentsIsRejectedWithItsChain() {
        store("sgm_a", "{\"inSegment\": \"sgm_b\"}");
        store("sgm_b", "{\"and\": [{\"did\": \"A\"}, {\"inSegment\": \"sgm_me\"}]}");
        store("sgm_me", "{\"did\": \"A\"}");
        assertThatThrownBy(() -> SegmentValidator.checkReferences(saving("sgm_me",
                "{\"and\": [{\"did\": \"B\"}, {\"inSegment\": \"sgm_a\"}]}"), lookup))
                .isInstanceOfSatisfying(SegmentsException.class, e -> {
                    assertThat(e.path()).contains("$.filter.and[1].inSegment");
                    // named by name (these are named as their ids); the saving segment by its new name
                    assertThat(e.getMessage()).startsWith("“n” uses “sgm_a”, which uses “sgm_b”, which uses “n”");
                    assertThat(e.details().get("cycle")).isEqualTo(List.of(Map.of("id", "sgm_me", "name", "n"),
                            Map.of("id", "sgm_a", "name", "sgm_a"), Map.of("id", "sgm_b", "name", "sgm_b"),
                            Map.of("id", "sgm_me", "name", "n")));
                });
    }

    @Test
    void theStoredVersionOfTheSavedSegmentIsIgnored() {
        // the stored sgm_me refers to sgm_a; the new version does not, so sgm_a may refer to it
        store("sgm_me", "{\"inSegment\": \"sgm_a\"}");
        store("sgm_a", "{\"inSegment\": \"sgm_me\"}");
        assertThatCode(() -> SegmentValidator.checkReferences(saving("sgm_me", "{\"did\": \"A\"}"), lookup))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> SegmentValidator.checkReferences(saving("sgm_me", "{\"inSegment\": \"sgm_a\"}"), lookup))
                .isInstanceOf(SegmentsException.class);
    }

    @Test
    void aCycleAmongOtherSegmentsDoesNotLoopAndIsNotThisSegmentsFault() {
        store("sgm_x", "{\"inSegment\": \"sgm_y\"}");
        store("sgm_y", "{\"inSegment\": \"sgm_x\"}");
        assertThatCode(() -> SegmentValidator.checkReferences(saving("sgm_me", "{\"inSegment\": \"sgm_x\"}"), lookup))
                .doesNotThrowAnyException();
    }

    @Test
    void aBareFilterIsCheckedUnderItsBasePath() {
        assertThatThrownBy(() -> SegmentValidator.checkReferences(
                SegmentJson.readCondition("{\"inSegment\": \"sgm_gone\"}", "$.filter"), "$.filter", Optional.empty(),
                lookup))
                .isInstanceOfSatisfying(SegmentsException.class,
                        e -> assertThat(e.path()).contains("$.filter.inSegment"));
    }
}

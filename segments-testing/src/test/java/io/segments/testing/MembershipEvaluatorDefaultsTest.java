package io.segments.testing;

import io.segments.model.json.SegmentJson;
import io.segments.model.eval.SegmentLookup;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.segments.testing.Timeline.NOW;
import static io.segments.testing.Timeline.ago;
import static io.segments.testing.Timeline.dataset;
import static io.segments.testing.Timeline.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default way of bounding event time, for evaluators that do not do it themselves. */
class MembershipEvaluatorDefaultsTest {
    private final MembershipEvaluator plain = new ReferenceMembershipEvaluator()::members;

    @Test
    void theDefaultDropsEventsBeforeTheBound() {
        Dataset data = dataset(user("old").did("A", ago("2d")), user("new").did("A", ago("1h")));
        assertThat(plain.members(data, SegmentJson.readCondition("{\"did\": \"A\"}", "$"), NOW, ago("1d"),
                SegmentLookup.none())).isEqualTo(Set.of("new"));
    }

    @Test
    void theDefaultRefusesInSegmentRatherThanHidingEventsFromTheNamedSegment() {
        Dataset data = dataset(user("old").did("A", ago("2d")));
        assertThatThrownBy(() -> plain.members(data, SegmentJson.readCondition("{\"not\": {\"inSegment\": \"s\"}}", "$"),
                NOW, ago("1d"), SegmentLookup.none()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("override");
    }
}

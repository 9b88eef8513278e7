package io.segments.testing;

import io.segments.model.Condition;
import io.segments.model.FieldTest;
import io.segments.model.Operator;
import io.segments.model.Span;
import io.segments.model.Window;
import io.segments.model.eval.Event;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The random definitions cover every condition kind, window form and operator, and the random
 * histories put events on the edges that matter, so differential tests built on them can find
 * what the hand-written rows miss.
 */
class DefinitionsAndHistoriesTest {

    @Property(tries = 2000)
    void everyConditionKindIsGenerated(@ForAll("leaves") Condition leaf) {
        Statistics.label("kind").collect(leaf.getClass().getSimpleName()).coverage(c -> {
            for (Class<?> kind : Condition.class.getPermittedSubclasses()) {
                if (kind != Condition.And.class && kind != Condition.Or.class && kind != Condition.Not.class) {
                    c.check(kind.getSimpleName()).percentage(p -> p > 2);
                }
            }
        });
    }

    @Property(tries = 300)
    void compositesNest(@ForAll("deep") Condition condition) {
        Statistics.label("root").collect(condition.getClass().getSimpleName()).coverage(c -> {
            c.check("And").percentage(p -> p > 3);
            c.check("Or").percentage(p -> p > 3);
            c.check("Not").percentage(p -> p > 3);
        });
    }

    @Property(tries = 2000)
    void everyWindowFormIsGenerated(@ForAll("windows") Window window) {
        Statistics.label("form").collect(window.getClass().getSimpleName()).coverage(c -> {
            for (Class<?> form : Window.class.getPermittedSubclasses()) {
                c.check(form.getSimpleName()).percentage(p -> p > 5);
            }
        });
    }

    @Property(tries = 3000)
    void everyOperatorIsGenerated(@ForAll("filters") FieldTest test) {
        Statistics.label("op").collect(test.op()).coverage(c -> {
            for (Operator op : Operator.values()) {
                c.check(op).percentage(p -> p > 2);
            }
        });
    }

    @Property(tries = 300)
    void historiesPutEventsOnTheEdges(@ForAll("histories") History history) {
        long now = history.now().toEpochMilli();
        List<Event> events = history.dataset().events().values().stream().flatMap(List::stream).toList();
        List<Long> spans = Definitions.SPANS.stream().map(s -> Span.parse(s).orElseThrow().toMillis()).toList();
        boolean onWindowEdge = events.stream().anyMatch(e -> spans.contains(now - e.timestamp()));
        boolean afterNow = events.stream().anyMatch(e -> e.timestamp() > now);
        boolean exactGap = false;
        for (List<Event> timeline : history.dataset().events().values()) {
            for (int i = 1; i < timeline.size(); i++) {
                exactGap |= spans.contains(timeline.get(i).timestamp() - timeline.get(i - 1).timestamp());
            }
        }
        Statistics.label("on a window edge").collect(onWindowEdge).coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("after now").collect(afterNow).coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("gap of exactly a span").collect(exactGap).coverage(c -> c.check(true).percentage(p -> p > 10));
    }

    @Property(tries = 200)
    void userIdsAreDistinctAndEveryUserHasATimeline(@ForAll("histories") History history) {
        List<String> ids = new ArrayList<>();
        history.dataset().profiles().forEach(p -> ids.add(p.userId()));
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(history.dataset().events().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Provide
    Arbitrary<Condition> leaves() {
        return Definitions.leaves();
    }

    @Provide
    Arbitrary<Condition> deep() {
        return Definitions.conditions(3);
    }

    @Provide
    Arbitrary<Window> windows() {
        return Definitions.windows();
    }

    @Provide
    Arbitrary<FieldTest> filters() {
        return Definitions.fieldTests(Definitions.PROPERTIES);
    }

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }

    /** Sequences are generated with didNot steps too. */
    @Property(tries = 1000)
    void sequencesEndWithDidNotSometimes(@ForAll("sequences") Condition sequence) {
        boolean didNotStep = ((Condition.Sequence) sequence).steps().stream().anyMatch(s -> s.negated());
        Optional<Window> when = ((Condition.Sequence) sequence).when();
        Statistics.label("didNot step").collect(didNotStep).coverage(c -> c.check(true).percentage(p -> p > 15));
        Statistics.label("when").collect(when.isPresent()).coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    @Provide
    Arbitrary<Condition> sequences() {
        return Definitions.sequences();
    }
}

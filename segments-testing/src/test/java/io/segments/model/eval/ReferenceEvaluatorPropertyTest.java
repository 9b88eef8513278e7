package io.segments.model.eval;

import io.segments.model.Condition;
import io.segments.model.NumberTest;
import io.segments.model.Operator;
import io.segments.testing.Dataset;
import io.segments.testing.Definitions;
import io.segments.testing.Histories;
import io.segments.testing.History;
import io.segments.testing.MembershipEvaluator;
import io.segments.testing.ReferenceMembershipEvaluator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Laws of the language that hold for every definition and history, checked on the reference
 * evaluator; they also show that the random definitions and histories match each other often
 * enough to be useful for differential tests.
 */
class ReferenceEvaluatorPropertyTest {
    private final MembershipEvaluator reference = new ReferenceMembershipEvaluator();

    @Property(tries = 300)
    void randomDefinitionsMatchSomeButNotAllUsers(@ForAll("conditions") Condition filter,
                                                  @ForAll("histories") History history) {
        Set<String> members = reference.members(history.dataset(), filter, history.now(), Definitions.lookup());
        int users = history.dataset().profiles().size();
        Statistics.label("members").collect(users == 0 ? "no users" : members.isEmpty() ? "none"
                : members.size() == users ? "all" : "some").coverage(c -> {
                    c.check("some").percentage(p -> p > 15);
                    c.check("none").percentage(p -> p > 10);
                });
    }

    @Property(tries = 300)
    void didNotIsNotDid(@ForAll("didNots") Condition didNot, @ForAll("histories") History history) {
        Condition.Did did = ((Condition.DidNot) didNot).asDid();
        assertThat(members(didNot, history)).isEqualTo(members(new Condition.Not(did), history));
    }

    @Property(tries = 300)
    void countBelowOneNeverHolds(@ForAll("histories") History history) {
        Condition.Did lt1 = new Condition.Did("A", Optional.empty(), List.of(), Optional.of(NumberTest.of(Operator.LT, 1)),
                Optional.empty(), false);
        Condition.Did eq0 = new Condition.Did("A", Optional.empty(), List.of(), Optional.of(NumberTest.of(Operator.EQ, 0)),
                Optional.empty(), false);
        assertThat(members(lt1, history)).isEmpty();
        assertThat(members(eq0, history)).isEmpty();
    }

    @Property(tries = 300)
    void eventsAfterNowChangeNothing(@ForAll("conditions") Condition filter, @ForAll("histories") History history) {
        long now = history.now().toEpochMilli();
        Map<String, List<Event>> untilNow = new HashMap<>();
        history.dataset().events().forEach((user, events) -> untilNow.put(user,
                events.stream().filter(e -> e.timestamp() <= now).toList()));
        History trimmed = new History(new Dataset(history.dataset().profiles(), untilNow), history.now());
        assertThat(members(filter, trimmed)).isEqualTo(members(filter, history));
    }

    @Property(tries = 300)
    void theOrderOfEventsChangesNothing(@ForAll("conditions") Condition filter, @ForAll("histories") History history) {
        Map<String, List<Event>> reversed = new HashMap<>();
        history.dataset().events().forEach((user, events) -> {
            List<Event> copy = new ArrayList<>(events);
            Collections.reverse(copy);
            reversed.put(user, copy);
        });
        History shuffled = new History(new Dataset(history.dataset().profiles(), reversed), history.now());
        assertThat(members(filter, shuffled)).isEqualTo(members(filter, history));
    }

    @Property(tries = 300)
    void notIsTheComplement(@ForAll("conditions") Condition filter, @ForAll("histories") History history) {
        Set<String> members = members(filter, history);
        Set<String> others = members(new Condition.Not(filter), history);
        assertThat(Collections.disjoint(members, others)).as("%s and %s", members, others).isTrue();
        assertThat(members.size() + others.size()).isEqualTo(history.dataset().profiles().size());
    }

    /** Without inSegment; a segment that inSegment names sees events by its own type, not the bound. */
    @Property(tries = 200)
    void aLowerBoundOnEventTimeIsTheSameAsDroppingEarlierEvents(@ForAll("conditions") Condition filter,
                                                               @ForAll("histories") History history) {
        Assume.that(filter.referencedSegmentIds().isEmpty());
        Instant from = history.now().minusSeconds(3 * 86_400);
        ReferenceEvaluator evaluator = new ReferenceEvaluator(Definitions.lookup());
        MembershipEvaluator viaDefault = (data, f, now, segments) -> reference.members(data, f, now, segments);
        Set<String> bounded = new java.util.TreeSet<>();
        history.dataset().profiles().forEach(p -> {
            if (evaluator.matches(filter, p, history.dataset().events().getOrDefault(p.userId(), List.of()),
                    history.now(), from)) {
                bounded.add(p.userId());
            }
        });
        assertThat(bounded).isEqualTo(viaDefault.members(history.dataset(), filter, history.now(), from,
                Definitions.lookup()));
    }

    private Set<String> members(Condition filter, History history) {
        return reference.members(history.dataset(), filter, history.now(), Definitions.lookup());
    }

    @Provide
    Arbitrary<Condition> conditions() {
        return Definitions.conditions(2);
    }

    @Provide
    Arbitrary<Condition> didNots() {
        return Definitions.didNots();
    }

    @Provide
    Arbitrary<History> histories() {
        return Histories.histories();
    }
}

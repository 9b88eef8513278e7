package io.segments.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segments.model.Segment;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.segments.testing.Timeline.NOW;
import static io.segments.testing.Timeline.ago;
import static io.segments.testing.Timeline.dataset;
import static io.segments.testing.Timeline.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eight example segments of the contract: each parses, writes back unchanged, and on a
 * hand-made timeline has exactly the expected members (the users whose ids start with
 * {@code member}) and none of the others. Extend it with the evaluator under test.
 */
public abstract class ExampleSegmentsContract {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** The evaluator under test. */
    protected abstract MembershipEvaluator evaluator();

    private static final Map<ExampleSegments.Example, Dataset> TIMELINES = new LinkedHashMap<>();

    static {
        Instant cart = ago("1d");
        TIMELINES.put(ExampleSegments.ABANDONED_CART, dataset(
                user("member_abandoned_yesterday").did("Added To Cart", cart),
                user("member_latest_cart_abandoned").did("Added To Cart", ago("3d"))
                        .did("Charged", ago("3d").plusSeconds(600)).did("Added To Cart", cart),
                user("bought_within_the_hour").did("Added To Cart", cart).did("Charged", cart.plusSeconds(1800)),
                user("latest_cart_bought").did("Added To Cart", ago("3d")).did("Added To Cart", cart)
                        .did("Charged", cart.plusSeconds(1200)),
                user("cart_too_old").did("Added To Cart", ago("8d")),
                user("still_deciding").did("Added To Cart", ago("20m")),
                user("no_cart").did("Charged", cart)));
        TIMELINES.put(ExampleSegments.FREQUENT_BUYERS, dataset(
                user("member_three").did("Charged", ago("1d")).did("Charged", ago("10d")).did("Charged", ago("29d")),
                user("member_four").did("Charged", ago("1d")).did("Charged", ago("2d")).did("Charged", ago("3d"))
                        .did("Charged", ago("4d")),
                user("two_recent_one_old").did("Charged", ago("1d")).did("Charged", ago("2d"))
                        .did("Charged", ago("40d")),
                user("never")));
        TIMELINES.put(ExampleSegments.HIGH_SPENDERS, dataset(
                user("member_800").did("Charged", ago("1d"), "amount", 500).did("Charged", ago("400d"), "amount", 300),
                user("member_701").did("Charged", ago("1d"), "amount", 701),
                user("exactly_700").did("Charged", ago("1d"), "amount", 700),
                user("amount_as_text").did("Charged", ago("1d"), "amount", "800"),
                user("never")));
        TIMELINES.put(ExampleSegments.LAPSED_VISITORS, dataset(
                launches(user("member_five_then_gone"), 31, 40, 50, 60, 89),
                launches(user("five_and_back_recently"), 31, 40, 50, 60, 89, 10),
                launches(user("only_four"), 31, 40, 50, 60),
                launches(user("five_too_long_ago"), 91, 100, 110, 120, 130),
                user("never")));
        TIMELINES.put(ExampleSegments.TV_BUYERS, dataset(
                user("member_tv").did("Charged", ago("2d"), "category", "TV"),
                user("lowercase_tv").did("Charged", ago("2d"), "category", "tv"),
                user("tv_too_old").did("Charged", ago("11d"), "category", "TV"),
                user("phones").did("Charged", ago("2d"), "category", "Phones"),
                user("viewed_tv").did("Product Viewed", ago("2d"), "category", "TV")));
        TIMELINES.put(ExampleSegments.VISITED_LAST_MONTH, dataset(
                launches(user("member_10d_ago"), 10),
                launches(user("member_30d_ago"), 30),
                launches(user("also_3d_ago"), 10, 3),
                launches(user("only_3d_ago"), 3),
                launches(user("only_40d_ago"), 40),
                user("never")));
        TIMELINES.put(ExampleSegments.CART_NO_PURCHASE, dataset(
                user("member_abandoned").did("Added To Cart", ago("1h")),
                user("member_abandoned_once").did("Added To Cart", ago("5d")).did("Added To Cart", ago("1h"))
                        .did("Charged", ago("1h").plusSeconds(300)),
                user("bought").did("Added To Cart", ago("1h")).did("Charged", ago("1h").plusSeconds(300)),
                user("still_deciding").did("Added To Cart", ago("5m")),
                user("no_cart").did("Charged", ago("1h"))));
        TIMELINES.put(ExampleSegments.FIRST_TIME_BIG_BUYERS, dataset(
                user("member").trait("country", "IN").trait("os", "Android").did("Charged", ago("5d"), "amount", 600),
                user("member_small_before").trait("country", "IN").trait("os", "Android")
                        .did("Charged", ago("60d"), "amount", 100).did("Charged", ago("5d"), "amount", 600),
                user("big_before").trait("country", "IN").trait("os", "Android")
                        .did("Charged", ago("60d"), "amount", 900).did("Charged", ago("5d"), "amount", 600),
                user("ios").trait("country", "IN").trait("os", "iOS").did("Charged", ago("5d"), "amount", 600),
                user("us").trait("country", "US").trait("os", "Android").did("Charged", ago("5d"), "amount", 600),
                user("small").trait("country", "IN").trait("os", "Android").did("Charged", ago("5d"), "amount", 400),
                user("lowercase_os").trait("country", "IN").trait("os", "android")
                        .did("Charged", ago("5d"), "amount", 600),
                user("no_traits").did("Charged", ago("5d"), "amount", 600)));
    }

    private static Timeline.User launches(Timeline.User user, int... daysAgo) {
        for (int d : daysAgo) {
            user.did("App Launched", ago(d + "d"));
        }
        return user;
    }

    @Test
    void everyExampleOfTheContractHasATimeline() {
        assertThat(TIMELINES.keySet()).containsExactlyElementsOf(ExampleSegments.all());
    }

    @TestFactory
    Stream<DynamicTest> examplesReadAndWriteBackUnchanged() {
        return ExampleSegments.all().stream().map(example -> DynamicTest.dynamicTest(example.name(), () -> {
            Segment segment = SegmentJson.readSegment(example.json());
            assertThat(segment.name()).isEqualTo(example.name());
            assertThat(SegmentJson.write(segment)).isEqualTo(compact(example.json()));
            assertThat(SegmentJson.readSegment(SegmentJson.write(segment))).isEqualTo(segment);
        }));
    }

    @TestFactory
    Stream<DynamicTest> examplesHaveExactlyTheExpectedMembers() {
        return ExampleSegments.all().stream().map(example -> DynamicTest.dynamicTest(example.name(), () -> {
            Segment segment = SegmentJson.readSegment(example.json());
            Dataset data = TIMELINES.get(example);
            Set<String> expected = new TreeSet<>();
            data.profiles().forEach(p -> {
                if (p.userId().startsWith("member")) {
                    expected.add(p.userId());
                }
            });
            assertThat(expected).as("each example has members").isNotEmpty();
            assertThat(expected.size()).as("each example has non-members").isLessThan(data.profiles().size());
            assertThat(evaluator().members(data, segment.filter().orElseThrow(), NOW, SegmentLookup.none()))
                    .as("%s%n  %s", example.name(), example.json())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }));
    }

    /** The JSON text without insignificant whitespace. */
    private static String compact(String json) {
        try {
            return PLAIN.writeValueAsString(PLAIN.readTree(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.segments.testing;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The eight example segments of the segment language contract, as segment resources in
 * canonical JSON (what {@code SegmentJson.write} gives back for them).
 */
public final class ExampleSegments {
    private ExampleSegments() {
    }

    /** A named example and its JSON. */
    public record Example(String name, String json) {
        public Example {
            requireNonNull(name, "name is null");
            requireNonNull(json, "json is null");
        }
    }

    public static final Example ABANDONED_CART = new Example("Abandoned cart", """
            {"name": "Abandoned cart", "type": "dynamic", "filter": {
              "sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "1h"}],
              "when": {"last": "7d"}, "occurrence": "last"}}""");

    public static final Example FREQUENT_BUYERS = new Example("Frequent buyers", """
            {"name": "Frequent buyers", "type": "dynamic", "filter": {
              "did": "Charged", "when": {"last": "30d"}, "count": {"op": "gte", "value": 3}}}""");

    public static final Example HIGH_SPENDERS = new Example("High spenders", """
            {"name": "High spenders", "type": "dynamic", "filter": {
              "did": "Charged", "aggregate": {"fn": "sum", "property": "amount", "op": "gt", "value": 700}}}""");

    public static final Example LAPSED_VISITORS = new Example("Lapsed visitors", """
            {"name": "Lapsed visitors", "type": "dynamic", "filter": {"and": [
              {"did": "App Launched", "when": {"from": "90d", "to": "30d"}, "count": {"op": "gte", "value": 5}},
              {"didNot": "App Launched", "when": {"last": "30d"}}]}}""");

    public static final Example TV_BUYERS = new Example("TV buyers, last 10 days", """
            {"name": "TV buyers, last 10 days", "type": "dynamic", "filter": {
              "did": "Charged", "when": {"last": "10d"},
              "where": [{"property": "category", "op": "eq", "value": "TV"}]}}""");

    public static final Example VISITED_LAST_MONTH = new Example("Visited last month, not last 7 days", """
            {"name": "Visited last month, not last 7 days", "type": "dynamic", "filter": {"and": [
              {"did": "App Launched", "when": {"from": "30d", "to": "7d"}},
              {"didNot": "App Launched", "when": {"last": "7d"}}]}}""");

    public static final Example CART_NO_PURCHASE = new Example("Cart, no purchase in 10 minutes", """
            {"name": "Cart, no purchase in 10 minutes", "type": "dynamic", "filter": {
              "sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "10m"}],
              "occurrence": "any"}}""");

    public static final Example FIRST_TIME_BIG_BUYERS = new Example("First-time big buyers in India on Android", """
            {"name": "First-time big buyers in India on Android", "type": "dynamic", "filter": {"and": [
              {"did": "Charged", "when": {"last": "30d"},
               "where": [{"property": "amount", "op": "gt", "value": 500}], "firstTime": true},
              {"attribute": "country", "op": "eq", "value": "IN"},
              {"attribute": "os", "op": "eq", "value": "Android"}]}}""");

    /** All eight, in the contract's order. */
    public static List<Example> all() {
        return List.of(ABANDONED_CART, FREQUENT_BUYERS, HIGH_SPENDERS, LAPSED_VISITORS, TV_BUYERS,
                VISITED_LAST_MONTH, CART_NO_PURCHASE, FIRST_TIME_BIG_BUYERS);
    }
}

package io.segments.catalog;

import io.segments.model.Segment;
import io.segments.model.json.SegmentJson;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight example segments of the segment language contract, for the demo and for new
 * installations to start from.
 */
public final class ExampleSegments {
    private static final List<String> JSON = List.of("""
            {"name": "Abandoned cart", "type": "dynamic", "filter": {
              "sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "1h"}],
              "when": {"last": "7d"}, "occurrence": "last"}}""", """
            {"name": "Frequent buyers", "type": "dynamic", "filter": {
              "did": "Charged", "when": {"last": "30d"}, "count": {"op": "gte", "value": 3}}}""", """
            {"name": "High spenders", "type": "dynamic", "filter": {
              "did": "Charged", "aggregate": {"fn": "sum", "property": "amount", "op": "gt", "value": 700}}}""", """
            {"name": "Lapsed visitors", "type": "dynamic", "filter": {"and": [
              {"did": "App Launched", "when": {"from": "90d", "to": "30d"}, "count": {"op": "gte", "value": 5}},
              {"didNot": "App Launched", "when": {"last": "30d"}}]}}""", """
            {"name": "TV buyers, last 10 days", "type": "dynamic", "filter": {
              "did": "Charged", "when": {"last": "10d"},
              "where": [{"property": "category", "op": "eq", "value": "TV"}]}}""", """
            {"name": "Visited last month, not last 7 days", "type": "dynamic", "filter": {"and": [
              {"did": "App Launched", "when": {"from": "30d", "to": "7d"}},
              {"didNot": "App Launched", "when": {"last": "7d"}}]}}""", """
            {"name": "Cart, no purchase in 10 minutes", "type": "dynamic", "filter": {
              "sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "10m"}],
              "occurrence": "any"}}""", """
            {"name": "First-time big buyers in India on Android", "type": "dynamic", "filter": {"and": [
              {"did": "Charged", "when": {"last": "30d"},
               "where": [{"property": "amount", "op": "gt", "value": 500}], "firstTime": true},
              {"attribute": "country", "op": "eq", "value": "IN"},
              {"attribute": "os", "op": "eq", "value": "Android"}]}}""");

    private ExampleSegments() {
    }

    /** The eight examples as request bodies (no id or times), in the contract's order. */
    public static List<Segment> definitions() {
        List<Segment> segments = new ArrayList<>(JSON.size());
        for (String json : JSON) {
            segments.add(SegmentJson.readSegment(json));
        }
        return segments;
    }

    /** Creates the eight examples in {@code catalog}, in the contract's order, and returns them as stored. */
    public static List<Segment> createIn(SegmentCatalog catalog) {
        List<Segment> stored = new ArrayList<>();
        for (Segment definition : definitions()) {
            stored.add(catalog.create(definition));
        }
        return stored;
    }
}

package io.segments.testing;

import io.segments.model.Segment;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;

import java.util.List;
import java.util.Optional;

/**
 * The 20 live segments the benchmarks run: filters of mixed kinds (windows, counts, sums and averages,
 * {@code didNot}, sequences with {@code didNot ... within} waits, attributes, reachability, {@code inSegment})
 * over the events and traits of the data generator, as a server would register them.
 *
 * <p>The last one reads {@code inSegment "sgm_frequent"}: {@link #lookup()} resolves that id to a live segment
 * with the first filter, created before any generated data.
 */
public final class BenchmarkSegments {
    private BenchmarkSegments() {
    }

    /** The id {@link #lookup()} resolves, named by the last of {@link #FILTERS}. */
    public static final String FREQUENT_ID = "sgm_frequent";

    /** The 20 filters, as JSON conditions. */
    public static final List<String> FILTERS = List.of(
            "{\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}, \"count\": {\"op\": \"gte\", \"value\": 3}}",
            "{\"did\": \"Charged\", \"aggregate\": {\"fn\": \"sum\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 700}}",
            "{\"did\": \"Charged\", \"when\": {\"last\": \"10d\"}, \"where\": [{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}]}",
            "{\"and\": [{\"did\": \"App Launched\", \"when\": {\"from\": \"30d\", \"to\": \"7d\"}}, {\"didNot\": \"App Launched\", \"when\": {\"last\": \"7d\"}}]}",
            "{\"sequence\": [{\"did\": \"Added To Cart\"}, {\"didNot\": \"Charged\", \"within\": \"1h\"}], \"when\": {\"last\": \"7d\"}, \"occurrence\": \"last\"}",
            "{\"sequence\": [{\"did\": \"Added To Cart\"}, {\"didNot\": \"Charged\", \"within\": \"10m\"}]}",
            "{\"and\": [{\"did\": \"Charged\", \"when\": {\"last\": \"30d\"}, \"where\": [{\"property\": \"amount\", \"op\": \"gt\", \"value\": 500}], \"firstTime\": true}, {\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"IN\"}, {\"attribute\": \"os\", \"op\": \"eq\", \"value\": \"Android\"}]}",
            "{\"did\": \"Product Viewed\", \"when\": {\"last\": \"1d\"}, \"count\": {\"op\": \"gte\", \"value\": 5}}",
            "{\"did\": \"Searched\", \"when\": {\"last\": \"1h\"}}",
            "{\"sequence\": [{\"did\": \"Product Viewed\"}, {\"did\": \"Added To Cart\", \"within\": \"30m\"}, {\"did\": \"Charged\", \"within\": \"1d\"}], \"when\": {\"last\": \"7d\"}}",
            "{\"didNot\": \"App Launched\", \"when\": {\"last\": \"14d\"}}",
            "{\"and\": [{\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"US\"}, {\"reachable\": \"email\"}]}",
            "{\"did\": \"Charged\", \"when\": {\"last\": \"7d\"}, \"aggregate\": {\"fn\": \"avg\", \"property\": \"amount\", \"op\": \"gte\", \"value\": 100}}",
            "{\"and\": [{\"did\": \"Added To Cart\", \"when\": {\"last\": \"1d\"}, \"count\": {\"op\": \"gte\", \"value\": 3}}, {\"didNot\": \"Charged\", \"when\": {\"last\": \"1d\"}}]}",
            "{\"and\": [{\"reachable\": \"push\"}, {\"did\": \"App Launched\", \"when\": {\"last\": \"3d\"}}]}",
            "{\"did\": \"Product Viewed\", \"when\": {\"last\": \"7d\"}, \"where\": [{\"property\": \"category\", \"op\": \"in\", \"value\": [\"TV\", \"Laptops\"]}], \"count\": {\"op\": \"gte\", \"value\": 2}}",
            "{\"sequence\": [{\"did\": \"Searched\"}, {\"did\": \"Product Viewed\", \"within\": \"5m\"}, {\"didNot\": \"Added To Cart\", \"within\": \"30m\"}], \"when\": {\"last\": \"1d\"}}",
            "{\"did\": \"Charged\", \"when\": {\"last\": \"90d\"}, \"aggregate\": {\"fn\": \"max\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 1000}}",
            "{\"or\": [{\"did\": \"Charged\", \"when\": {\"last\": \"1d\"}}, {\"did\": \"Added To Cart\", \"when\": {\"last\": \"1h\"}}]}",
            "{\"and\": [{\"inSegment\": \"" + FREQUENT_ID + "\"}, {\"attribute\": \"age\", \"op\": \"gte\", \"value\": 30}, {\"not\": {\"did\": \"App Launched\", \"when\": {\"last\": \"2d\"}}}]}");

    /** Resolves {@value #FREQUENT_ID}: a live segment with the first filter, created 2026-01-01. */
    public static SegmentLookup lookup() {
        Segment frequent = SegmentJson.readSegment("{\"id\": \"" + FREQUENT_ID + "\", \"name\": \"Frequent\", "
                + "\"type\": \"live\", \"filter\": " + FILTERS.get(0) + ", \"createdAt\": \"2026-01-01T00:00:00Z\"}");
        return id -> id.equals(FREQUENT_ID) ? Optional.of(frequent) : Optional.empty();
    }
}

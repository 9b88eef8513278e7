package io.segments.e2e;

import java.util.List;
import java.util.function.Consumer;

/**
 * One of the eight example segments of the segment language contract ({@code segment-definition.md}, Examples):
 * its filter as the contract writes it, how a person builds it in the builder, and how the UI says it in plain
 * words (the lines of the segment list's outline, and the sentence after "Users who").
 *
 * @param name     the segment's name
 * @param filter   the contract's filter, JSON
 * @param build    the clicks and typing in the builder that make it
 * @param outline  the lines of the list's "+" outline: "all of" and one line per condition of a group
 * @param sentence the definition in one sentence, as the builder's summary and the segment page show it
 */
record SpecExample(String name, String filter, Consumer<BuilderPage> build, List<String> outline, String sentence) {

    @Override
    public String toString() {
        return name;
    }

    /** The contract's eight examples, in its order. */
    static List<SpecExample> all() {
        return List.of(
                new SpecExample("Abandoned cart", """
                        {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "1h"}],
                         "when": {"last": "7d"}, "occurrence": "last"}""",
                        b -> b.add("sequence")
                                .step(0, "did", "Added To Cart")
                                .step(1, "didNot", "Charged").within(1, 1, "h")
                                .inTheLast(7, "d")
                                .occurrence("last"),
                        List.of("did Added To Cart, then did not Charged within 1 hour, starting in the last 7 days"
                                + " (latest Added To Cart only)"),
                        "did Added To Cart, then did not Charged within 1 hour, starting in the last 7 days"
                                + " (latest Added To Cart only)"),
                new SpecExample("Frequent buyers", """
                        {"did": "Charged", "when": {"last": "30d"}, "count": {"op": "gte", "value": 3}}""",
                        b -> b.add("did").event("Charged").inTheLast(30, "d").count("gte", 3),
                        List.of("did Charged at least 3 times in the last 30 days"),
                        "did Charged at least 3 times in the last 30 days"),
                new SpecExample("High spenders", """
                        {"did": "Charged", "aggregate": {"fn": "sum", "property": "amount", "op": "gt", "value": 700}}""",
                        b -> b.add("did").event("Charged").aggregate("sum", "amount", "gt", "700"),
                        List.of("did Charged with total amount > 700"),
                        "did Charged with total amount > 700"),
                new SpecExample("Lapsed visitors", """
                        {"and": [
                          {"did": "App Launched", "when": {"from": "90d", "to": "30d"}, "count": {"op": "gte", "value": 5}},
                          {"didNot": "App Launched", "when": {"last": "30d"}}]}""",
                        b -> {
                            b.add("did").event("App Launched").between(90, 30, "d").count("gte", 5);
                            b.add("didNot").event("App Launched").inTheLast(30, "d");
                        },
                        List.of("all of",
                                "did App Launched at least 5 times between 90 and 30 days ago",
                                "did not App Launched in the last 30 days"),
                        "did App Launched at least 5 times between 90 and 30 days ago"
                                + " and did not App Launched in the last 30 days"),
                new SpecExample("TV buyers, last 10 days", """
                        {"did": "Charged", "when": {"last": "10d"},
                         "where": [{"property": "category", "op": "eq", "value": "TV"}]}""",
                        b -> b.add("did").event("Charged").inTheLast(10, "d").where("category", "eq", "TV"),
                        List.of("did Charged in the last 10 days where category is TV"),
                        "did Charged in the last 10 days where category is TV"),
                new SpecExample("Visited last month, not last 7 days", """
                        {"and": [
                          {"did": "App Launched", "when": {"from": "30d", "to": "7d"}},
                          {"didNot": "App Launched", "when": {"last": "7d"}}]}""",
                        b -> {
                            b.add("did").event("App Launched").between(30, 7, "d");
                            b.add("didNot").event("App Launched").inTheLast(7, "d");
                        },
                        List.of("all of",
                                "did App Launched between 30 and 7 days ago",
                                "did not App Launched in the last 7 days"),
                        "did App Launched between 30 and 7 days ago and did not App Launched in the last 7 days"),
                new SpecExample("Cart, no purchase in 10 minutes", """
                        {"sequence": [{"did": "Added To Cart"}, {"didNot": "Charged", "within": "10m"}]}""",
                        b -> b.add("sequence")
                                .step(0, "did", "Added To Cart")
                                .step(1, "didNot", "Charged").within(1, 10, "m"),
                        List.of("did Added To Cart, then did not Charged within 10 minutes"),
                        "did Added To Cart, then did not Charged within 10 minutes"),
                new SpecExample("First-time big buyers in India on Android", """
                        {"and": [
                          {"did": "Charged", "when": {"last": "30d"},
                           "where": [{"property": "amount", "op": "gt", "value": 500}], "firstTime": true},
                          {"attribute": "country", "op": "eq", "value": "IN"},
                          {"attribute": "os", "op": "eq", "value": "Android"}]}""",
                        b -> {
                            b.add("did").event("Charged").firstTime().where("amount", "gt", "500").inTheLast(30, "d");
                            b.add("attribute").attribute("country", "eq", "IN");
                            b.add("attribute").attribute("os", "eq", "Android");
                        },
                        List.of("all of",
                                "did Charged for the first time in the last 30 days where amount > 500",
                                "country is IN",
                                "os is Android"),
                        "did Charged for the first time in the last 30 days where amount > 500, and country is IN,"
                                + " and os is Android"));
    }
}

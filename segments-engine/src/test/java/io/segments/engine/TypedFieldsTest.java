package io.segments.engine;

import io.segments.engine.sql.CompiledQuery;
import io.segments.model.Condition;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;
import io.segments.testing.Dataset;
import io.segments.testing.ReferenceMembershipEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fields with a typed slot are read from its columns, never from the JSON, and give the reference's answer
 * whatever mix of types a key has: a property that is a number on most events and a string, a big number, a
 * boolean or an array on others; a trait that is a number for some users and a string for others.
 */
class TypedFieldsTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final StoreFixture STORE = StoreFixture.inMemory();
    private static final EngineEvaluator ENGINE = new EngineEvaluator(STORE);
    private static final ReferenceMembershipEvaluator REFERENCE = new ReferenceMembershipEvaluator();
    private static final Dataset DATA = drifting();

    /** 200 users; amounts mostly numbers, some strings, huge, fractional, boolean, arrays; ages numbers or strings. */
    private static Dataset drifting() {
        Object[] amounts = {500, 501, 499.5, new BigDecimal("500.000001"), "600", 1e15, 12345678901234567L, true,
                List.of("500"), null, 750, -3, 0.1234567, new BigDecimal("1E+3")};
        Object[] ages = {30, "30", 30.0, 29.999999, 41, "forty", false};
        List<Profile> profiles = new ArrayList<>();
        Map<String, List<Event>> events = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String id = "u" + i;
            Map<String, Object> traits = new LinkedHashMap<>();
            traits.put("age", ages[i % ages.length]);
            if (i % 5 != 0) {
                traits.put("country", i % 3 == 0 ? "US" : "IN");
            }
            profiles.add(new Profile(id, traits, Set.of()));
            List<Event> list = new ArrayList<>();
            for (int k = 0; k < 1 + i % 4; k++) {
                Map<String, Object> props = new LinkedHashMap<>();
                Object amount = amounts[(i + k * 7) % amounts.length];
                if (amount != null || k % 2 == 0) {
                    props.put("amount", amount);
                }
                props.put("category", (i + k) % 4 == 0 ? "TV" : (i + k) % 4 == 1 ? "tv" : (i + k) % 4 == 2 ? 7 : "Phones");
                list.add(new Event("Charged", NOW.minusSeconds(3600L * (1 + i % 50) + k).toEpochMilli(), props));
            }
            events.put(id, list);
        }
        return new Dataset(profiles, events);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"gt\", \"value\": 500}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"eq\", \"value\": 500}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"lte\", \"value\": 499.99999}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"gte\", \"value\": 1000000000000}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"neq\", \"value\": 500}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"eq\", \"value\": \"600\"}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"eq\", \"value\": true}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"exists\"}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"notExists\"}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"amount\", \"op\": \"contains\", \"value\": \"500\"}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"category\", \"op\": \"eq\", \"value\": \"TV\"}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"category\", \"op\": \"contains\", \"value\": \"t\"}]}",
            "{\"did\": \"Charged\", \"where\": [{\"property\": \"category\", \"op\": \"in\", \"value\": [\"TV\", 7]}]}",
            "{\"did\": \"Charged\", \"aggregate\": {\"fn\": \"sum\", \"property\": \"amount\", \"op\": \"gt\", \"value\": 1000}}",
            "{\"did\": \"Charged\", \"aggregate\": {\"fn\": \"avg\", \"property\": \"amount\", \"op\": \"lt\", \"value\": 500.25}}",
            "{\"did\": \"Charged\", \"aggregate\": {\"fn\": \"max\", \"property\": \"amount\", \"op\": \"gte\", \"value\": 750}}",
            "{\"attribute\": \"age\", \"op\": \"eq\", \"value\": 30}",
            "{\"attribute\": \"age\", \"op\": \"between\", \"value\": [25, 34]}",
            "{\"attribute\": \"age\", \"op\": \"eq\", \"value\": \"30\"}",
            "{\"attribute\": \"country\", \"op\": \"notExists\"}",
            "{\"and\": [{\"attribute\": \"country\", \"op\": \"eq\", \"value\": \"US\"},"
                    + " {\"didNot\": \"Charged\", \"when\": {\"last\": \"7d\"},"
                    + " \"where\": [{\"property\": \"amount\", \"op\": \"gt\", \"value\": 100}]}]}"})
    void aSlottedFieldIsReadFromItsColumnsAndGivesTheReferencesMembers(String json) {
        Condition filter = SegmentJson.readCondition(json, "$.filter");
        Set<String> expected = REFERENCE.members(DATA, filter, NOW, SegmentLookup.none());
        Set<String> actual = ENGINE.members(DATA, filter, NOW, SegmentLookup.none());
        assertThat(new TreeSet<>(actual)).as(json).isEqualTo(new TreeSet<>(expected));

        CompiledQuery query = STORE.engine().compile(filter, NOW, SegmentLookup.none(), Optional.empty());
        assertThat(query.sql()).as("no JSON is read for slotted keys").doesNotContain("json_extract(\"x\".\"props\"")
                .doesNotContain("json_extract(\"u\".\"traits\"").containsPattern("\"t[0-9]+_k\"");
    }

    @AfterAll
    static void close() {
        STORE.close();
    }
}

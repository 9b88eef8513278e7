package io.segments.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.segments.store.Wire.msgs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user whose traits change gets its row replaced (deleted and appended anew): it keeps its uid and creation
 * time, holds the new traits and their slots, and is the only row of its uid; a user whose id or merge changes
 * without its traits is updated in place.
 */
class UserRowsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> row(Store store, String userId) {
        List<Map<String, Object>> rows = Tables.rows(store, "SELECT * FROM users WHERE user_id = ?", userId);
        assertThat(rows).as("rows of %s", userId).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aUserWhoseTraitsChangeKeepsItsUidAndCreationTime() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(msgs("{'type':'identify','userId':'u1','traits':{'plan':'free','age':30}}",
                    "{'type':'identify','userId':'u2','traits':{'plan':'pro'}}")).get(30, TimeUnit.SECONDS);
            Map<String, Object> before = row(store, "u1");
            Thread.sleep(5);

            store.ingestor().submit(msgs("{'type':'identify','userId':'u1','traits':{'age':31,'city':'Lyon'}}"))
                    .get(30, TimeUnit.SECONDS);

            Map<String, Object> after = row(store, "u1");
            assertThat(after.get("uid")).isEqualTo(before.get("uid"));
            assertThat(after.get("created_at")).isEqualTo(before.get("created_at"));
            assertThat((Long) after.get("updated_at")).isGreaterThan((Long) before.get("created_at"));
            assertThat(after.get("anonymous")).isEqualTo(false);
            assertThat(after.get("merged_into")).isNull();
            assertThat(store.profile("u1").orElseThrow().traits())
                    .isEqualTo(Map.of("plan", "free", "age", 31, "city", "Lyon"));
            TypedColumns typed = store.typedColumns();
            int age = typed.slot(TypedColumns.Scope.TRAITS, "age").orElseThrow();
            assertThat(after.get(TypedColumns.decimalColumn(age))).isEqualTo(new java.math.BigDecimal("31.000000"));
            int city = typed.slot(TypedColumns.Scope.TRAITS, "city").orElseThrow();
            assertThat(after.get(TypedColumns.textColumn(city))).isEqualTo("Lyon");
            assertThat(row(store, "u2").get(TypedColumns.textColumn(
                    typed.slot(TypedColumns.Scope.TRAITS, "plan").orElseThrow()))).isEqualTo("pro");
            assertThat(Tables.count(store, "SELECT count(*) FROM users")).isEqualTo(2);
        }
    }

    @Test
    void anAnonymousUserIdentifiedWithoutTraitsIsUpdatedInPlace() throws Exception {
        try (Store store = Store.open(dir)) {
            store.ingestor().submit(msgs("{'type':'identify','anonymousId':'a1','traits':{'plan':'free'}}"))
                    .get(30, TimeUnit.SECONDS);
            Map<String, Object> before = Tables.rows(store, "SELECT * FROM users").get(0);
            assertThat(before.get("anonymous")).isEqualTo(true);

            store.ingestor().submit(msgs("{'type':'track','anonymousId':'a1','userId':'u1','event':'E'}"))
                    .get(30, TimeUnit.SECONDS);

            Map<String, Object> after = row(store, "u1");
            assertThat(after.get("uid")).isEqualTo(before.get("uid"));
            assertThat(after.get("anonymous")).isEqualTo(false);
            assertThat(after.get("created_at")).isEqualTo(before.get("created_at"));
            assertThat(store.profile("u1").orElseThrow().traits()).isEqualTo(Map.of("plan", "free"));
            int plan = store.typedColumns().slot(TypedColumns.Scope.TRAITS, "plan").orElseThrow();
            assertThat(after.get(TypedColumns.textColumn(plan))).isEqualTo("free");
        }
    }
}

package io.segments.bench.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The floor's rows and bytes on a typed copy written by hand, with events on each side of every window's edge:
 * each workload's bytes equal the rows counted here by hand times the widths of the columns it reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FloorTest {
    private static final long D = Params.DAY;
    private static final long M = Workloads.MINUTE;
    private final Params params = Params.at(Instant.parse("2026-10-31T23:59:59.999Z"), 90);
    private final long now = params.now();
    private Connection c;

    @BeforeAll
    void typedCopy() throws SQLException {
        c = DriverManager.getConnection("jdbc:duckdb:");
        Sql.execute(c, "CREATE TABLE users (uid INTEGER, user_id VARCHAR, age INTEGER, country VARCHAR)",
                "CREATE TABLE events (uid INTEGER, name VARCHAR, ts BIGINT, amount DECIMAL(18, 2), category VARCHAR)",
                "INSERT INTO users VALUES (1, 'a', 30, 'US'), (2, 'b', 40, 'IN'), (3, 'c', NULL, NULL)");
        // the first trend point is the end of the first of the 90 days: now - 89 days
        event("Charged", now - 120 * D);     // before every window
        event("Charged", now - 100 * D);     // W7-W1 only (its range opens at now - 119 days)
        event("Charged", now - 90 * D - 1);  // W7-W1 only
        event("Charged", now - 90 * D);      // W4 and W7-W1
        event("Charged", now - 30 * D - 1);  // W4 and W7-W1
        event("Charged", now - 30 * D);      // W1's window opens here; a cart's purchase lies after the cart
        event("Charged", now - 30 * D + 1);  // every Charged read
        event("Charged", now - D);
        event("Charged", now);
        event("Charged", now + 1);           // after now: never read
        event("Added To Cart", now - 30 * D - 1);
        event("Added To Cart", now - 30 * D);
        event("Added To Cart", now - 10 * M);
        event("Added To Cart", now - 10 * M + 1); // its 10 minutes are not over: it can answer nothing
        event("Added To Cart", now);
        event("App Launched", now - 96 * D - 1);
        event("App Launched", now - 96 * D); // W7-W2's range opens at the first point minus 7 days
        event("App Launched", now - 7 * D - 1);
        event("App Launched", now - 7 * D);
        event("App Launched", now);
        event("App Launched", now + 1);
        event("Product Viewed", now);        // no workload reads it
    }

    private void event(String name, long ts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events VALUES (1, ?, ?, 10.5, NULL)")) {
            s.setString(1, name);
            s.setLong(2, ts);
            s.executeUpdate();
        }
    }

    @AfterAll
    void close() throws SQLException {
        c.close();
    }

    @Test
    void eachWorkloadReadsTheRowsOfItsWindowsAtTheirTypedWidths() throws SQLException {
        // rows counted by hand from the events above; uid 4, ts 8, amount 8, age 4, country code 4 bytes
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("W1", 4 * 20L);                // Charged in [now - 30d, now]: uid, ts, amount
        expected.put("W1x20", 4 * 20L);             // the same rows, read once for the 20
        expected.put("W2", 2 * 12L + 3 * 12L);      // App Launched in [now - 7d, now]: uid, ts; 3 users: uid, age, country
        expected.put("W3", 2 * 12L + 3 * 12L);      // carts in [now - 30d, now - 10m], Charged in (now - 30d, now]
        expected.put("W4", 6 * 20L);                // Charged in [now - 90d, now]
        expected.put("W7-W1", 8 * 20L);             // Charged in [first point - 30d, now]
        expected.put("W7-W2", 4 * 12L + 3 * 12L);   // App Launched in [first point - 7d, now]; the users
        Map<String, Long> counted = new LinkedHashMap<>();
        for (Workload w : Workloads.all()) {
            counted.put(w.key(), Floor.count(w, params, c).bytes());
        }
        assertThat(counted).containsExactlyEntriesOf(expected);
    }

    @Test
    void theRowsOfEachReadAreKeptAndDescribed() throws SQLException {
        Floor.Counted w2 = Floor.count(workload("W2"), params, c);
        assertThat(w2.rows()).containsExactly(2, 3);
        assertThat(w2.describe()).isEqualTo("2 App Launched events in [now - 7d, now] × 12 B (uid, ts) + "
                + "3 users × 12 B (uid, age, country code)");
        Floor.Counted w3 = Floor.count(workload("W3"), params, c);
        assertThat(w3.describe()).isEqualTo("2 Added To Cart events in [now - 30d, now - 10m] × 12 B (uid, ts) + "
                + "3 Charged events in (now - 30d, now] × 12 B (uid, ts)");
        assertThat(Floor.count(workload("W7-W1"), params, c).describe())
                .isEqualTo("8 Charged events in [first point - 30d, now] × 20 B (uid, ts, amount)");
    }

    @Test
    void theFloorIsTheBytesAtTheBandwidth() throws SQLException {
        Floor.Figure f = Floor.count(workload("W4"), params, c).figure(2e9);
        assertThat(f.workload()).isEqualTo("W4");
        assertThat(f.bytes()).isEqualTo(120);
        assertThat(f.millis()).isCloseTo(120 / 2e9 * 1000, within(1e-15));
        assertThatThrownBy(() -> Floor.count(workload("W4"), params, c).figure(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bandwidth");
    }

    private static Workload workload(String key) {
        return Workloads.all().stream().filter(w -> w.key().equals(key)).findFirst().orElseThrow();
    }
}

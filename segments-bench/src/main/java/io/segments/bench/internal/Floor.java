package io.segments.bench.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * The physical floor of each query workload: the rows a perfect engine must read, the bytes of the columns it
 * reads of them at their typed widths uncompressed, and the time reading those bytes takes at the machine's
 * memory bandwidth ({@link MemoryBandwidth}). No engine answers faster than its floor without skipping data it
 * needs; the ratio of a system's time to the floor says how far it is from that bound.
 *
 * <p>What each workload reads is defined here, in one place, and counted with SQL on the typed DuckDB copy of the
 * data set ({@link BaselineTables}), so the figure is exact for the data set. A perfect engine reads only the
 * events of the names and time ranges a workload asks about (as from a layout sorted by name and time) and of each
 * only the columns it tests: {@code uid} (4 bytes), {@code ts} (8), {@code amount} (8: a decimal of 18 digits);
 * of the users {@code uid}, {@code age} (4) and the country as a dictionary code (4).
 */
public final class Floor {
    /** The definition in one sentence, as the results state it. */
    public static final String DEFINITION = "the floor of a workload: the bytes of the columns a perfect engine must "
            + "read, at their typed widths uncompressed (uid 4 B, ts 8 B, amount 8 B, age 4 B, country as a dictionary "
            + "code 4 B), of the rows it must read (only the events of the names and time ranges the workload asks "
            + "about, counted on the typed DuckDB copy), divided by the bandwidth above; a system's ratio is its median "
            + "time / the floor (docs/benchmarks.md)";

    static final Column UID = new Column("uid", 4);
    static final Column TS = new Column("ts", 8);
    static final Column AMOUNT = new Column("amount", 8);
    static final Column AGE = new Column("age", 4);
    static final Column COUNTRY = new Column("country code", 4);

    private Floor() {
    }

    /** A column a perfect engine reads, and its width in bytes. */
    public record Column(String name, int bytes) {
        public Column {
            requireNonNull(name, "name is null");
        }
    }

    /**
     * One part of what a workload reads: the events of one name in {@code [from, to]} (epoch milliseconds), or,
     * with no event name, every user; and the columns read of each row.
     *
     * @param event   the event name, or null for the users
     * @param window  the time range in words ("[now - 30d, now]")
     */
    public record Read(String event, long from, long to, String window, List<Column> columns) {
        public Read {
            columns = List.copyOf(columns);
        }

        static Read events(String event, long from, long to, String window, Column... columns) {
            return new Read(requireNonNull(event, "event is null"), from, to, window, List.of(columns));
        }

        static Read users(Column... columns) {
            return new Read(null, 0, 0, "", List.of(columns));
        }

        /** The bytes read of each row. */
        public int rowBytes() {
            return columns.stream().mapToInt(Column::bytes).sum();
        }

        /** The query that counts the rows on the typed copy; its text holds only the benchmark's own constants. */
        String countSql() {
            return event == null ? "SELECT count(*) FROM users"
                    : String.format(Locale.ROOT, "SELECT count(*) FROM events WHERE name = '%s' AND ts BETWEEN %d AND %d",
                    event.replace("'", "''"), from, to);
        }

        String describe(long rows) {
            StringJoiner names = new StringJoiner(", ", "(", ")");
            columns.forEach(c -> names.add(c.name()));
            String what = event == null ? "users" : event + " events in " + window;
            return String.format(Locale.ROOT, "%,d %s × %d B %s", rows, what, rowBytes(), names);
        }
    }

    /** What a perfect engine reads for {@code w} at {@code p}. */
    public static List<Read> reads(Workload w, Params p) {
        long now = p.now();
        long first = p.points()[0];
        return switch (w.key()) {
            case "W1", "W1x20" -> List.of(  // the 20 of the batch read the same rows once
                    Read.events("Charged", now - Workloads.W1_WINDOW, now, "[now - 30d, now]", UID, TS, AMOUNT));
            case "W2" -> List.of(
                    Read.events("App Launched", now - Workloads.W2_WINDOW, now, "[now - 7d, now]", UID, TS),
                    Read.users(UID, AGE, COUNTRY));
            case "W3" -> List.of(  // a cart whose 10 minutes are not over answers nothing; a purchase follows a cart
                    Read.events("Added To Cart", now - Workloads.W3_WINDOW, now - Workloads.W3_WAIT,
                            "[now - 30d, now - 10m]", UID, TS),
                    Read.events("Charged", now - Workloads.W3_WINDOW + 1, now, "(now - 30d, now]", UID, TS));
            case "W4" -> List.of(
                    Read.events("Charged", now - Workloads.W4_WINDOW, now, "[now - 90d, now]", UID, TS, AMOUNT));
            case "W7-W1" -> List.of(  // one sweep over the events of every point's window
                    Read.events("Charged", first - Workloads.W1_WINDOW, now, "[first point - 30d, now]", UID, TS, AMOUNT));
            case "W7-W2" -> List.of(
                    Read.events("App Launched", first - Workloads.W2_WINDOW, now, "[first point - 7d, now]", UID, TS),
                    Read.users(UID, AGE, COUNTRY));
            default -> throw new IllegalArgumentException("no floor is defined for workload " + w.key());
        };
    }

    /** The rows of each of a workload's reads, counted on the typed copy. */
    public static Counted count(Workload w, Params p, Connection typedCopy) throws SQLException {
        List<Read> reads = reads(w, p);
        long[] rows = new long[reads.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Sql.value(typedCopy, reads.get(i).countSql());
        }
        return new Counted(w.key(), reads, rows);
    }

    /** A workload's reads and the rows counted for each. */
    public record Counted(String workload, List<Read> reads, long[] rows) {
        public Counted {
            requireNonNull(workload, "workload is null");
            reads = List.copyOf(reads);
            rows = rows.clone();
            if (rows.length != reads.size()) {
                throw new IllegalArgumentException(workload + ": " + rows.length + " row counts for " + reads.size()
                        + " reads");
            }
        }

        @Override
        public long[] rows() {
            return rows.clone();
        }

        /** The bytes a perfect engine reads. */
        public long bytes() {
            long bytes = 0;
            for (int i = 0; i < rows.length; i++) {
                bytes += rows[i] * reads.get(i).rowBytes();
            }
            return bytes;
        }

        /** The reads in words, with their rows. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                parts.add(reads.get(i).describe(rows[i]));
            }
            return String.join(" + ", parts);
        }

        /** The floor at {@code bytesPerSecond}. */
        public Figure figure(double bytesPerSecond) {
            if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
                throw new IllegalArgumentException(workload + ": the floor needs a positive finite bandwidth, was "
                        + bytesPerSecond + " bytes/s");
            }
            return new Figure(workload, describe(), bytes(), bytes() / bytesPerSecond * 1000);
        }
    }

    /**
     * A workload's floor as the results show it.
     *
     * @param reads  what a perfect engine reads, in words
     * @param bytes  the bytes it reads
     * @param millis those bytes at the machine's memory bandwidth, in milliseconds
     */
    public record Figure(String workload, String reads, long bytes, double millis) {
        public Figure {
            requireNonNull(workload, "workload is null");
            requireNonNull(reads, "reads is null");
            if (bytes < 0 || !(millis >= 0)) {
                throw new IllegalArgumentException(workload + ": bad floor " + bytes + " bytes, " + millis + " ms");
            }
        }
    }
}

package io.segments.bench.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times the server's ingestion writer did something else than committing groups, read from the server's log:
 * a move into sorted runs, a checkpoint, a group commit that took over a second. Each line is written when the work
 * ends and says how long it took, so the pause is the {@code millis} before the line's time. The mixed-load
 * benchmark compares the counts that overlapped a pause with the others.
 */
public final class WriterPauses {
    /** The server's log time format ({@code simplelogger.properties} of segments-server). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) \\[[^]]*] INFO IngestWriter - (moved \\d+ recent events into sorted runs"
                    + "|wrote the log into the database file|stored a group of \\d+ messages) in (\\d+) ms");

    private WriterPauses() {
    }

    /** What kind of work. */
    public enum Kind { MOVE, CHECKPOINT, SLOW_COMMIT }

    /** One pause: its kind and when it began and ended (epoch ms). */
    public record Pause(Kind kind, long startEpochMillis, long endEpochMillis) {
        public long millis() {
            return endEpochMillis - startEpochMillis;
        }

        /** Whether a count from {@code startEpochMillis} lasting {@code micros} overlapped this pause. */
        public boolean overlaps(long start, long micros) {
            return start < endEpochMillis && start + (micros + 999) / 1000 > startEpochMillis;
        }
    }

    /** The pauses the lines of a server log tell of, in order; other lines are ignored. */
    public static List<Pause> parse(List<String> lines) {
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long end;
            try {
                end = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                continue; // a line of another format
            }
            Kind kind = m.group(2).startsWith("moved") ? Kind.MOVE
                    : m.group(2).startsWith("wrote") ? Kind.CHECKPOINT : Kind.SLOW_COMMIT;
            pauses.add(new Pause(kind, end - Long.parseLong(m.group(3)), end));
        }
        return pauses;
    }
}

package io.segments.catalog.internal;

import io.segments.model.SegmentsException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the first column of CSV text (RFC 4180: fields separated by commas, records by
 * {@code \n}, {@code \r\n} or {@code \r}; a field in double quotes may hold commas, line breaks and
 * doubled quotes). Unquoted fields are trimmed of spaces and tabs; quoted ones are taken exactly.
 * A leading byte-order mark is skipped, blank lines are ignored. A malformed record fails with
 * {@code invalid_request} naming its line (the line it starts on, counted from 1).
 */
public final class Csv {
    private static final int EOF = -1;
    private static final int NONE = -2;

    private final Reader in;
    private int line = 1;
    private int pending = NONE;

    private Csv(Reader in) {
        this.in = in;
    }

    /** A record's first field and the line it starts on. */
    public record FirstField(String value, int line, boolean quoted) {
    }

    /** Hands the first field of every non-blank record to {@code sink}, in order. */
    public static void firstFields(Reader in, Consumer<FirstField> sink) throws IOException {
        new Csv(in).run(sink);
    }

    private void run(Consumer<FirstField> sink) throws IOException {
        int c = read();
        if (c == '\uFEFF') {
            c = read();
        }
        while (c != EOF) {
            int start = line;
            List<String> fields = new ArrayList<>(1);
            boolean firstQuoted = false;
            boolean blank = true;
            // one record: fields until a line break outside quotes, or the end
            while (true) {
                StringBuilder field = new StringBuilder();
                while (c == ' ' || c == '\t') {
                    field.append((char) c);
                    c = read();
                }
                boolean quoted = c == '"';
                if (quoted) {
                    blank = false;
                    field.setLength(0);
                    c = read();
                    while (true) {
                        if (c == EOF) {
                            throw bad(start, "a quoted field is not closed");
                        }
                        if (c == '"') {
                            c = read();
                            if (c == '"') {
                                field.append('"');
                                c = read();
                                continue;
                            }
                            break;
                        }
                        field.append((char) c);
                        c = read();
                    }
                    while (c == ' ' || c == '\t') {
                        c = read();
                    }
                    if (c != ',' && !isBreak(c) && c != EOF) {
                        throw bad(line, "unexpected character '" + printable(c)
                                + "' after a closing quote; a quote inside a quoted field is written twice (\"\")");
                    }
                } else {
                    while (c != ',' && !isBreak(c) && c != EOF) {
                        if (c == '"') {
                            throw bad(line, "a quote inside an unquoted field; quote the whole field and write the"
                                    + " quote twice (\"\")");
                        }
                        field.append((char) c);
                        c = read();
                    }
                }
                String value = quoted ? field.toString() : trim(field);
                if (!value.isEmpty() || c == ',') {
                    blank = false;
                }
                if (fields.isEmpty()) {
                    firstQuoted = quoted;
                }
                fields.add(value);
                if (c == ',') {
                    c = read();
                    continue;
                }
                break;
            }
            if (!blank) {
                sink.accept(new FirstField(fields.get(0), start, firstQuoted));
            }
            if (isBreak(c)) {
                c = afterBreak(c);
            }
        }
    }

    /**
     * The next character as it is; counts lines ({@code \n}, {@code \r\n} and a lone {@code \r}
     * each end one).
     */
    private int read() throws IOException {
        int c;
        if (pending != NONE) {
            c = pending;
            pending = NONE;
        } else {
            c = next();
        }
        if (c == '\n') {
            line++;
        } else if (c == '\r') {
            pending = next();
            if (pending != '\n') {
                line++;
            }
        }
        return c;
    }

    /** After a line break character outside quotes: the character after the whole break. */
    private int afterBreak(int c) throws IOException {
        int next = read();
        return c == '\r' && next == '\n' ? read() : next;
    }

    private static boolean isBreak(int c) {
        return c == '\n' || c == '\r';
    }

    private int next() throws IOException {
        try {
            return in.read();
        } catch (CharacterCodingException e) {
            throw bad(line, "the text is not UTF-8");
        }
    }

    private static String trim(StringBuilder field) {
        int from = 0;
        int to = field.length();
        while (from < to && (field.charAt(from) == ' ' || field.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (field.charAt(to - 1) == ' ' || field.charAt(to - 1) == '\t')) {
            to--;
        }
        return field.substring(from, to);
    }

    private static String printable(int c) {
        return c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c);
    }

    /**
     * {@code value} as one CSV field: quoted (quotes doubled) when it holds a comma, a quote or a
     * line break, or starts or ends with a space or tab (which reading would trim otherwise).
     */
    public static String field(String value) {
        boolean quote = !value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(0) == '\t'
                || value.charAt(value.length() - 1) == ' ' || value.charAt(value.length() - 1) == '\t'
                || value.charAt(0) == '\uFEFF');
        for (int i = 0; i < value.length() && !quote; i++) {
            char ch = value.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** {@code line} of a record, for errors found after it was read. */
    public static SegmentsException bad(int line, String message) {
        return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "CSV line " + line + ": " + message);
    }
}

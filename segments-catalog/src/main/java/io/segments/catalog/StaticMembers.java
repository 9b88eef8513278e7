package io.segments.catalog;

import io.segments.catalog.internal.Csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The member list of a static segment read from an uploaded CSV file.
 *
 * <ul>
 *   <li>The first column is the user id; other columns are ignored.</li>
 *   <li>The first record is a header, and skipped, when its first field is {@code userId} or
 *       {@code user_id} (in any letter case).</li>
 *   <li>Fields follow RFC 4180: a field in double quotes may hold commas, line breaks and doubled
 *       quotes ({@code ""}) and is taken exactly; an unquoted field is trimmed of spaces and tabs.
 *       Line ends may be {@code \n}, {@code \r\n} or {@code \r}; a leading byte-order mark is
 *       skipped; blank lines are ignored.</li>
 *   <li>Duplicate ids are removed (the first occurrence is kept).</li>
 *   <li>A malformed record (an unclosed quote, a quote inside an unquoted field, text after a
 *       closing quote) or an empty user id fails with {@code invalid_request} and a message that
 *       starts with {@code CSV line N:}, N counted from 1. Bytes that are not UTF-8 fail likewise.</li>
 * </ul>
 */
public final class StaticMembers {
    private StaticMembers() {
    }

    /** The distinct user ids of UTF-8 CSV bytes, in file order. */
    public static List<String> fromCsv(InputStream csv) {
        return fromCsv(new InputStreamReader(csv, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The distinct user ids of CSV text, in file order. */
    public static List<String> fromCsv(Reader csv) {
        Set<String> ids = new LinkedHashSet<>();
        boolean[] first = {true};
        try {
            Csv.firstFields(csv, field -> {
                boolean header = first[0] && isHeader(field.value());
                first[0] = false;
                if (header) {
                    return;
                }
                if (field.value().isEmpty()) {
                    throw Csv.bad(field.line(), "the user id (first column) is empty");
                }
                ids.add(field.value());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("reading the CSV upload failed: " + e.getMessage(), e);
        }
        return new ArrayList<>(ids);
    }

    /** The column header written by {@link SegmentQueries#writeMembersCsv} and recognised here. */
    public static final String HEADER = "userId";

    private static boolean isHeader(String field) {
        String lower = field.toLowerCase(Locale.ROOT);
        return lower.equals("userid") || lower.equals("user_id");
    }
}

package io.segments.catalog;

import io.segments.model.SegmentsException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StaticMembersTest {
    private static List<String> read(String csv) {
        return StaticMembers.fromCsv(new StringReader(csv));
    }

    private static SegmentsException bad(String csv) {
        try {
            List<String> ids = read(csv);
            throw new AssertionError("expected an error, read " + ids);
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            return e;
        }
    }

    @Test
    void theFirstColumnIsTheUserId() {
        assertThat(read("u1,ann@example.com,IN\nu2,bob@example.com\nu3\n")).containsExactly("u1", "u2", "u3");
    }

    @Test
    void aHeaderIsSkippedInAnyCase() {
        assertThat(read("userId,email\nu1,x\n")).containsExactly("u1");
        assertThat(read("user_id\nu1\n")).containsExactly("u1");
        assertThat(read("USERID\nu1\n")).containsExactly("u1");
        assertThat(read("\"userId\"\nu1\n")).containsExactly("u1");
        assertThat(read("\n\n  userId  \nu1\n")).containsExactly("u1");
    }

    @Test
    void onlyTheFirstRecordCanBeAHeader() {
        assertThat(read("u1\nuserId\n")).containsExactly("u1", "userId");
        assertThat(read("id\nu1\n")).containsExactly("id", "u1");
    }

    @Test
    void blankLinesAreIgnoredAndEveryLineEndIsAccepted() {
        assertThat(read("\n\nu1\r\n\r\n   \r\nu2\ru3\n\t\n")).containsExactly("u1", "u2", "u3");
        assertThat(read("u1")).containsExactly("u1");
        assertThat(read("")).isEmpty();
        assertThat(read("userId\n")).isEmpty();
    }

    @Test
    void duplicatesAreRemovedKeepingTheFirst() {
        assertThat(read("b\na\nb\n\"a\"\nc\n")).containsExactly("b", "a", "c");
    }

    @Test
    void unquotedFieldsAreTrimmedQuotedOnesKeptExactly() {
        assertThat(read("  u1 \t,x\n\" u2 \"\n  \"u3\"  ,y\n")).containsExactly("u1", " u2 ", "u3");
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        assertThat(read("\"a,b\",x\n\"say \"\"hi\"\"\"\n\"two\nlines\",z\n\"\"\"\"\n"))
                .containsExactly("a,b", "say \"hi\"", "two\nlines", "\"");
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] bom = "\uFEFFuserId\nu1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(StaticMembers.fromCsv(new ByteArrayInputStream(bom))).containsExactly("u1");
    }

    @Test
    void anEmptyUserIdIsABadLine() {
        assertThat(bad("u1\n,x\n").getMessage()).startsWith("CSV line 2: ").contains("empty");
        assertThat(bad("u1\n\nu2\n\"\"\n").getMessage()).startsWith("CSV line 4: ");
        assertThat(bad("userId\n  ,\n").getMessage()).startsWith("CSV line 2: ");
    }

    @Test
    void malformedQuotingIsABadLineNamingWhereTheRecordStarts() {
        assertThat(bad("u1\n\"open\nstill open\n").getMessage()).startsWith("CSV line 2: ").contains("not closed");
        assertThat(bad("u1\nu2\"x\n").getMessage()).startsWith("CSV line 2: ").contains("quote");
        assertThat(bad("u1\r\nu2\r\n\"a\"b\r\n").getMessage()).startsWith("CSV line 3: ")
                .contains("after a closing quote");
        assertThat(bad("\"multi\nline\",\"ok\"\nfine\nx,\"y\"z\n").getMessage()).startsWith("CSV line 4: ");
        assertThat(bad("u1,ok\nu2,bad\"field\n").getMessage()).startsWith("CSV line 2: ");
    }

    @Test
    void bytesThatAreNotUtf8AreABadLine() {
        byte[] latin1 = "u1\nu2\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        SegmentsException e;
        try {
            StaticMembers.fromCsv(new ByteArrayInputStream(latin1));
            throw new AssertionError("expected an error");
        } catch (SegmentsException thrown) {
            e = thrown;
        }
        assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith("CSV line 3: ").contains("UTF-8");
    }

    /** Any text either reads or fails with invalid_request naming a line; never another exception. */
    @Property(tries = 2000)
    void anyTextReadsOrFailsWithALine(@ForAll("csvLike") String text) {
        try {
            List<String> ids = read(text);
            assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
        } catch (SegmentsException e) {
            assertThat(e.code()).isEqualTo(SegmentsException.Code.INVALID_REQUEST);
            assertThat(e.getMessage()).matches("(?s)CSV line [1-9][0-9]*: .+");
        }
    }

    /** Ids written as CSV fields, one per line, read back as the same ids. */
    @Property(tries = 500)
    void writtenIdsReadBack(@ForAll("ids") List<String> ids) {
        StringBuilder csv = new StringBuilder("userId\n");
        for (String id : ids) {
            csv.append(io.segments.catalog.internal.Csv.field(id)).append(ids.size() % 2 == 0 ? "\n" : "\r\n");
        }
        assertThat(read(csv.toString())).isEqualTo(new ArrayList<>(new LinkedHashSet<>(ids)));
    }

    @Provide
    Arbitrary<String> csvLike() {
        return Arbitraries.strings().withChars("ab ,\"\r\n\t\uFEFFé").ofMaxLength(30);
    }

    @Provide
    Arbitrary<List<String>> ids() {
        Arbitrary<String> id = Arbitraries.strings().withChars("ab ,\"\r\n\t\u00e9\uFEFF").ofMinLength(1)
                .ofMaxLength(8);
        return id.list().ofMaxSize(20);
    }
}

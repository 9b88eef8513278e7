package io.segments.datagen;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {

    private static Generator.Builder small(long seed) {
        return Generator.builder().users(800).days(45).seed(seed);
    }

    private static byte[] ndjson(Generator g) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        g.writeNdjson(out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        StringBuilder sb = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    @Test
    void sameSettingsGiveByteIdenticalOutput() throws Exception {
        byte[] first = ndjson(small(42).build());
        byte[] second = ndjson(small(42).build());
        assertThat(first.length).isGreaterThan(100_000);
        assertThat(sha256(second)).isEqualTo(sha256(first));
    }

    @Test
    void aGeneratorRunTwiceRepeatsItself() throws Exception {
        Generator g = small(5).order(Order.USER).build();
        assertThat(ndjson(g)).isEqualTo(ndjson(g));
    }

    @Test
    void differentSeedsGiveDifferentDataAndMessageIds() throws Exception {
        String a = new String(ndjson(small(1).build()), StandardCharsets.UTF_8);
        String b = new String(ndjson(small(2).build()), StandardCharsets.UTF_8);
        assertThat(a).isNotEqualTo(b);
        List<String> idsA = messageIds(a);
        List<String> idsB = messageIds(b);
        assertThat(Collections.disjoint(idsA, idsB)).as("message ids of two seeds overlap").isTrue();
    }

    @Test
    void bothOrdersProduceTheSameMessages() throws Exception {
        String byTime = new String(ndjson(small(9).order(Order.TIME).build()), StandardCharsets.UTF_8);
        String byUser = new String(ndjson(small(9).order(Order.USER).build()), StandardCharsets.UTF_8);
        assertThat(byTime).isNotEqualTo(byUser);
        List<String> a = new ArrayList<>(Arrays.asList(byTime.split("\n")));
        List<String> b = new ArrayList<>(Arrays.asList(byUser.split("\n")));
        Collections.sort(a);
        Collections.sort(b);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void theJsonCallbackSeesExactlyTheLinesWritten() throws Exception {
        Generator g = small(3).days(20).build();
        String written = new String(ndjson(g), StandardCharsets.UTF_8);
        StringBuilder seen = new StringBuilder();
        GenerationSummary summary = g.forEachJson((bytes, offset, length) ->
                seen.append(new String(bytes, offset, length, StandardCharsets.UTF_8)).append('\n'));
        assertThat(seen.toString()).isEqualTo(written);
        assertThat(summary.bytes()).isEqualTo(written.getBytes(StandardCharsets.UTF_8).length);
        assertThat(summary.messages()).isEqualTo(written.lines().count());
    }

    @Test
    void theEndFixesThePeriodInWholeUtcDays() {
        Generator g = small(1).build();
        assertThat(g.end()).isEqualTo(Generator.DEFAULT_END);
        assertThat(g.start()).isEqualTo(Generator.DEFAULT_END.minusSeconds(45L * 86_400));
        Generator later = small(1).end(Instant.parse("2027-03-10T15:30:00Z")).build();
        assertThat(later.start()).isEqualTo(Instant.parse("2027-01-25T00:00:00Z"));
    }

    private static List<String> messageIds(String ndjson) {
        List<String> ids = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            int at = line.indexOf("\"messageId\":\"") + 13;
            ids.add(line.substring(at, line.indexOf('"', at)));
        }
        return ids;
    }
}

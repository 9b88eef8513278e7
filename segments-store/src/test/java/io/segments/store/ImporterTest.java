package io.segments.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImporterTest {
    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = Store.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Records what the importer reports. */
    static final class Recorder implements Importer.Listener {
        final List<Importer.Progress> progress = new ArrayList<>();
        final List<Importer.BadLine> badLines = new ArrayList<>();

        @Override
        public void progress(Importer.Progress p) {
            progress.add(p);
        }

        @Override
        public void badLine(Importer.BadLine b) {
            badLines.add(b);
        }
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndSkipped() throws Exception {
        String ndjson = "\uFEFF{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"A\",\"messageId\":\"m1\"}\n"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\n"
                + "\n"
                + "   \n"
                + "{\"type\":\"track\",\"event\":\"A\"}\n"
                + "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}\r\n"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"B\"} trailing\n"
                + "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"C\",\"timestamp\":\"soon\"}\n"
                + "{\"type\":\"page\",\"userId\":\"u2\",\"name\":\"Home\"}";
        Path file = dir.resolve("messages.ndjson");
        Files.writeString(file, ndjson, StandardCharsets.UTF_8);
        Recorder recorder = new Recorder();

        Importer.Result result = new Importer(store.ingestor()).importFile(file, recorder);

        assertThat(result.lines()).isEqualTo(9);
        assertThat(result.messagesStored()).isEqualTo(3);
        assertThat(result.badLines()).isEqualTo(4);
        assertThat(result.firstBadLines()).extracting(Importer.BadLine::line).containsExactly(2L, 5L, 7L, 8L);
        assertThat(result.firstBadLines()).extracting(Importer.BadLine::path)
                .containsExactly(null, "$.userId", null, "$.timestamp");
        assertThat(result.firstBadLines().get(0).message()).startsWith("not valid JSON");
        assertThat(result.firstBadLines().get(2).message()).startsWith("not valid JSON");
        assertThat(recorder.badLines).isEqualTo(result.firstBadLines());
        Importer.Progress last = recorder.progress.get(recorder.progress.size() - 1);
        assertThat(last).isEqualTo(new Importer.Progress(9, Files.size(file), Files.size(file), 3, 4));
        assertThat(Tables.eventsOf(store, "u1")).extracting(e -> e.split("@")[0]).containsExactly("A");
        assertThat(store.profile("u1").orElseThrow().traits()).containsEntry("plan", "pro");
        assertThat(Tables.eventsOf(store, "u2")).extracting(e -> e.split("@")[0]).containsExactly("Page Viewed");
    }

    @Test
    void largeInputsGoInBatchesWithGrowingProgressAndReimportingStoresNothingTwice() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 25_000;
        for (int i = 0; i < lines; i++) {
            out.writeBytes(("{\"type\":\"track\",\"userId\":\"u" + (i % 500) + "\",\"event\":\"E\",\"messageId\":\"m" + i
                    + "\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"properties\":{\"i\":" + i + "}}\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        Recorder recorder = new Recorder();
        Importer importer = new Importer(store.ingestor(), 1_000, 3);

        Importer.Result result = importer.importStream(new ByteArrayInputStream(bytes), bytes.length, recorder);

        assertThat(result).isEqualTo(new Importer.Result(lines, lines, 0, List.of()));
        assertThat(recorder.progress).hasSizeGreaterThanOrEqualTo(lines / 1_000);
        for (int i = 1; i < recorder.progress.size(); i++) {
            Importer.Progress before = recorder.progress.get(i - 1);
            Importer.Progress after = recorder.progress.get(i);
            assertThat(after.lines()).isGreaterThanOrEqualTo(before.lines());
            assertThat(after.bytesRead()).isGreaterThanOrEqualTo(before.bytesRead());
            assertThat(after.messagesStored()).isGreaterThanOrEqualTo(before.messagesStored());
            assertThat(after.bytesTotal()).isEqualTo(bytes.length);
        }
        assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(lines);
        assertThat(Tables.count(store, "SELECT sum((" + Tables.property(store, "events", "i") + ")::BIGINT) FROM events"))
                .isEqualTo((long) lines * (lines - 1) / 2);
        assertThat(Tables.count(store, "SELECT count(*) FROM events_recent")).as("sorted at the end of the import").isZero();

        importer.importStream(new ByteArrayInputStream(bytes), -1, new Importer.Listener() { });
        assertThat(Tables.count(store, "SELECT count(*) FROM events")).isEqualTo(lines);
        assertThat(store.ingestor().stats().duplicatesDropped()).isEqualTo(lines);
    }

    @Test
    void aLineLongerThanTheLimitIsABadLineAndTheNextLinesStillLoad() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Before\"}\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Huge\",\"properties\":{\"x\":\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes("y".repeat(Importer.MAX_LINE_BYTES).getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\"}}\n{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"After\"}\n".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();

        Importer.Result result = new Importer(store.ingestor()).importStream(new ByteArrayInputStream(bytes), bytes.length,
                new Importer.Listener() { });

        assertThat(result.lines()).isEqualTo(3);
        assertThat(result.firstBadLines()).extracting(Importer.BadLine::line).containsExactly(2L);
        assertThat(result.firstBadLines().get(0).message()).contains("longer than");
        assertThat(Tables.eventsOf(store, "u1")).extracting(e -> e.split("@")[0]).containsExactlyInAnyOrder("Before", "After");
    }
}

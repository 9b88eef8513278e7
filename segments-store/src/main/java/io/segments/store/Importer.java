package io.segments.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.segments.model.SegmentsException;
import io.segments.store.internal.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Bulk loading of NDJSON: one message per line, in the form {@link MessageParser} reads. A line that is
 * not valid JSON or not a valid message is reported with its number and skipped; blank lines are
 * ignored; the other lines go through the {@link Ingestor} in large batches, several in flight while
 * the next ones are parsed. Messages without a {@code timestamp} get the time the import started.
 * Importing a file twice stores its messages once, except those without a {@code messageId} and, when the file holds
 * more messages than the deduplication window ({@link Ingestor}), those that left the window.
 */
public final class Importer {
    /** Lines longer than this are bad lines (the same limit as an HTTP ingestion request). */
    public static final int MAX_LINE_BYTES = 4 << 20;

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int KEPT_BAD_LINES = 100;

    private final Ingestor ingestor;
    private final MessageParser parser = MessageParser.forImport(); // timestamps as written: see forImport
    private final int batchSize;
    private final int maxInFlight;

    /** Progress so far: lines read, bytes read of {@code bytesTotal} (-1 when unknown), messages stored, bad lines. */
    public record Progress(long lines, long bytesRead, long bytesTotal, long messagesStored, long badLines) {
    }

    /** A skipped line: its number (from 1), what is wrong, and where in the message (null for invalid JSON). */
    public record BadLine(long line, String message, String path) {
    }

    /** The outcome: lines read, messages stored (duplicates of stored messageIds included), bad lines and the first of them. */
    public record Result(long lines, long messagesStored, long badLines, List<BadLine> firstBadLines) {
        public Result {
            firstBadLines = List.copyOf(firstBadLines);
        }
    }

    /** Called on the importing thread. */
    public interface Listener {
        default void progress(Progress progress) {
        }

        default void badLine(BadLine badLine) {
        }
    }

    public Importer(Ingestor ingestor) {
        this(ingestor, 10_000, 4);
    }

    public Importer(Ingestor ingestor, int batchSize, int maxInFlight) {
        this.ingestor = requireNonNull(ingestor, "ingestor is null");
        if (batchSize < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("batchSize and maxInFlight must be positive");
        }
        this.batchSize = batchSize;
        this.maxInFlight = maxInFlight;
    }

    public Result importFile(Path file, Listener listener) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importStream(in, Files.size(file), listener);
        }
    }

    /**
     * Imports every line of {@code in} (not closed here); returns when everything stored is durable and the
     * events are in the sorted table ({@link Ingestor#sortEvents()}).
     * A storage failure ends the import with a {@link StoreException}; what was acknowledged before stays.
     */
    public Result importStream(InputStream in, long bytesTotal, Listener listener) throws IOException {
        requireNonNull(in, "in is null");
        requireNonNull(listener, "listener is null");
        long receivedAt = System.currentTimeMillis();
        LineReader lines = new LineReader(in);
        AtomicLong stored = new AtomicLong();
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        List<BadLine> firstBad = new ArrayList<>();
        List<Message> batch = new ArrayList<>(batchSize);
        long lineNumber = 0;
        long bad = 0;
        byte[] line;
        while ((line = lines.next()) != null) {
            lineNumber++;
            BadLine problem = null;
            if (lines.tooLong()) {
                problem = new BadLine(lineNumber, "line is longer than " + MAX_LINE_BYTES + " bytes", null);
            } else if (!isBlank(line, lines.length())) {
                try {
                    JsonNode node = READER.readTree(line, 0, lines.length());
                    batch.add(parser.parse(node, null, receivedAt, "$"));
                } catch (JsonProcessingException e) {
                    problem = new BadLine(lineNumber, "not valid JSON: " + e.getOriginalMessage(), null);
                } catch (SegmentsException e) {
                    problem = new BadLine(lineNumber, e.getMessage(), e.path().orElse(null));
                }
            }
            if (problem != null) {
                bad++;
                if (firstBad.size() < KEPT_BAD_LINES) {
                    firstBad.add(problem);
                }
                listener.badLine(problem);
            }
            if (batch.size() >= batchSize) {
                submit(batch, stored, inFlight);
                batch = new ArrayList<>(batchSize);
                listener.progress(new Progress(lineNumber, lines.bytesRead(), bytesTotal, stored.get(), bad));
            }
        }
        if (!batch.isEmpty()) {
            submit(batch, stored, inFlight);
        }
        while (!inFlight.isEmpty()) {
            await(inFlight.poll());
        }
        // the last events loaded join the sorted table too (the writer moves them by itself every million)
        await(ingestor.sortEvents());
        listener.progress(new Progress(lineNumber, lines.bytesRead(), bytesTotal, stored.get(), bad));
        return new Result(lineNumber, stored.get(), bad, firstBad);
    }

    private void submit(List<Message> batch, AtomicLong stored, ArrayDeque<CompletableFuture<Void>> inFlight) {
        int size = batch.size();
        inFlight.add(ingestor.submit(batch).thenRun(() -> stored.addAndGet(size)));
        while (inFlight.size() > maxInFlight) {
            await(inFlight.poll());
        }
    }

    private static void await(CompletableFuture<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("import interrupted");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("import failed: " + cause, cause);
        }
    }

    private static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Splits a byte stream at '\n' (dropping a trailing '\r' and a leading UTF-8 byte order mark). */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private long bytesRead;
        private byte[] line = new byte[1024];
        private int length;
        private boolean tooLong;
        private boolean first = true;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line (valid up to {@link #length()}), or null at the end. */
        byte[] next() throws IOException {
            length = 0;
            tooLong = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                    bytesRead += limit;
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                append(start, position - start);
                if (position < limit) {
                    position++; // the '\n'
                    break;
                }
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            if (first) {
                first = false;
                if (length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                    System.arraycopy(line, 3, line, 0, length - 3);
                    length -= 3;
                }
            }
            return line;
        }

        private void append(int start, int count) {
            if (tooLong || count == 0) {
                return;
            }
            if (length + count > MAX_LINE_BYTES) {
                tooLong = true;
                length = 0;
                return;
            }
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(length + count, line.length * 2));
            }
            System.arraycopy(buffer, start, line, length, count);
            length += count;
        }

        int length() {
            return length;
        }

        boolean tooLong() {
            return tooLong;
        }

        long bytesRead() {
            return bytesRead;
        }
    }
}

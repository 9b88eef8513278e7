package io.segments.server.internal;

import io.segments.store.Importer;
import io.segments.store.Store;
import io.segments.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code segments import FILE}: loads an NDJSON file ({@code -} for standard input) into the store of the data
 * directory with a progress bar on standard error and a summary on standard output. The store can be open in
 * one process only: when a server holds it, this says so and shows the {@code POST /api/import} call to use.
 */
public final class ImportCommand {
    private static final int BAD_LINES_SHOWN = 20;

    private ImportCommand() {
    }

    /**
     * Runs the import, remembering the messageIds of the last {@code dedupWindow} messages stored (so that importing a
     * file of at most that many messages again stores nothing twice); answers the process exit status.
     */
    public static int run(Path dataDir, long dedupWindow, String fileArgument, PrintStream out, PrintStream err) {
        boolean stdin = fileArgument.equals("-");
        Path file = stdin ? null : Path.of(fileArgument);
        if (!stdin && !Files.isRegularFile(file)) {
            err.println("segments: cannot import " + fileArgument + ": no such file");
            return 1;
        }
        if (!stdin && !Files.isReadable(file)) {
            err.println("segments: cannot import " + fileArgument + ": not readable");
            return 1;
        }
        Store store;
        try {
            store = Store.open(dataDir, dedupWindow);
        } catch (StoreException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                err.println(inUseMessage(dataDir, fileArgument));
                return 1;
            }
            throw e;
        }
        try (store) {
            return load(store, file, fileArgument, out, err);
        } catch (IOException e) {
            err.println("segments: reading " + fileArgument + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int load(Store store, Path file, String name, PrintStream out, PrintStream err) throws IOException {
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        long total = file == null ? -1 : Files.size(file);
        List<Importer.BadLine> shown = new ArrayList<>();
        Importer.Listener listener = new Importer.Listener() {
            @Override
            public void progress(Importer.Progress p) {
                bar.update(p.bytesRead(), total, p.lines(), p.badLines());
            }

            @Override
            public void badLine(Importer.BadLine badLine) {
                if (shown.size() < BAD_LINES_SHOWN) {
                    shown.add(badLine);
                }
            }
        };
        Importer.Result result;
        Importer importer = new Importer(store.ingestor());
        if (file == null) {
            result = importer.importStream(System.in, -1, listener);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                result = importer.importStream(in, total, listener);
            }
        }
        bar.finish(total, total, result.lines(), result.badLines());
        double seconds = bar.elapsedSeconds();
        out.printf(Locale.ROOT, "imported %s: %,d lines, %,d messages stored, %,d bad lines in %.1f s (%,.0f lines/s)%n",
                name, result.lines(), result.messagesStored(), result.badLines(), seconds,
                result.lines() / Math.max(seconds, 1e-3));
        for (Importer.BadLine bad : shown) {
            out.println("  line " + bad.line() + ": " + bad.message() + (bad.path() == null ? "" : " at " + bad.path()));
        }
        if (result.badLines() > shown.size()) {
            out.printf(Locale.ROOT, "  ... and %,d more bad lines%n", result.badLines() - shown.size());
        }
        out.flush();
        return 0;
    }

    private static String inUseMessage(Path dataDir, String file) {
        String url = ServerFile.read(dataDir).orElse("http://HOST:PORT");
        return "segments: the data directory " + dataDir.toAbsolutePath().normalize()
                + " is in use, most likely by a running server (the store can be open in one process only).\n"
                + "Import through that server instead:\n"
                + "  curl -X POST -H 'Authorization: Bearer <admin key>' --data-binary @" + file + " "
                + url + "/api/import\n"
                + "then follow the job with GET " + url + "/api/imports/<id>, or stop the server and run this again.";
    }
}

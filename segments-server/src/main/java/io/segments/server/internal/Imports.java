package io.segments.server.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.segments.model.SegmentsException;
import io.segments.store.Importer;
import io.segments.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Bulk import over HTTP: {@code POST /api/import} takes an NDJSON body (one message per line), keeps it in a
 * file under the data directory's {@code imports/} and answers 202 with a job; jobs run one at a time in the
 * background through the store's {@link Importer}. {@code GET /api/imports/{id}} shows a job's state and counts,
 * {@code GET /api/imports} all jobs of this run, newest first. Jobs live in memory: a restart forgets them
 * (what they stored stays).
 */
public final class Imports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Imports.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_JOBS_KEPT = 1000;
    /** Bad lines a job reports in full; the count covers all of them. */
    private static final int KEPT_BAD_LINES = 100;

    private final Store store;
    private final Path directory;
    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "segments-import");
        t.setDaemon(true);
        return t;
    });

    public Imports(Store store, Path dataDir) {
        this.store = requireNonNull(store, "store is null");
        this.directory = dataDir.resolve("imports");
        removeLeftovers();
    }

    public void register(Javalin app) {
        app.post("/api/import", this::create);
        app.get("/api/imports", ctx -> ctx.json(Map.of("imports", list())));
        app.get("/api/imports/{id}", ctx -> ctx.json(find(ctx.pathParam("id")).view()));
    }

    private void create(Context ctx) throws IOException {
        String id = newId();
        Files.createDirectories(directory);
        Path file = directory.resolve(id + ".ndjson");
        long bytes;
        try (OutputStream out = Files.newOutputStream(file)) {
            bytes = Bodies.copy(ctx, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        ImportJob job = new ImportJob(id, bytes);
        prune();
        jobs.put(id, job);
        runner.execute(() -> run(job, file));
        ctx.status(202).json(job.view());
    }

    private void run(ImportJob job, Path file) {
        job.started();
        try {
            Importer.Result result = new Importer(store.ingestor()).importFile(file, new Importer.Listener() {
                @Override
                public void progress(Importer.Progress progress) {
                    job.progress(progress);
                }

                @Override
                public void badLine(Importer.BadLine badLine) {
                    job.badLine(badLine);
                }
            });
            job.succeeded(result);
        } catch (Exception e) {
            LOG.error("import {} failed", job.id(), e);
            job.failed(e instanceof SegmentsException || e instanceof IOException ? e.getMessage()
                    : "the import stopped on an internal error; the server log has the details");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete the import file {}", file, e);
            }
        }
    }

    private ImportJob find(String id) {
        ImportJob job = jobs.get(id);
        if (job == null) {
            throw new SegmentsException(SegmentsException.Code.NOT_FOUND, "no import with id '" + id + "'");
        }
        return job;
    }

    private List<Map<String, Object>> list() {
        List<ImportJob> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing(ImportJob::createdAt).reversed());
        List<Map<String, Object>> views = new ArrayList<>(all.size());
        for (ImportJob job : all) {
            views.add(job.view());
        }
        return views;
    }

    /** Forgets the oldest finished jobs beyond {@link #MAX_JOBS_KEPT}. */
    private void prune() {
        if (jobs.size() < MAX_JOBS_KEPT) {
            return;
        }
        jobs.values().stream()
                .filter(ImportJob::finished)
                .sorted(Comparator.comparing(ImportJob::createdAt))
                .limit(jobs.size() - MAX_JOBS_KEPT + 1L)
                .forEach(j -> jobs.remove(j.id()));
    }

    private void removeLeftovers() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "imp_*.ndjson")) {
            for (Path f : files) {
                LOG.warn("removing {}: an import that did not finish before the server stopped", f);
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the imports directory " + directory, e);
        }
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("imp_");
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** Stops the running import (what it stored so far stays) and drops the queued ones. */
    @Override
    public void close() {
        runner.shutdownNow();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("an import did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One import: its state and counts, updated by the import thread, read by requests. */
    private static final class ImportJob {
        private final String id;
        private final long bytesTotal;
        private final Instant createdAt = Instant.now();
        private String state = "queued";
        private Instant startedAt;
        private Instant finishedAt;
        private Importer.Progress progress;
        private Importer.Result result;
        private final List<Importer.BadLine> firstBadLines = new ArrayList<>();
        private String error;

        ImportJob(String id, long bytesTotal) {
            this.id = id;
            this.bytesTotal = bytesTotal;
        }

        String id() {
            return id;
        }

        Instant createdAt() {
            return createdAt;
        }

        synchronized boolean finished() {
            return finishedAt != null;
        }

        synchronized void started() {
            state = "running";
            startedAt = Instant.now();
        }

        synchronized void progress(Importer.Progress p) {
            progress = p;
        }

        synchronized void badLine(Importer.BadLine b) {
            if (firstBadLines.size() < KEPT_BAD_LINES) {
                firstBadLines.add(b);
            }
        }

        synchronized void succeeded(Importer.Result r) {
            result = r;
            state = "succeeded";
            finishedAt = Instant.now();
        }

        synchronized void failed(String message) {
            error = message;
            state = "failed";
            finishedAt = Instant.now();
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", id);
            v.put("state", state);
            v.put("createdAt", createdAt.toString());
            v.put("startedAt", startedAt == null ? null : startedAt.toString());
            v.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            v.put("bytesTotal", bytesTotal);
            if (result != null) {
                v.put("bytesRead", bytesTotal);
                v.put("lines", result.lines());
                v.put("messagesStored", result.messagesStored());
                v.put("badLines", result.badLines());
            } else {
                v.put("bytesRead", progress == null ? 0 : progress.bytesRead());
                v.put("lines", progress == null ? 0 : progress.lines());
                v.put("messagesStored", progress == null ? 0 : progress.messagesStored());
                v.put("badLines", progress == null ? firstBadLines.size() : Math.max(progress.badLines(), firstBadLines.size()));
            }
            List<Map<String, Object>> bad = new ArrayList<>(firstBadLines.size());
            for (Importer.BadLine b : firstBadLines) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("line", b.line());
                line.put("message", b.message());
                if (b.path() != null) {
                    line.put("path", b.path());
                }
                bad.add(line);
            }
            v.put("firstBadLines", bad);
            if (error != null) {
                v.put("error", error);
            }
            return v;
        }
    }
}

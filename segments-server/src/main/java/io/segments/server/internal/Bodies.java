package io.segments.server.internal;

import io.javalin.http.Context;
import io.segments.model.SegmentsException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies with a size limit. The limit is checked against {@code Content-Length} before anything
 * is read and against the bytes actually received (chunked bodies, lying lengths) and, for
 * {@code Content-Encoding: gzip}, against the decoded bytes too.
 */
public final class Bodies {
    /** The largest ingestion body: 4 MiB. */
    public static final int MAX_INGEST_BYTES = 4 * 1024 * 1024;

    private Bodies() {
    }

    /** The whole decoded body, at most {@code limit} bytes, else {@code payload_too_large}. */
    public static byte[] readLimited(Context ctx, int limit) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        try (InputStream in = decoded(ctx, new LimitedInputStream(ctx.req().getInputStream(), limit))) {
            copy(in, out, limit);
        } catch (ZipException e) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the body is declared gzip-encoded but is not valid gzip: " + e.getMessage(), "$");
        }
        return out.toByteArray();
    }

    /** Copies the decoded body to {@code out} without a size limit; answers the number of bytes received. */
    public static long copy(Context ctx, OutputStream out) throws IOException {
        try (InputStream in = decoded(ctx, ctx.req().getInputStream())) {
            return copy(in, out, Long.MAX_VALUE);
        } catch (ZipException e) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "the body is declared gzip-encoded but is not valid gzip: " + e.getMessage(), "$");
        }
    }

    private static InputStream decoded(Context ctx, InputStream raw) throws IOException {
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
            return new GZIPInputStream(raw, 65536);
        }
        throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                "unsupported Content-Encoding '" + encoding + "': send identity or gzip");
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    static SegmentsException tooLarge(long limit) {
        return new SegmentsException(SegmentsException.Code.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + (limit / (1024 * 1024)) + " MiB"
                        + (limit == MAX_INGEST_BYTES ? "; split it into smaller batches" : ""));
    }

    /** Fails as soon as more than {@code limit} raw bytes arrive. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++count > limit) {
                throw tooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw tooLarge(limit);
                }
            }
            return n;
        }
    }
}

package io.segments.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.segments.campaigns.DeliveryConfig;
import io.segments.datagen.Generator;
import io.segments.server.SegmentsServer;
import io.segments.server.ServerConfig;
import io.segments.store.Importer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole product as a user meets it: a real {@link SegmentsServer} in this JVM on a free port, with a fresh data
 * directory under {@code target/e2e-data}, fixed keys, a generated e-commerce data set ending now, and email
 * delivered over SMTP to an in-process GreenMail server. Started once for all browser tests.
 *
 * <p>Counts of relative windows move as time passes: an event that is 7 days and 1 second old leaves "the last 7
 * days" a second later. So that what the browser shows and what the API answers a moment later agree, the data set
 * ends {@link #QUIET_END} before the start and holds no event within {@link #QUIET_EDGE} after any window edge the
 * tests use (7, 10, 30 and 90 days back): for that long, every count the tests look at stays put.
 */
final class Product implements AutoCloseable {
    static final String WRITE_KEY = "wk_e2e_write_key";
    static final String ADMIN_KEY = "ak_e2e_admin_key";
    static final int USERS = 300;
    static final int DAYS = 100;
    static final String MAIL_FROM = "Segments <news@segments.test>";
    /** Nothing happened in the last 75 minutes: no sequence wait (1 hour, 10 minutes) ends during the tests. */
    static final Duration QUIET_END = Duration.ofMinutes(75);
    /** How long every window edge stays clear of events, from the start on. */
    static final Duration QUIET_EDGE = Duration.ofMinutes(20);
    private static final List<Duration> WINDOW_EDGES = List.of(
            Duration.ofDays(7), Duration.ofDays(10), Duration.ofDays(30), Duration.ofDays(90));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dataDir;
    private final GreenMail mail;
    private final SegmentsServer server;
    private final Api api;
    private final long messagesLoaded;

    private Product(Path dataDir, GreenMail mail, SegmentsServer server, long messagesLoaded) {
        this.dataDir = dataDir;
        this.mail = mail;
        this.server = server;
        this.api = new Api(server.uri(), ADMIN_KEY);
        this.messagesLoaded = messagesLoaded;
    }

    /** Starts the SMTP server and the Segments server, then loads the data set. */
    static Product start() {
        Path dataDir = newDirectory("e2e-data", "server");
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        SegmentsServer server = null;
        try {
            // the same settings an operator gives as environment variables
            DeliveryConfig delivery = DeliveryConfig.fromEnvironment(Map.of(
                    "SEGMENTS_EMAIL_PROVIDER", "smtp",
                    "SEGMENTS_SMTP_HOST", mail.getSmtp().getBindTo(),
                    "SEGMENTS_SMTP_PORT", Integer.toString(mail.getSmtp().getPort()),
                    "SEGMENTS_SMTP_TLS", "none",
                    "SEGMENTS_SMTP_FROM", MAIL_FROM,
                    "SEGMENTS_EMAIL_RATE", "500"));
            server = SegmentsServer.start(ServerConfig.of(dataDir, 0).withHost("127.0.0.1")
                    .withWriteKey(WRITE_KEY).withAdminKey(ADMIN_KEY), delivery);
            long loaded = load(server, Instant.now());
            return new Product(dataDir, mail, server, loaded);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                server.close();
            }
            mail.stop();
            throw e;
        }
    }

    /** Generates the data set ending {@link #QUIET_END} before {@code now} and imports it into the server's store. */
    private static long load(SegmentsServer server, Instant now) {
        Generator generator = Generator.builder().users(USERS).days(DAYS).eventsPerUser(60).seed(20261128)
                .end(now.minus(QUIET_END).truncatedTo(ChronoUnit.SECONDS)).build();
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream(1 << 22);
        generator.forEachJson((bytes, offset, length) -> {
            if (keep(bytes, offset, length, now)) {
                ndjson.write(bytes, offset, length);
                ndjson.write('\n');
            }
        });
        try {
            Importer.Result result = new Importer(server.store().ingestor())
                    .importStream(new ByteArrayInputStream(ndjson.toByteArray()), ndjson.size(), new Importer.Listener() {
                    });
            if (result.badLines() > 0) {
                throw new AssertionError("the store rejected generated messages, the first: " + result.firstBadLines());
            }
            return result.messagesStored();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every profile update, and every event not within {@link #QUIET_EDGE} after a window edge. */
    private static boolean keep(byte[] bytes, int offset, int length, Instant now) {
        JsonNode message;
        try {
            message = MAPPER.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!message.path("type").asText().equals("track")) {
            return true;
        }
        Instant at = Instant.parse(message.get("timestamp").asText());
        for (Duration edge : WINDOW_EDGES) {
            Instant from = now.minus(edge).minusSeconds(60);
            if (!at.isBefore(from) && at.isBefore(from.plus(QUIET_EDGE))) {
                return false;
            }
        }
        return true;
    }

    URI uri() {
        return server.uri();
    }

    /** The one-time sign-in link the server prints at start. */
    URI signInLink() {
        return server.signInLink();
    }

    Api api() {
        return api;
    }

    GreenMail mail() {
        return mail;
    }

    long messagesLoaded() {
        return messagesLoaded;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            mail.stop();
            deleteRecursively(dataDir);
        }
    }

    /** Where the tests write: {@code target/} of this module. */
    static Path target() {
        return Path.of(System.getProperty("segments.e2e.target", "target"));
    }

    /** A new directory under {@code target/<parent>}. */
    static Path newDirectory(String parent, String prefix) {
        try {
            Path dir = Files.createDirectories(target().resolve(parent));
            return Files.createTempDirectory(dir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}

package io.segments.campaigns.internal;

import io.segments.campaigns.DeliveryKey;
import io.segments.campaigns.Message;
import io.segments.campaigns.Recipient;
import io.segments.campaigns.SendResult;
import io.segments.model.Channel;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxProviderTest {
    @TempDir
    Path outbox;

    @Test
    void anEmailIsACompleteMessageFileWithTheDeliveryMessageId() throws Exception {
        OutboxProvider provider = new OutboxProvider(outbox, Channel.EMAIL);
        DeliveryKey key = new DeliveryKey("cmp_1", "u1");
        SendResult r = provider.send(new Message.Email("Hello Ann", Optional.of("<p>Hi</p>"), Optional.of("Hi")),
                Recipient.of("ann@example.com"), key);
        assertThat(r).isEqualTo(new SendResult.Accepted("cmp_1/u1.email.eml"));
        MimeMessage m;
        try (InputStream in = Files.newInputStream(outbox.resolve("cmp_1/u1.email.eml"))) {
            m = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(m.getSubject()).isEqualTo("Hello Ann");
        assertThat(m.getMessageID()).isEqualTo("<" + key.idempotencyKey() + "@outbox.segments>");
        assertThat(m.getHeader(MimeMessages.CAMPAIGN_HEADER, null)).isEqualTo("cmp_1");
        assertThat(m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString()).isEqualTo("ann@example.com");
        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Hi");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Hi</p>");
    }

    @Test
    void aSecondSendOfTheSameDeliveryChangesNothing() throws Exception {
        OutboxProvider provider = new OutboxProvider(outbox, Channel.SMS);
        DeliveryKey key = new DeliveryKey("c", "u");
        SendResult first = provider.send(new Message.Sms("first"), Recipient.of("+4915112345678"), key);
        byte[] written = Files.readAllBytes(outbox.resolve("c/u.sms.txt"));
        SendResult second = provider.send(new Message.Sms("second"), Recipient.of("+4915112345678"), key);
        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(outbox.resolve("c/u.sms.txt"))).isEqualTo(written);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("To: +4915112345678\nCampaign: c\nUser: u\n"
                + "Idempotency-Key: " + key.idempotencyKey() + "\n\nfirst\n");
    }

    @Test
    void concurrentSendsOfOneDeliveryLeaveOneWholeFileAndNoTemporaryFiles() throws Exception {
        OutboxProvider provider = new OutboxProvider(outbox, Channel.PUSH);
        DeliveryKey key = new DeliveryKey("c", "u");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<SendResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = "body " + i + " " + "x".repeat(10_000);
                tasks.add(() -> provider.send(new Message.Push("T", body, Optional.empty()),
                        new Recipient(List.of("tok-a", "tok-b")), key));
            }
            for (Future<SendResult> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isEqualTo(new SendResult.Accepted("c/u.push.txt"));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(outbox.resolve("c"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("u.push.txt");
        }
        String text = Files.readString(outbox.resolve("c/u.push.txt"));
        assertThat(text).startsWith("To: tok-a, tok-b\n").contains("Title: T\n").matches("(?s).*\nbody \\d+ x{10000}\n");
    }

    @Test
    void anyIdMakesASafeFileNameInsideTheOutbox() {
        assertThat(OutboxProvider.fileName(new DeliveryKey("../../etc", "/passwd"), Channel.SMS))
                .isEqualTo("%2E.%2F..%2Fetc/%2Fpasswd.sms.txt");
        assertThat(OutboxProvider.fileName(new DeliveryKey("c", "ann@example.com"), Channel.EMAIL))
                .isEqualTo("c/ann%40example.com.email.eml");
        assertThat(OutboxProvider.fileName(new DeliveryKey("c", "Zoë .x"), Channel.PUSH))
                .isEqualTo("c/Zo%C3%AB%20.x.push.txt");
        String longName = OutboxProvider.fileName(new DeliveryKey("c", "u".repeat(1000)), Channel.PUSH);
        assertThat(longName.length()).isLessThan(200);
        assertThat(longName).isNotEqualTo(OutboxProvider.fileName(new DeliveryKey("c", "u".repeat(1001)), Channel.PUSH));
        OutboxProvider provider = new OutboxProvider(outbox, Channel.SMS);
        SendResult r = provider.send(new Message.Sms("x"), Recipient.of("+4915112345678"), new DeliveryKey("..", ".."));
        assertThat(r).isInstanceOf(SendResult.Accepted.class);
        assertThat(Files.exists(outbox.resolve("%2E./%2E..sms.txt"))).isTrue();
    }
}

package io.segments.campaigns.internal;

import io.segments.campaigns.ChannelProvider;
import io.segments.campaigns.DeliveryKey;
import io.segments.campaigns.Message;
import io.segments.campaigns.Recipient;
import io.segments.campaigns.SendResult;
import io.segments.model.Channel;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The embedded default provider: one readable file per message under the outbox directory,
 * {@code <campaign>/<user>.<channel>.eml} for email (a complete RFC 5322 message) and
 * {@code <campaign>/<user>.<channel>.txt} for SMS and push (a few header lines, a blank line and the
 * text). Names keep {@code A-Z a-z 0-9 _ - .} and percent-encode every other UTF-8 byte (a leading dot
 * too), so any id makes a safe file name; a very long id is cut and ends in {@code ~} and a digest.
 *
 * <p>A file is written to a temporary name, synced, and linked to its final name, which fails if
 * that name exists: the file appears whole or not at all, and a repeat of a delivery finds the
 * file and changes nothing. The provider message id is the file's path relative to the outbox.
 */
public final class OutboxProvider implements ChannelProvider {
    /** The sender of outbox emails. */
    public static final String FROM = "Segments <campaigns@outbox.segments>";

    /** Longer encoded ids are cut and end in {@code ~} and a digest of the whole id, to fit file name limits. */
    private static final int MAX_NAME = 180;

    private final Path root;
    private final Channel channel;
    private final Session session = Session.getInstance(new Properties());
    private final InternetAddress from;

    public OutboxProvider(Path root, Channel channel) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath();
        this.channel = requireNonNull(channel, "channel is null");
        try {
            this.from = new InternetAddress(FROM, true);
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public String describe() {
        return "outbox " + root;
    }

    /** The relative path of a delivery's file. */
    public static String fileName(DeliveryKey key, Channel channel) {
        return encode(key.campaignId()) + "/" + encode(key.userId()) + "." + channel.json()
                + (channel == Channel.EMAIL ? ".eml" : ".txt");
    }

    @Override
    public SendResult send(Message message, Recipient recipient, DeliveryKey key) {
        if (message.channel() != channel) {
            throw new IllegalArgumentException("this outbox takes " + channel.json() + ", not " + message.channel().json());
        }
        String relative = fileName(key, channel);
        Path target = root.resolve(relative);
        if (Files.exists(target)) {
            return new SendResult.Accepted(relative);
        }
        byte[] content;
        try {
            content = content(message, recipient, key);
        } catch (MessagingException | IOException e) {
            return new SendResult.Rejected("cannot write the message: " + e.getMessage(), false);
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap(content));
                    out.force(true);
                }
                publish(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            return new SendResult.Accepted(relative);
        } catch (FileAlreadyExistsException e) {
            return new SendResult.Accepted(relative);
        } catch (IOException e) {
            return new SendResult.Rejected("cannot write " + target + ": " + e, true);
        }
    }

    /** Makes {@code temp} visible as {@code target} in one step, failing if {@code target} exists. */
    private static void publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (UnsupportedOperationException e) {
            Files.move(temp, target);
        }
    }

    private byte[] content(Message message, Recipient recipient, DeliveryKey key) throws MessagingException, IOException {
        if (message instanceof Message.Email email) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MimeMessages.build(session, email, from, recipient.address(), key).writeTo(out);
            return out.toByteArray();
        }
        StringBuilder text = new StringBuilder();
        text.append("To: ").append(recipient.display()).append('\n');
        text.append("Campaign: ").append(key.campaignId()).append('\n');
        text.append("User: ").append(key.userId()).append('\n');
        text.append("Idempotency-Key: ").append(key.idempotencyKey()).append('\n');
        if (message instanceof Message.Push push) {
            text.append("Title: ").append(push.title()).append('\n');
            push.deepLink().ifPresent(l -> text.append("Deep-Link: ").append(l).append('\n'));
            text.append('\n').append(push.body()).append('\n');
        } else {
            text.append('\n').append(((Message.Sms) message).text()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String encode(String id) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.' && i > 0;
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        if (out.length() == 0) {
            return "%";
        }
        if (out.length() > MAX_NAME) {
            String digest = new DeliveryKey(id, "").idempotencyKey().substring(4);
            return out.substring(0, MAX_NAME - digest.length() - 1) + "~" + digest;
        }
        return out.toString();
    }
}

package io.segments.campaigns.internal;

import io.segments.campaigns.DeliveryKey;
import io.segments.campaigns.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Builds the MIME form of a rendered email: {@code From}, {@code To}, {@code Subject} (UTF-8),
 * a {@code Message-ID} derived from the delivery key, an {@code X-Segments-Campaign} header, and
 * a text part, an HTML part or both as {@code multipart/alternative} (text first, as RFC 2046 asks).
 */
public final class MimeMessages {
    /** The header naming the campaign a message belongs to. */
    public static final String CAMPAIGN_HEADER = "X-Segments-Campaign";

    private MimeMessages() {
    }

    /** {@code <KEY@DOMAIN>}, DOMAIN taken from the sender address: the same for every send of one delivery. */
    public static String messageId(DeliveryKey key, InternetAddress from) {
        String address = from.getAddress();
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return "<" + key.idempotencyKey() + "@" + domain + ">";
    }

    public static MimeMessage build(Session session, Message.Email email, InternetAddress from, String to,
                                    DeliveryKey key) throws MessagingException {
        MimeMessage m = new FixedIdMessage(session, messageId(key, from));
        m.setFrom(from);
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader(CAMPAIGN_HEADER, key.campaignId());
        if (email.html().isPresent() && email.text().isPresent()) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(email.text().get(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(email.html().get(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
        } else if (email.html().isPresent()) {
            m.setText(email.html().get(), StandardCharsets.UTF_8.name(), "html");
        } else {
            m.setText(email.text().orElseThrow(), StandardCharsets.UTF_8.name(), "plain");
        }
        m.saveChanges();
        return m;
    }

    /** A message whose Message-ID is given rather than made up at {@code saveChanges()}. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}

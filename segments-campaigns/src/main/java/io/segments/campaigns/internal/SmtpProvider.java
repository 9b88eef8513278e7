package io.segments.campaigns.internal;

import io.segments.campaigns.ChannelProvider;
import io.segments.campaigns.DeliveryKey;
import io.segments.campaigns.Message;
import io.segments.campaigns.ProviderConfig;
import io.segments.campaigns.Recipient;
import io.segments.campaigns.SendResult;
import io.segments.model.Channel;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import java.time.Duration;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Email over SMTP with Angus Mail. One connection is kept open and reused (sends are serialised
 * on it) and reopened after any failure. The {@code Message-ID} is derived from the delivery key,
 * so a repeat of the same delivery carries the same id and can be recognised downstream.
 *
 * <p>Failures: SMTP 4xx replies, timeouts and connection failures are retryable; 5xx replies
 * (a refused recipient or sender), failed authentication, a failed TLS handshake (an untrusted
 * certificate) and a missing STARTTLS are not.
 */
public final class SmtpProvider implements ChannelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpProvider.class);

    private final ProviderConfig.Smtp config;
    private final Session session;
    private final InternetAddress from;
    private Transport transport;

    public SmtpProvider(ProviderConfig.Smtp config, Duration timeout) {
        this.config = requireNonNull(config, "config is null");
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("the SMTP sender \"" + config.from() + "\" is not an address", e);
        }
        this.session = Session.getInstance(properties(config, timeout));
    }

    /** The Jakarta Mail session properties of a configuration. */
    static Properties properties(ProviderConfig.Smtp config, Duration timeout) {
        Properties p = new Properties();
        String ms = Long.toString(timeout.toMillis());
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", config.host());
        p.setProperty("mail.smtp.port", Integer.toString(config.port()));
        p.setProperty("mail.smtp.connectiontimeout", ms);
        p.setProperty("mail.smtp.timeout", ms);
        p.setProperty("mail.smtp.writetimeout", ms);
        p.setProperty("mail.smtp.auth", Boolean.toString(config.user().isPresent()));
        switch (config.tls()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                p.setProperty("mail.smtp.starttls.required", "true");
            }
            case TLS -> p.setProperty("mail.smtp.ssl.enable", "true");
            case NONE -> {
            }
        }
        if (config.trust().isPresent()) {
            p.setProperty("mail.smtp.ssl.trust", config.trust().get());
            p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        } else {
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String describe() {
        return "smtp " + config.host() + ":" + config.port() + " " + config.tls().json();
    }

    @Override
    public synchronized SendResult send(Message message, Recipient recipient, DeliveryKey key) {
        if (!(message instanceof Message.Email email)) {
            throw new IllegalArgumentException("the SMTP provider sends email, not " + message.channel().json());
        }
        MimeMessage mime;
        try {
            mime = MimeMessages.build(session, email, from, recipient.address(), key);
        } catch (MessagingException e) {
            return new SendResult.Rejected("cannot build the email to " + recipient.address() + ": " + e.getMessage(),
                    false);
        }
        try {
            Transport t = connected();
            t.sendMessage(mime, mime.getAllRecipients());
            return new SendResult.Accepted(mime.getMessageID());
        } catch (MessagingException e) {
            closeQuietly();
            return classify(e);
        }
    }

    private Transport connected() throws MessagingException {
        if (transport != null && transport.isConnected()) {
            return transport;
        }
        closeQuietly();
        Transport t = session.getTransport("smtp");
        if (config.user().isPresent()) {
            t.connect(config.user().get(), config.password().orElse(""));
        } else {
            t.connect();
        }
        transport = t;
        return t;
    }

    /** What a failure of Jakarta Mail means for a retry. */
    static SendResult.Rejected classify(MessagingException e) {
        for (Throwable x = e; x != null; x = x.getCause()) {
            if (x instanceof AuthenticationFailedException) {
                return new SendResult.Rejected("SMTP authentication failed: " + text(x), false);
            }
            int code = 0;
            if (x instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
            } else if (x instanceof SMTPSenderFailedException f) {
                code = f.getReturnCode();
            } else if (x instanceof SMTPSendFailedException f) {
                code = f.getReturnCode();
            }
            if (code > 0) {
                return new SendResult.Rejected("SMTP server replied " + text(x), code >= 400 && code < 500);
            }
            if (x instanceof SSLHandshakeException) {
                return new SendResult.Rejected("TLS handshake with the SMTP server failed: " + text(x), false);
            }
            if (x instanceof SocketTimeoutException) {
                return new SendResult.Rejected("SMTP server timed out: " + text(x), true);
            }
            if (x instanceof IOException) {
                return new SendResult.Rejected("SMTP connection failed: " + text(x), true);
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return new SendResult.Rejected("SMTP failure: " + text(e), false);
    }

    private static String text(Throwable x) {
        String m = x.getMessage();
        return m == null ? x.getClass().getSimpleName() : m.trim();
    }

    private void closeQuietly() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                LOG.debug("closing the SMTP connection failed", e);
            }
            transport = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}

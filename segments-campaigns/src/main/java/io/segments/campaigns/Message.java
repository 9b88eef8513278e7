package io.segments.campaigns;

import io.segments.model.Channel;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a campaign says, one form per channel. The texts of a campaign's message are templates
 * ({@code {{firstName | "there"}}}, see {@link CampaignTemplates}); a rendered message has the
 * same shape with every placeholder filled in.
 */
public sealed interface Message {
    /** The channel this form of message goes out on. */
    Channel channel();

    <R> R accept(Visitor<R> visitor);

    /** One method per form, so that a new form breaks every place that forgot it at compile time. */
    interface Visitor<R> {
        R email(Email email);

        R sms(Sms sms);

        R push(Push push);
    }

    /** An email: a subject and an HTML body, a text body or both (sent as multipart/alternative). */
    record Email(String subject, Optional<String> html, Optional<String> text) implements Message {
        public Email {
            requireNonNull(subject, "subject is null");
            requireNonNull(html, "html is null");
            requireNonNull(text, "text is null");
            if (html.isEmpty() && text.isEmpty()) {
                throw new IllegalArgumentException("an email needs an HTML body, a text body or both");
            }
        }

        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.email(this);
        }
    }

    /** A text message. */
    record Sms(String text) implements Message {
        public Sms {
            requireNonNull(text, "text is null");
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sms(this);
        }
    }

    /** A push notification: a title, a body and optionally a deep link the app opens. */
    record Push(String title, String body, Optional<String> deepLink) implements Message {
        public Push {
            requireNonNull(title, "title is null");
            requireNonNull(body, "body is null");
            requireNonNull(deepLink, "deepLink is null");
        }

        @Override
        public Channel channel() {
            return Channel.PUSH;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.push(this);
        }
    }
}

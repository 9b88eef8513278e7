package io.segments.campaigns.internal;

import io.segments.campaigns.Message;
import io.segments.campaigns.Rendering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A message whose texts are parsed templates, ready to render for many users. Each field keeps its
 * JSON path (for errors and for naming where a placeholder is missing) and its escaping: the email
 * subject as a header line, the HTML body as HTML, the deep link as a URL, everything else as it is.
 */
public final class CompiledMessage {
    private record Field(String path, Template template, Escape escape) {
    }

    private final Message source;
    private final List<Field> fields;

    private CompiledMessage(Message source, List<Field> fields) {
        this.source = source;
        this.fields = List.copyOf(fields);
    }

    /** Parses every text of {@code message}; the first syntax error is {@code invalid_request} at its path. */
    public static CompiledMessage compile(Message message, String basePath) {
        List<Field> fields = new ArrayList<>();
        message.accept(new Message.Visitor<Void>() {
            @Override
            public Void email(Message.Email email) {
                add("subject", email.subject(), Escape.HEADER);
                email.html().ifPresent(t -> add("html", t, Escape.HTML));
                email.text().ifPresent(t -> add("text", t, Escape.NONE));
                return null;
            }

            @Override
            public Void sms(Message.Sms sms) {
                add("text", sms.text(), Escape.NONE);
                return null;
            }

            @Override
            public Void push(Message.Push push) {
                add("title", push.title(), Escape.NONE);
                add("body", push.body(), Escape.NONE);
                push.deepLink().ifPresent(t -> add("deepLink", t, Escape.URL));
                return null;
            }

            private void add(String key, String text, Escape escape) {
                String path = basePath + "." + key;
                fields.add(new Field(path, Template.parse(text, path), escape));
            }
        });
        return new CompiledMessage(message, fields);
    }

    public Message source() {
        return source;
    }

    /** The trait names the message uses, in order of first use. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.addAll(f.template().names()));
        return names;
    }

    /** The message for one user's traits, or the first placeholder (in field order) without a value. */
    public Rendering render(Map<String, ?> traits) {
        for (Field f : fields) {
            Optional<String> missing = f.template().firstMissing(traits);
            if (missing.isPresent()) {
                return new Rendering.Missing(missing.get(), f.path());
            }
        }
        Map<String, String> out = new HashMap<>();
        for (Field f : fields) {
            out.put(f.path().substring(f.path().lastIndexOf('.') + 1), f.template().render(traits, f.escape()));
        }
        Message rendered = source.accept(new Message.Visitor<Message>() {
            @Override
            public Message email(Message.Email email) {
                return new Message.Email(out.get("subject"), Optional.ofNullable(out.get("html")),
                        Optional.ofNullable(out.get("text")));
            }

            @Override
            public Message sms(Message.Sms sms) {
                return new Message.Sms(out.get("text"));
            }

            @Override
            public Message push(Message.Push push) {
                return new Message.Push(out.get("title"), out.get("body"), Optional.ofNullable(out.get("deepLink")));
            }
        });
        return new Rendering.Rendered(rendered);
    }
}

package io.segments.campaigns.internal;

import io.segments.model.SegmentsException;
import io.segments.model.eval.Values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One parsed template text: literal text and placeholders.
 *
 * <pre>
 * template    := ( text | "\{{" | placeholder )*
 * placeholder := "{{" ws name ws ( "|" ws fallback ws )? "}}"
 * name        := part ( "." part )*          part := ( letter | digit | "_" | "-" | "$" )+
 * fallback    := '"' ( any character but '"' and '\' | '\"' | '\\' )* '"'
 * </pre>
 * {@code \{{} is a literal {@code {{}; a lone {@code }}} is literal text. A placeholder's value is the
 * trait its (dotted) name addresses, as {@link Values#lookup} finds it: a non-blank string as it is,
 * a number in plain decimal notation, a boolean as {@code true}/{@code false}. A missing, null or
 * blank value, an array or an object has no value: the fallback is used, and without a fallback the
 * placeholder is missing.
 */
public final class Template {
    /** A part of a template. */
    sealed interface Part permits Text, Placeholder {
    }

    record Text(String text) implements Part {
    }

    record Placeholder(String name, Optional<String> fallback) implements Part {
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Parses {@code source}; a syntax error is {@code invalid_request} at {@code path}, naming the character. */
    public static Template parse(String source, String path) {
        return new Parser(requireNonNull(source, "source is null"), requireNonNull(path, "path is null")).parse();
    }

    /** The trait names of the placeholders, in order of first use. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Placeholder ph) {
                names.add(ph.name());
            }
        }
        return names;
    }

    /** The name of the first placeholder that has neither a value in {@code traits} nor a fallback. */
    public Optional<String> firstMissing(Map<String, ?> traits) {
        for (Part p : parts) {
            if (p instanceof Placeholder ph && ph.fallback().isEmpty() && value(traits, ph.name()).isEmpty()) {
                return Optional.of(ph.name());
            }
        }
        return Optional.empty();
    }

    /**
     * The text with each placeholder replaced by its value or fallback, escaped by {@code escape};
     * literal text is kept as written. A missing placeholder is an error: check {@link #firstMissing} first.
     */
    public String render(Map<String, ?> traits, Escape escape) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                out.append(t.text());
            } else {
                Placeholder ph = (Placeholder) p;
                String value = value(traits, ph.name()).or(ph::fallback).orElseThrow(
                        () -> new IllegalStateException("placeholder " + ph.name() + " has no value"));
                out.append(escape.apply(value));
            }
        }
        return out.toString();
    }

    /** The text a trait value renders as; empty when it has none. */
    static Optional<String> value(Map<String, ?> traits, String name) {
        Optional<Object> v = Values.lookup(traits, name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Object x = v.get();
        if (x instanceof String s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s);
        }
        if (x instanceof Boolean b) {
            return Optional.of(b.toString());
        }
        return Values.number(x).map(BigDecimal::toPlainString);
    }

    private static final class Parser {
        private final String s;
        private final String path;
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private int i;

        Parser(String s, String path) {
            this.s = s;
            this.path = path;
        }

        Template parse() {
            while (i < s.length()) {
                if (s.startsWith("\\{{", i)) {
                    text.append("{{");
                    i += 3;
                } else if (s.startsWith("{{", i)) {
                    if (text.length() > 0) {
                        parts.add(new Text(text.toString()));
                        text.setLength(0);
                    }
                    parts.add(placeholder());
                } else {
                    text.append(s.charAt(i++));
                }
            }
            if (text.length() > 0) {
                parts.add(new Text(text.toString()));
            }
            return new Template(parts);
        }

        private Placeholder placeholder() {
            int start = i;
            i += 2;
            skipSpace();
            int nameStart = i;
            while (i < s.length() && isNameChar(s.charAt(i))) {
                i++;
            }
            String name = s.substring(nameStart, i);
            if (name.isEmpty()) {
                if (i >= s.length()) {
                    throw unclosed(start);
                }
                if (s.startsWith("}}", i)) {
                    throw error("empty placeholder at character " + (start + 1) + ": write a trait name, e.g. {{firstName}}");
                }
                throw error("unexpected " + quote(s.charAt(i)) + " at character " + (i + 1)
                        + ": a placeholder starts with a trait name, e.g. {{firstName}}");
            }
            for (String part : name.split("\\.", -1)) {
                if (part.isEmpty()) {
                    throw error("invalid trait name \"" + name + "\" at character " + (nameStart + 1)
                            + ": a dotted name has a non-empty part on each side of every dot");
                }
            }
            skipSpace();
            Optional<String> fallback = Optional.empty();
            if (i < s.length() && s.charAt(i) == '|') {
                i++;
                skipSpace();
                if (i >= s.length()) {
                    throw unclosed(start);
                }
                if (s.charAt(i) != '"') {
                    throw error("unexpected " + quote(s.charAt(i)) + " at character " + (i + 1)
                            + ": a fallback is a double-quoted string, e.g. {{firstName | \"there\"}}");
                }
                fallback = Optional.of(string());
                skipSpace();
            }
            if (i >= s.length()) {
                throw unclosed(start);
            }
            if (!s.startsWith("}}", i)) {
                throw error("unexpected " + quote(s.charAt(i)) + " at character " + (i + 1)
                        + " in the placeholder opened at character " + (start + 1) + ": expected '}}'"
                        + (fallback.isEmpty() ? " or '| \"fallback\"'" : ""));
            }
            i += 2;
            return new Placeholder(name, fallback);
        }

        private String string() {
            int open = i;
            i++;
            StringBuilder value = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    i++;
                    return value.toString();
                }
                if (c == '\\') {
                    if (i + 1 >= s.length()) {
                        break;
                    }
                    char next = s.charAt(i + 1);
                    if (next != '"' && next != '\\') {
                        throw error("unknown escape \\" + next + " at character " + (i + 1)
                                + " in a fallback: only \\\" and \\\\ are escapes");
                    }
                    value.append(next);
                    i += 2;
                } else {
                    value.append(c);
                    i++;
                }
            }
            throw error("unterminated fallback string opened at character " + (open + 1) + ": close it with '\"'");
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == '.';
        }

        private static String quote(char c) {
            return Character.isISOControl(c) ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }

        private SegmentsException unclosed(int start) {
            return error("unclosed placeholder: '{{' at character " + (start + 1) + " has no closing '}}'"
                    + " (write \\{{ for a literal '{{')");
        }

        private SegmentsException error(String message) {
            return new SegmentsException(SegmentsException.Code.INVALID_REQUEST, message, path);
        }
    }
}

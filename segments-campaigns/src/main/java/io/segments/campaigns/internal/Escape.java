package io.segments.campaigns.internal;

import java.nio.charset.StandardCharsets;

/** How a placeholder's value is written into the text around it. */
public enum Escape {
    /** As it is: text bodies, SMS, push title and body. */
    NONE {
        @Override
        public String apply(String value) {
            return value;
        }
    },
    /** HTML text: {@code & < > " '} become character references. */
    HTML {
        @Override
        public String apply(String value) {
            StringBuilder out = new StringBuilder(value.length() + 16);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    },
    /** A one-line header (the email subject): every control character, line breaks included, becomes a space. */
    HEADER {
        @Override
        public String apply(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                out.append(Character.isISOControl(c) ? ' ' : c);
            }
            return out.toString();
        }
    },
    /** A URL component (the deep link): UTF-8 percent-encoding of all but the unreserved {@code A-Z a-z 0-9 - . _ ~}. */
    URL {
        @Override
        public String apply(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                        || c == '-' || c == '.' || c == '_' || c == '~') {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
            return out.toString();
        }
    };

    public abstract String apply(String value);
}

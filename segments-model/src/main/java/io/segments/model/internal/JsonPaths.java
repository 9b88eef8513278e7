package io.segments.model.internal;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that errors carry: {@code $} for the document, {@code .key} for an
 * object member, {@code [i]} for an array element, and {@code ['odd key']} for a member whose
 * name is not a plain identifier.
 */
public final class JsonPaths {
    public static final String ROOT = "$";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private JsonPaths() {
    }

    public static String key(String path, String key) {
        if (PLAIN.matcher(key).matches()) {
            return path + "." + key;
        }
        StringBuilder quoted = new StringBuilder(path).append("['");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\'' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append("']").toString();
    }

    public static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A base path given by a caller must be a path this class could have built. */
    public static String checkBase(String basePath) {
        if (basePath == null || !basePath.startsWith(ROOT)) {
            throw new IllegalArgumentException("a base path starts with $: " + basePath);
        }
        return basePath;
    }
}

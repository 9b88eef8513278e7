package io.segments.campaigns;

import static java.util.Objects.requireNonNull;

/** A campaign message rendered for one user: the message, or the placeholder that has no value. */
public sealed interface Rendering {
    /** Every placeholder had a value or a fallback. */
    record Rendered(Message message) implements Rendering {
        public Rendered {
            requireNonNull(message, "message is null");
        }
    }

    /**
     * The placeholder {@code placeholder} in the text at {@code path} ({@code $.message.subject})
     * has neither a value nor a fallback: the user is skipped.
     */
    record Missing(String placeholder, String path) implements Rendering {
        public Missing {
            requireNonNull(placeholder, "placeholder is null");
            requireNonNull(path, "path is null");
        }

        /** {@code missing placeholder value: firstName}. */
        public String reason() {
            return SkipReason.MISSING_PLACEHOLDER.reason(placeholder);
        }
    }
}

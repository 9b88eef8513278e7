package io.segments.model.eval;

import io.segments.model.Channel;

import java.util.regex.Pattern;

/**
 * Whether a user can be reached on a channel.
 *
 * <ul>
 *   <li>{@code email}: trait {@code email} is a string matching {@link #EMAIL_REGEX} and trait
 *       {@code emailOptOut} is not the boolean {@code true};</li>
 *   <li>{@code sms}: trait {@code phone} is a string matching {@link #PHONE_REGEX} (E.164:
 *       {@code +}, then 7 to 15 digits, the first not 0) and {@code smsOptOut} is not {@code true};</li>
 *   <li>{@code push}: the profile has a non-empty push token, or trait {@code pushToken} is a
 *       non-empty string, and {@code pushOptOut} is not {@code true}.</li>
 * </ul>
 * Opt-outs follow the no-coercion rule: only the JSON boolean {@code true} opts out, the string
 * {@code "true"} does not. The two expressions are plain enough for SQL engines' regular
 * expression functions (RE2 and POSIX) to use them as they are, matched against the whole value.
 */
public final class Reachability {
    /**
     * A simple address rule: a local part of letters, digits and {@code !#$%&'*+/=?^_`{|}~-},
     * in dot-separated non-empty pieces; {@code @}; a domain of two or more dot-separated labels
     * of letters, digits and inner hyphens, the last of two or more letters.
     */
    public static final String EMAIL_REGEX = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,}";

    /** E.164: a plus sign, then 7 to 15 digits, the first not 0. */
    public static final String PHONE_REGEX = "\\+[1-9][0-9]{6,14}";

    private static final Pattern EMAIL = Pattern.compile(EMAIL_REGEX);
    private static final Pattern PHONE = Pattern.compile(PHONE_REGEX);

    private Reachability() {
    }

    public static boolean isReachable(Profile profile, Channel channel) {
        switch (channel) {
            case EMAIL:
                return isEmail(profile.traits().get("email")) && !isTrue(profile.traits().get("emailOptOut"));
            case SMS:
                return isPhone(profile.traits().get("phone")) && !isTrue(profile.traits().get("smsOptOut"));
            case PUSH:
                return hasPushToken(profile) && !isTrue(profile.traits().get("pushOptOut"));
            default:
                throw new IllegalStateException("channel without a rule: " + channel);
        }
    }

    /** A string that is a syntactically valid address by {@link #EMAIL_REGEX}. */
    public static boolean isEmail(Object value) {
        return value instanceof String s && EMAIL.matcher(s).matches();
    }

    /** A string that is an E.164 number by {@link #PHONE_REGEX}. */
    public static boolean isPhone(Object value) {
        return value instanceof String s && PHONE.matcher(s).matches();
    }

    /** A non-empty token among the profile's push tokens, or a non-empty string trait {@code pushToken}. */
    public static boolean hasPushToken(Profile profile) {
        return profile.pushTokens().stream().anyMatch(t -> !t.isEmpty())
                || profile.traits().get("pushToken") instanceof String s && !s.isEmpty();
    }

    private static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }
}

package io.segments.campaigns;

import io.segments.campaigns.internal.CompiledMessage;
import io.segments.model.eval.Profile;

import java.util.Map;
import java.util.Set;

/**
 * The template language of campaign messages.
 *
 * <p>{@code {{name}}} is replaced by the user's trait {@code name}; a dotted name
 * ({@code {{address.city}}}) addresses a nested trait. {@code {{name | "text"}}} falls back to
 * {@code text} when the trait has no value. Strings are inserted as they are, numbers in plain
 * decimal notation ({@code 3}, {@code 19.90}), booleans as {@code true}/{@code false}; a missing,
 * null or blank value, an array or an object has no value. A placeholder with no value and no
 * fallback skips the user with the reason {@code missing placeholder value: NAME}.
 *
 * <p>Values and fallbacks are escaped for where they land: HTML-escaped in the HTML body, line
 * breaks become spaces in the email subject, percent-encoded in a push deep link; the text body,
 * SMS and push texts take them as they are. {@code \{{} writes a literal {@code {{}.
 *
 * <p>A syntax error (an unclosed {@code {{}, an empty placeholder, a fallback that is not a
 * double-quoted string, ...) is an {@code invalid_request} error whose path names the text
 * ({@code $.message.subject}) and whose message names the character.
 */
public final class CampaignTemplates {
    /** Where a campaign's message sits in the campaign resource; error paths start here. */
    public static final String MESSAGE_PATH = "$.message";

    private CampaignTemplates() {
    }

    /** Checks the syntax of every text of {@code message}. */
    public static void check(Message message) {
        CompiledMessage.compile(message, MESSAGE_PATH);
    }

    /** The trait names the message's placeholders use, in order of first use. */
    public static Set<String> placeholders(Message message) {
        return CompiledMessage.compile(message, MESSAGE_PATH).placeholders();
    }

    /** Renders {@code message} for a user with {@code traits}. */
    public static Rendering render(Message message, Map<String, ?> traits) {
        return CompiledMessage.compile(message, MESSAGE_PATH).render(traits);
    }

    /** What {@code profile} would receive from {@code campaign}, without sending anything. */
    public static Rendering preview(Campaign campaign, Profile profile) {
        return render(campaign.message(), profile.traits());
    }
}

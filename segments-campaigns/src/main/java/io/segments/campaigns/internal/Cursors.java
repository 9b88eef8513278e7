package io.segments.campaigns.internal;

import io.segments.model.SegmentsException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code after} cursor of delivery pages: the last user id of a page, UTF-8 in URL-safe base64
 * without padding (the same form as the member pages of segments), opaque to clients.
 */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(String lastUserId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastUserId.getBytes(StandardCharsets.UTF_8));
    }

    /** The user id of a cursor; a text that no page could have returned is an {@code invalid_request}. */
    public static String decode(String cursor, String parameter) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            String id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (!id.isEmpty() && encode(id).equals(cursor)) {
                return id;
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            // reported below
        }
        String shown = cursor.length() <= 60 ? cursor : cursor.substring(0, 60) + "...";
        throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter " + parameter + ": \""
                + shown + "\" is not a cursor returned as \"next\" by a previous page");
    }
}
